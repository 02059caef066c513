"""A cluster of worker processes on 127.0.0.1: ports, TF_CONFIG, and starting, watching and always
stopping the workers.

    tf_config(ports, index)          the TF_CONFIG of one worker
    launch_workers(plan, workers)    start `python -m helpers.experiments.distributed.worker` processes,
                                     collect their results, stop them whatever happens
"""

from __future__ import annotations

from helpers import validation
from helpers.experiments.distributed.training import RunPlan, RunResult

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PACKAGE_ROOT = Path(__file__).resolve().parents[3]  # the folder that holds helpers/


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports on 127.0.0.1 that are free now (the system picks them)."""
    count = validation.positive_int("count", count)
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def tf_config(ports: list[int], index: int) -> dict:
    """TF_CONFIG of worker `index` in a cluster of workers on 127.0.0.1, one a port.

    Every worker gets the same cluster (the list of all workers' addresses) and its own task.
    Worker 0 is the chief: it does the extra jobs, such as writing checkpoints.
    """
    if isinstance(ports, (str, bytes)) or not hasattr(ports, "__len__") or not len(ports):
        raise ValueError(f"ports must be a non-empty list of port numbers; got {ports!r}")
    for p in ports:
        if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not 0 < p < 65536:
            raise ValueError(f"ports must hold port numbers between 1 and 65535; got {p!r}")
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(ports):
        raise ValueError(f"index must be a worker number from 0 to {len(ports) - 1}; got {index!r}")
    return {"cluster": {"worker": [f"127.0.0.1:{int(p)}" for p in ports]}, "task": {"type": "worker", "index": int(index)}}


class WorkerError(RuntimeError):
    """A worker process failed or the run took too long. `pids`: the processes, all stopped by now."""

    def __init__(self, message: str, pids: list[int]):
        super().__init__(message)
        self.pids = pids


@dataclass(frozen=True)
class MultiWorkerRun:
    """What launch_workers collected: each worker's RunResult, and the wall time from start to finish."""

    results: list[RunResult]
    wall_seconds: float
    pids: list[int]

    @property
    def chief(self) -> RunResult:
        return self.results[0]


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(processes: list[subprocess.Popen]) -> None:
    """Terminate every process still running, kill those that do not stop within 5 s, and reap all."""
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def launch_workers(
    plan: RunPlan = RunPlan(), workers: int = 2, *, timeout: float = 180.0, extra_args: dict[int, list[str]] | None = None
) -> MultiWorkerRun:
    """Run `python -m helpers.experiments.distributed.worker` as `workers` processes on 127.0.0.1, each with
    its own TF_CONFIG, training with MultiWorkerMirroredStrategy on the CPU; return their results.

    The processes are always stopped before this returns, also when a worker fails, the run
    takes longer than `timeout` seconds, or the caller is interrupted. A failure raises
    WorkerError with the end of the failing worker's log. extra_args: command-line arguments
    added for some workers, by index (to experiment, for example to make one worker fail).
    """
    validation.instance("plan", plan, RunPlan).validate()
    workers = validation.positive_int("workers", workers)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < float("inf"):
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}")
    extra_args = extra_args or {}
    if not isinstance(extra_args, dict) or any(not isinstance(k, int) or not 0 <= k < workers for k in extra_args):
        raise ValueError(f"extra_args must map worker numbers (0 to {workers - 1}) to lists of arguments; got {extra_args!r}")
    ports = free_ports(workers)
    processes: list[subprocess.Popen] = []
    logs = []
    with tempfile.TemporaryDirectory(prefix="tf_workers_") as folder:
        folder = Path(folder)
        start = time.perf_counter()
        try:
            for index in range(workers):
                # CUDA_VISIBLE_DEVICES="": the workers share one machine, and two processes on one GPU
                # would compete for its memory; on a real cluster each worker has its own devices.
                env = dict(
                    os.environ,
                    TF_CONFIG=json.dumps(tf_config(ports, index)),
                    CUDA_VISIBLE_DEVICES="",
                    PYTHONPATH=os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])),
                )
                command = [
                    sys.executable,
                    "-m",
                    "helpers.experiments.distributed.worker",
                    "--strategy",
                    "multi_worker",
                    "--out",
                    str(folder / f"worker{index}.json"),
                    *plan.arguments(),
                    *map(str, extra_args.get(index, [])),
                ]
                log = open(folder / f"worker{index}.log", "w", encoding="utf-8")
                logs.append(log)
                processes.append(
                    subprocess.Popen(
                        command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=str(PACKAGE_ROOT)
                    )
                )
            deadline = time.monotonic() + timeout
            while any(p.poll() is None for p in processes):
                failed = [i for i, p in enumerate(processes) if p.poll() not in (None, 0)]
                if failed:
                    i = failed[0]
                    raise WorkerError(
                        f"worker {i} exited with status {processes[i].returncode}; the end of its log:\n"
                        f"{_tail(folder / f'worker{i}.log')}",
                        [p.pid for p in processes],
                    )
                if time.monotonic() > deadline:
                    raise WorkerError(
                        f"the workers did not finish within {timeout:g} s; the end of worker 0's log:\n"
                        f"{_tail(folder / 'worker0.log')}",
                        [p.pid for p in processes],
                    )
                time.sleep(0.05)
            wall = time.perf_counter() - start
            failed = [i for i, p in enumerate(processes) if p.returncode != 0]
            if failed:
                i = failed[0]
                raise WorkerError(
                    f"worker {i} exited with status {processes[i].returncode}; the end of its log:\n"
                    f"{_tail(folder / f'worker{i}.log')}",
                    [p.pid for p in processes],
                )
            results = [RunResult.from_json((folder / f"worker{i}.json").read_text(encoding="utf-8")) for i in range(workers)]
        finally:
            _stop(processes)
            for log in logs:
                log.close()
    return MultiWorkerRun(results, wall, [p.pid for p in processes])
