"""Record what each `nbval-check-output` cell prints, and store it in the cell's metadata.

Notebooks are stored without outputs, but nbval compares a cell's output only with a stored
one. So the expected text lives in the cell's metadata (`expected_outputs`), which students
never see, and conftest.py hands it to nbval before the run. Run this after changing such a
cell (`make record-outputs`, or with notebook paths as arguments); it executes each notebook
top to bottom, writes the expectations and leaves every output cell empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KEY = "expected_outputs"
CHECK_TAG = "nbval-check-output"


def comparable(output: dict) -> dict | None:
    """The part of an output nbval compares for this course: stdout text and plain-text values."""
    if output["output_type"] == "stream" and output["name"] == "stdout":
        return {"output_type": "stream", "name": "stdout", "text": output["text"]}
    if output["output_type"] == "execute_result" and "text/plain" in output["data"]:
        return {
            "output_type": "execute_result",
            "data": {"text/plain": output["data"]["text/plain"]},
            "metadata": {},
            "execution_count": 1,
        }
    return None


def coalesced(outputs: list[dict]) -> list[dict]:
    """Consecutive stdout chunks as one, as nbval compares them (a busy kernel splits a print)."""
    merged: list[dict] = []
    for output in outputs:
        if merged and output["output_type"] == "stream" and merged[-1]["output_type"] == "stream":
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + output["text"]}
        else:
            merged.append(output)
    return merged


def record(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    recorded = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK_TAG in cell.metadata.get("tags", []):
            cell.metadata[KEY] = coalesced([o for o in map(comparable, cell.outputs) if o is not None])
            recorded += 1
        else:
            cell.metadata.pop(KEY, None)
        cell.outputs = []
        cell.execution_count = None
        cell.metadata.pop("execution", None)  # nbclient's timestamps
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return recorded


def main(paths: list[str]) -> None:
    notebooks = [Path(p) for p in paths] or sorted(Path("notebooks").glob("*.ipynb"))
    for path in notebooks:
        print(f"{path}: recorded {record(path)} checked cells", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
