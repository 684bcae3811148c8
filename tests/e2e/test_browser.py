"""A real browser on the two things readers open: a notebook in JupyterLab and the HTML report.

The notebook is opened as a fresh clone shows it: untrusted, so JupyterLab sanitises its
HTML outputs; the highlighted article must still show its ``<mark>`` spans legibly and the
quote table must render. The report from ``python -m helpers report`` is opened from disk;
every link on its index must open a page with content. Screenshots go to e2e-artifacts/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.lab import JupyterLab

SEED = ROOT / "seeds" / "israel_hamas_ceasefire_talks.txt"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

# Every <mark> under `scope`: its text, colours and box, as the browser computed them.
MARKS_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' mark')).map(m => {
  const style = getComputedStyle(m), box = m.getBoundingClientRect();
  let bg = style.backgroundColor, node = m;
  while ((bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') && node.parentElement) {
    node = node.parentElement; bg = getComputedStyle(node).backgroundColor;
  }
  const sub = m.querySelector('sub');
  return {text: m.innerText, label: m.getAttribute('title') || (sub ? sub.innerText.trim() : ''), color: style.color, background: style.backgroundColor, behind: bg,
          width: box.width, height: box.height, visibility: style.visibility, display: style.display,
          opacity: parseFloat(style.opacity), fontSize: parseFloat(style.fontSize)};
})"""

TABLES_JS = """(scope) => Array.from(document.querySelectorAll(scope + ' table')).map(t => ({
  header: Array.from(t.querySelectorAll('thead th, thead td')).map(c => c.innerText.trim().toLowerCase()),
  rows: Array.from(t.querySelectorAll('tbody tr')).map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.innerText.trim())),
  width: t.getBoundingClientRect().width,
}))"""

LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => ({
  href: a.getAttribute('href'), url: a.href, text: a.innerText.trim()}))"""


def _rgb(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0) if len(numbers) >= 3 else (0, 0, 0, 0)


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS colours (1 to 21)."""
    lighter, darker = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def check_marks_legible(marks: list[dict], where: str) -> None:
    """Every mark is shown, has text, a visible background and text readable on it (WCAG AA, 4.5:1)."""
    for mark in marks:
        label = f"{where}: <mark> {mark['text'][:40]!r}"
        assert mark["text"].strip(), f"{label} is empty"
        assert mark["display"] != "none" and mark["visibility"] != "hidden" and mark["opacity"] > 0.5, f"{label} is hidden"
        assert mark["width"] > 0 and mark["height"] > 0, f"{label} has no size"
        assert mark["fontSize"] >= 8, f"{label} is too small to read ({mark['fontSize']} px)"
        assert _rgb(mark["background"])[3] > 0, f"{label} lost its background: the highlight is invisible"
        assert contrast(mark["color"], mark["behind"]) >= 4.5, (
            f"{label}: text {mark['color']} on {mark['behind']} is hard to read")


def pick_notebook() -> Path:
    """Notebook 02 (who said what) when present, else 01, else the first notebook."""
    if os.environ.get("E2E_NOTEBOOK"):
        return Path(os.environ["E2E_NOTEBOOK"]).resolve()
    notebooks = ROOT / "notebooks"
    for pattern in ("02_*.ipynb", "01_*.ipynb", "*.ipynb"):
        found = sorted(notebooks.glob(pattern))
        if found:
            return found[0]
    pytest.fail("no notebook in notebooks/ to open")


def test_notebook_renders_untrusted_in_jupyterlab(browser, artifacts, tmp_path):
    notebook = pick_notebook()
    is_quotes_notebook = notebook.name.startswith("02_")
    # A fresh copy in a fresh server state: no signature database, so the notebook is untrusted.
    root = tmp_path / "clone"
    root.mkdir()
    shutil.copy(notebook, root / notebook.name)
    page = None
    with JupyterLab(root_dir=root, state_dir=tmp_path / "jupyter", python=PYTHON) as lab:
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(lab.url(f"lab/tree/{urllib.parse.quote(notebook.name)}"), wait_until="domcontentloaded")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
            page.wait_for_selector(".jp-NotebookPanel .jp-OutputArea-output", timeout=60_000)
            page.wait_for_timeout(1500)  # let the remaining outputs render
            page.screenshot(path=str(artifacts / "lab-notebook-top.png"))

            assert "is not trusted" in lab.log(), "the notebook opened trusted; a fresh clone opens untrusted"
            scope = ".jp-NotebookPanel .jp-OutputArea-output"
            assert page.locator(f"{scope} script").count() == 0, "scripts survived in an untrusted notebook"
            marks = page.evaluate(MARKS_JS, scope)
            assert marks, f"{notebook.name}: no highlighted (<mark>) spans in the rendered outputs"
            first = page.locator(f"{scope} mark").first
            first.scroll_into_view_if_needed()
            first.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-output')]").first.screenshot(
                path=str(artifacts / "lab-highlighted-article.png"))
            marks = page.evaluate(MARKS_JS, scope)  # boxes measured after scrolling
            check_marks_legible(marks, notebook.name)
            labels = {mark["label"] for mark in marks}
            assert len(labels) < 2 or len({mark["background"] for mark in marks}) > 1, (
                f"marks with labels {sorted(labels)} all share one colour: the sanitiser stripped the colours")

            tables = [t for t in page.evaluate(TABLES_JS, scope) if t["rows"]]
            assert tables, f"{notebook.name}: no table with rows in the rendered outputs"
            for table in tables:
                assert table["width"] > 0 and any(any(cell for cell in row) for row in table["rows"])
            if is_quotes_notebook:
                quote_tables = [t for t in tables if any("speaker" in h for h in t["header"])
                                and any(h in ("text", "quote", "kind") for h in t["header"])]
                assert quote_tables, f"no quote table (speaker, text/kind columns) in {notebook.name}"
                table_locator = page.locator(f"{scope} table", has=page.locator("th", has_text="speaker")).first
                table_locator.scroll_into_view_if_needed()
                table_locator.screenshot(path=str(artifacts / "lab-quote-table.png"))
            (artifacts / "lab-page-errors.txt").write_text("\n".join(errors) + "\n", encoding="utf-8")
            server_and_kernels = [lab.process.pid] + [child.pid for child in lab._descendants()]
        except Exception:
            if page is not None:
                page.screenshot(path=str(artifacts / "lab-failure.png"))
            (artifacts / "jupyterlab.log").write_text(lab.log(), encoding="utf-8")
            raise
        finally:
            if page is not None:
                page.close()
    assert lab.process is None
    survivors = [pid for pid in server_and_kernels
                 if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert not survivors, f"JupyterLab left processes running: {survivors}"


def _local_target(url: str) -> Path:
    parsed = urllib.parse.urlparse(url)
    return Path(urllib.request.url2pathname(parsed.path))


def _check_page_content(page, where: str) -> None:
    text = page.evaluate("() => document.body ? document.body.innerText.trim() : ''")
    assert len(text) >= 40, f"{where} opens an (almost) empty page"
    broken = page.evaluate("() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                           ".map(i => i.getAttribute('src') || '').map(s => s.slice(0, 80))")
    assert not broken, f"{where} has broken images: {broken}"
    marks = page.evaluate(MARKS_JS, "body")
    check_marks_legible(marks, where)


def test_report_pages_and_links(browser, artifacts, tmp_path):
    if not (ROOT / "helpers" / "report.py").exists():
        pytest.fail("helpers/report.py is missing: `python -m helpers report` cannot run")
    out = tmp_path / "report"
    run = subprocess.run([PYTHON, "-m", "helpers", "report", str(SEED), "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=900,
                         env={**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "MPLBACKEND": "agg"})
    (artifacts / "report-stderr.txt").write_text(run.stderr, encoding="utf-8")
    assert run.returncode == 0, f"helpers report failed:\n{run.stderr[-3000:]}"
    assert "Traceback" not in run.stderr
    index = out / "index.html"
    assert index.is_file(), f"no index.html in {out}: {sorted(p.name for p in out.iterdir())}"

    page = browser.new_page()
    try:
        page.goto(index.as_uri(), wait_until="load")
        page.screenshot(path=str(artifacts / "report-index.png"), full_page=True)
        _check_page_content(page, "index.html")
        links = page.evaluate(LINKS_JS)
        local = [link for link in links if link["url"].startswith("file:")]
        assert local, "index.html links to no page of the report"
        ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id],[name]')).map(e => e.id || e.name)"))
        checked: dict[Path, str] = {}
        for link in local:
            target = _local_target(link["url"])
            fragment = urllib.parse.urlparse(link["url"]).fragment
            if target == index:
                assert not fragment or fragment in ids, f"index.html: anchor #{fragment} leads nowhere"
                continue
            assert target.exists(), f"index.html: link {link['href']!r} ({link['text']!r}) points to a missing file"
            assert out.resolve() in target.resolve().parents, f"index.html: link {link['href']!r} leaves the report folder"
            if target.is_dir() or target in checked:
                continue
            checked[target] = link["href"]
            if target.suffix.lower() not in (".html", ".htm"):
                assert target.stat().st_size > 0, f"index.html: {link['href']!r} is an empty file"
                continue
            page.goto(link["url"], wait_until="load")
            _check_page_content(page, link["href"])
            shot = re.sub(r"[^\w.-]+", "_", str(target.relative_to(out)))
            page.screenshot(path=str(artifacts / f"report-{shot}.png"), full_page=True)
            for inner in page.evaluate(LINKS_JS):
                if inner["url"].startswith("file:"):
                    assert _local_target(inner["url"]).exists(), (
                        f"{link['href']}: link {inner['href']!r} points to a missing file")
        assert checked, "index.html links only to itself"
    finally:
        page.close()
    (artifacts / "refused-requests.txt").write_text("\n".join(sorted(set(browser.refused))) + "\n", encoding="utf-8")
