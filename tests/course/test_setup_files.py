"""The set-up files agree: requirements.txt is the one source of versions, and the two
commands README promises are the ones the Makefile and CI run."""

import re
import tomllib
from importlib import metadata

import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from repo import ROOT


def requirements() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]


def pins() -> dict[str, str]:
    """Package name to pinned version, for the requirements that apply on this machine."""
    env = default_environment()
    return {r.name.lower(): str(r.specifier)[2:] for r in requirements() if r.marker is None or r.marker.evaluate(env)}


def test_every_requirement_is_pinned_exactly():
    for r in requirements():
        assert len(r.specifier) == 1 and str(r.specifier).startswith("=="), f"{r} is not pinned with =="


def test_the_issue_pins():
    versions = {r.name.lower(): str(r.specifier)[2:] for r in requirements()}
    assert versions["tensorflow"] == versions["tensorflow-cpu"] and versions["tensorflow"].startswith("2.21.")
    assert versions["keras"].startswith("3.")
    assert versions["jupyterlab"].startswith("4.")
    assert versions["ipywidgets"].startswith("8.")
    assert versions["nbval"].startswith("0.11.")
    assert {"matplotlib", "pytest", "scikit-learn", "nbstripout"} <= set(versions)


def test_tensorflow_markers_cover_every_platform_once():
    tf = [r for r in requirements() if r.name in ("tensorflow", "tensorflow-cpu")]
    for system, machine in [("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "arm64"), ("win32", "AMD64")]:
        env = {**default_environment(), "sys_platform": system, "platform_machine": machine}
        assert sum(r.marker.evaluate(env) for r in tf) == 1, (system, machine)


def test_installed_versions_match_the_pins():
    for name, version in pins().items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}"


def test_environment_yml_installs_from_requirements_txt():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "python=3.11" in conda
    assert pip_section == ["-r requirements.txt", "-e ."]
    # Anything conda installs itself must not be pinned differently in requirements.txt.
    pinned = {r.name.lower(): str(r.specifier)[2:] for r in requirements()}
    for dep in conda:
        name, _, version = dep.partition("=")
        if name.lower() in pinned:
            assert version.lstrip("=") == pinned[name.lower()], (
                f"environment.yml pins {dep}, requirements.txt {pinned[name.lower()]}"
            )


def test_pyproject_takes_dependencies_from_requirements_txt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["dynamic"] == ["dependencies"]
    assert project["tool"]["setuptools"]["dynamic"]["dependencies"]["file"] == ["requirements.txt"]


def test_readme_leads_with_the_two_commands_ci_and_makefile_run():
    readme = (ROOT / "README.md").read_text()
    first_commands = re.findall(r"make (lab|test)", readme)[:2]
    assert first_commands == ["lab", "test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    ci = [line for line in (ROOT / ".ci/run").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert ci[-1] == "make test"
