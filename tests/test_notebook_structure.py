"""Every notebook follows the house structure of notebooks/00_template.ipynb (docs/notebook_cells.md).

Headings: an H1 ``# NN · Title`` in the first cell, ``## Data and provenance``, a ``parameters`` cell before the
first numbered section, numbered sections or "Going further" sections, then the closing sections in order.
Tags: a notebook that uses the report tags (report, teaching, validation) gives every cell exactly one of them.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TEMPLATE = next(path for path in NOTEBOOKS if path.name.startswith("00_"))
OPENING = "Data and provenance"
CLOSING = ["How far can we trust this step?", "Discussion", "Exercises", "Solutions"]
SECTION = re.compile(r"^(\d+)(\.|\s·)\s+\S|^Going further\b")
KINDS = {"report", "teaching", "validation"}
# Course notebooks whose opening states goals, prerequisites, time and core vs going further.
COURSE_OPENING = ["**You will learn**", "**Prerequisites.**", "**Time.**", "**Core and going further.**"]


def headings(notebook: nbformat.NotebookNode) -> list[tuple[int, int, str]]:
    """``(cell index, level, text)`` of every Markdown heading outside fenced code."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.strip().startswith("```"):
                fenced = not fenced
            match = None if fenced else re.match(r"^(#{1,6})\s+(.+?)\s*$", line)
            if match:
                found.append((index, len(match.group(1)), match.group(2)))
    return found


def structure_problems(notebook: nbformat.NotebookNode, stem: str) -> list[str]:
    """What in ``notebook`` departs from the house structure (empty: none)."""
    problems = []
    heads = headings(notebook)
    first = [h for h in heads if h[0] == 0 and h[1] == 1]
    if not first or not re.match(rf"^{stem[:2]} · \S", first[0][2]):
        problems.append(f"the first cell must open with '# {stem[:2]} · Title'")
    level_two = [(index, text) for index, level, text in heads if level == 2]
    names = [text for _index, text in level_two]
    expected = [OPENING] + CLOSING
    positions = [names.index(name) if name in names else -1 for name in expected]
    for name, position in zip(expected, positions):
        if position < 0:
            problems.append(f"missing '## {name}'")
    present = [p for p in positions if p >= 0]
    if present != sorted(present):
        problems.append("the sections must come in the order: " + ", ".join(expected))
    if positions[0] >= 0 and positions[1] >= 0:
        for text in names[positions[0] + 1:positions[1]]:
            if not SECTION.match(text):
                problems.append(f"'## {text}': sections between the opening and the closing are numbered "
                                "('## 1. ...' or '## 1 · ...') or 'Going further: ...'")
    parameters = [i for i, cell in enumerate(notebook.cells) if "parameters" in cell.metadata.get("tags", [])]
    if len(parameters) != 1 or notebook.cells[parameters[0]].cell_type != "code":
        problems.append("exactly one code cell tagged 'parameters'")
    elif positions[0] >= 0:
        opening_cell = level_two[positions[0]][0]
        sections = [index for index, text in level_two if SECTION.match(text)]
        if not opening_cell < parameters[0] < (sections[0] if sections else len(notebook.cells)):
            problems.append("the parameters cell comes after 'Data and provenance' and before the first section")
    return problems


def tag_problems(notebook: nbformat.NotebookNode) -> list[str]:
    """Cells of a tagged notebook without exactly one kind, and solutions not hidden."""
    problems = []
    for index, cell in enumerate(notebook.cells):
        tags = set(cell.metadata.get("tags", []))
        if len(tags & KINDS) != 1:
            problems.append(f"cell {index}: exactly one of {sorted(KINDS)} (has {sorted(tags)})")
        if "solution" in tags and not cell.metadata.get("jupyter", {}).get("source_hidden"):
            problems.append(f"cell {index}: a solution is hidden (metadata jupyter.source_hidden)")
        if tags & {"exercise", "solution"} and "teaching" not in tags:
            problems.append(f"cell {index}: exercises and solutions are teaching cells")
    return problems


def uses_tags(notebook: nbformat.NotebookNode) -> bool:
    return any(set(cell.metadata.get("tags", [])) & KINDS for cell in notebook.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_headings_follow_the_template(path):
    assert structure_problems(nbformat.read(path, as_version=4), path.stem) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_tagged_notebooks_tag_every_cell(path):
    notebook = nbformat.read(path, as_version=4)
    if not uses_tags(notebook):
        pytest.skip("not tagged yet: every cell is kept in a report")
    assert tag_problems(notebook) == []


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in {"00", "01", "03", "05", "06"}], ids=lambda p: p.stem)
def test_course_notebooks_state_goals_prerequisites_time_and_core(path):
    opening = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells[:3])
    assert [item for item in COURSE_OPENING if item not in opening] == []


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name[:2] in {"01", "03", "05", "06"}], ids=lambda p: p.stem)
def test_course_notebooks_have_starters_and_hidden_solutions(path):
    cells = nbformat.read(path, as_version=4).cells
    starters = [c for c in cells if c.cell_type == "code" and "exercise" in c.metadata.get("tags", [])]
    solutions = [c for c in cells if c.cell_type == "code" and "solution" in c.metadata.get("tags", [])]
    assert starters and solutions
    assert any("seeds/new_zealand_flag_consideration.txt" in c.source or "wikinews_en.jsonl" in c.source
               for c in starters), "an exercise on a new article"


def test_the_template_is_checked_by_its_own_rules():
    notebook = nbformat.read(TEMPLATE, as_version=4)
    assert structure_problems(notebook, TEMPLATE.stem) == [] and tag_problems(notebook) == []


def test_a_notebook_out_of_order_is_caught():
    notebook = nbformat.read(TEMPLATE, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if "## Discussion" not in cell.source]
    notebook.cells.append(nbformat.v4.new_markdown_cell("## Discussion\n\nLate."))
    notebook.cells.insert(7, nbformat.v4.new_markdown_cell("## Unnumbered section"))
    problems = structure_problems(notebook, TEMPLATE.stem)
    assert any("order" in p for p in problems) and any("Unnumbered" in p for p in problems)
