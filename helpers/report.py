"""Reports on any article: the notebook series run on it, as a report a reader can take in quickly.

``python -m helpers report ARTICLE_OR_URL... --out reports/NAME/ [--validate] [--with-code]`` executes the
notebooks ``notebooks/0[1-4]_*.ipynb`` with papermill (``ARTICLE`` and ``RUN_VALIDATION`` injected, the
notebooks' folder as working directory, kernel ``python3``, fixed hash seed), never touching the notebooks
themselves, and writes:

- ``index.html``: findings computed from the tables, each linked to its evidence, the caveats for this
  article, the trust figures of each step (``helpers/data/trust_figures.json``) and where to find the rest
  (``helpers.report_index``);
- ``article.html``: the article with every quote marked (id, kind, speaker, offsets);
- one page per notebook: cells kept by tag (``report`` kept, ``teaching`` dropped, ``validation`` replaced by
  the trust figures unless ``--validate``), code hidden unless ``--with-code``, empty table cells as "–",
  links to the index and the next page; the executed notebook beside it;
- the tables as CSV (every quote row carries its ``kind``; reactions are counted apart) and ``targets.json``.

A report is made for one news article at a time: every notebook reads the article in full. Articles
longer than ``MAX_CHARS`` characters (200,000; ``--max-chars`` changes it) are refused with one line
before any notebook runs; ``python -m helpers quotes`` and ``corpus`` handle long texts and collections.

A report folder is never half written: everything goes to a hidden temporary folder beside the target,
which is renamed into place at the end (an older report of the same name is replaced only then) and
removed on any failure. Each notebook runs as one papermill subprocess (``helpers.run_notebook``) in a
process group of its own, its kernel reached over Unix sockets; an interrupt (Ctrl-C, ``kill``,
``timeout``) or a failure stops every running group (SIGTERM, then SIGKILL after ``STOP_SECONDS``),
removes the temporary folders and ends with one line.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import pandas as pd

from helpers.articles import Article, ArticleError, html_to_text, load_article
from helpers.report_index import TRUST_FILE  # noqa: F401  (benchmarks/trust_figures.py writes it)

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOK_PATTERN = "0[1-4]_*.ipynb"
# What makes a kernel's output reproducible; a running kernel cannot change these, so they are set
# where it starts. JUPYTER_PREFER_ENV_PATH: use this environment's python3 kernel, not a user-wide one.
# MPLBACKEND: the inline backend, so figures land in the pages even where MPLBACKEND=agg is exported
# (the Makefile does, for tests) and a notebook does not say %matplotlib inline.
KERNEL_ENVIRONMENT = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1",
                      "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                      "JUPYTER_PREFER_ENV_PATH": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
# The longest article a report is made for, in characters. Measured with articles made of distinct
# Wikinews stories on a 2-core machine (seconds for the whole report): 50,000 characters (a long
# feature) 44; 100,000 47; 150,000 68; 200,000 93-106 (99 on one core); 250,000 129; 500,000 394;
# 1,000,000 more than 900. The notebooks show and plot every quote, so the time grows faster than the
# text; above the limit a report would look like a hang.
MAX_CHARS = 200_000
# Seconds a stopped notebook run gets to unwind (its kernel terminated, its files removed) before
# its process is killed outright.
STOP_SECONDS = 10.0
TABLE_FILES = {
    "quotes": "one row per quote: kind, text, cue, speaker, side, offsets",
    "speakers": "one row per speaker: side, mentions, quote counts, sentiment",
    "sentiment": "one row per quote with its VADER scores (compound, pos, neu, neg)",
    "stances": "one row per (speaker, target): the combined stance",
    "quote_stances": "one row per (quote, target): stance, score and evidence",
}


@dataclass
class Page:
    """One notebook of the series, run on one article."""

    name: str
    title: str
    html: str
    notebook: str


@dataclass
class ArticleReport:
    """What the index of one article shows."""

    article: Article
    source: str
    folder: str = ""
    pages: list[Page] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- inputs

def is_url(source: str) -> bool:
    """True for http(s) addresses."""
    return bool(re.match(r"https?://", str(source), flags=re.IGNORECASE))


def fetch_article(url: str, folder: Path) -> Path:
    """Fetch ``url`` and save its main text as ``folder/article.txt`` with a meta sidecar."""
    import trafilatura

    try:
        page = trafilatura.fetch_url(url)
    except Exception:  # trafilatura wraps most network errors, but not all of them
        page = None
    if not page:
        raise ArticleError(f"could not fetch URL (no network?): {url}")
    text, meta = html_to_text(page, url)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "article.txt"
    path.write_text(text, encoding="utf-8")
    meta = {**meta, "url": meta.get("url") or url}
    (folder / "article.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def check_length(article: Article, source: str | Path, max_chars: int | None = MAX_CHARS) -> None:
    """Refuse, with one plain sentence, an article longer than a report is made for (``None``: no limit)."""
    if max_chars is not None and len(article.text) > max_chars:
        raise ArticleError(
            f"{source} is {len(article.text):,} characters; a report reads it in full and is made for articles "
            f"up to {max_chars:,} characters: use python -m helpers quotes / corpus for long texts")


def find_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The series' notebooks 01-04 that exist, in reading order."""
    return sorted(Path(folder or NOTEBOOKS_DIR).glob(NOTEBOOK_PATTERN))


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")
    return slug[:60] or "article"


# ---------------------------------------------------------------- running notebooks

# How a notebook runs and how it is stopped. Each notebook is one ``python -m helpers.run_notebook``
# (papermill) subprocess
# started in a session (process group) of its own, so that a Ctrl-C in the terminal reaches this process
# only, and this process decides: it sends SIGTERM to each running group (papermill's executor then
# shuts its kernel down), waits up to ``STOP_SECONDS`` and sends SIGKILL to what is left (a kernel whose
# papermill is gone notices within a second that its parent changed, and exits). Kernel connection files,
# the kernels' sockets and any other temporary file of a run go to a scratch folder that is removed in
# ``finally``.


@dataclass
class NotebookRun:
    """One notebook being executed by a papermill subprocess."""

    notebook: Path
    output: Path
    process: subprocess.Popen
    log: Path


def papermill_command(notebook: Path, output: Path, article_path: Path, validate: bool, sockets: Path) -> list[str]:
    """The command that executes ``notebook`` on the article into ``output``, its kernel's sockets at ``sockets``."""
    parameters = json.dumps({"ARTICLE": str(article_path), "RUN_VALIDATION": bool(validate)})
    return [sys.executable, "-m", "helpers.run_notebook", str(notebook), str(output), parameters, str(sockets)]


def start_notebook(notebook: Path, folder: Path, article_path: Path, validate: bool, scratch: Path) -> NotebookRun:
    """Start one notebook run in its own process group; its output (and the kernel's chatter) goes to a log file."""
    output = folder / notebook.name
    log = scratch / f"{notebook.stem}.log"
    # The socket prefix stays short: a Unix socket's path may not exceed about 100 characters.
    sockets = scratch / f"kernel-{notebook.stem[:2]}"
    environment = {**os.environ, **KERNEL_ENVIRONMENT, "TMPDIR": str(scratch), "JUPYTER_RUNTIME_DIR": str(scratch / "runtime")}
    with open(log, "wb") as stream:
        process = subprocess.Popen(papermill_command(notebook, output, article_path, validate, sockets),
                                   stdin=subprocess.DEVNULL, stdout=stream, stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=True)
    return NotebookRun(notebook, output, process, log)


def _first_error(output: Path) -> str:
    """``ename: first line of evalue`` of the first failing cell in a papermill output notebook, else ''."""
    try:
        import nbformat

        node = nbformat.read(output, as_version=4)
    except Exception:  # not written (the kernel never started) or cut short
        return ""
    for cell in node.cells:
        for item in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if item.get("output_type") == "error":
                evalue = str(item.get("evalue", "")).strip()
                return f"{item.get('ename', 'Error')}: {evalue.splitlines()[0] if evalue else ''}".strip()
    return ""


def _last_line(log: Path) -> str:
    """The last non-empty line a run printed (papermill's own complaint when there is no failing cell)."""
    try:
        lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


def finished_run(run: NotebookRun, article_path: Path) -> None:
    """Check a run that has ended; a failure is one ``ArticleError`` line."""
    code = run.process.returncode
    if code == 0:
        return
    if code is not None and code < 0:  # killed by a signal this process did not send
        raise ArticleError("a notebook worker process ended unexpectedly (killed, or out of memory?)")
    error = _first_error(run.output)
    if error:
        raise ArticleError(f"notebook {run.notebook.name} failed on {article_path.name}: {error}")
    raise ArticleError(f"notebook {run.notebook.name} could not run: {_last_line(run.log) or f'exit code {code}'}")


def stop_runs(runs: Sequence[NotebookRun], seconds: float = STOP_SECONDS) -> None:
    """SIGTERM every running notebook's process group, wait up to ``seconds``, then SIGKILL what is left."""
    for run in runs:
        _signal_group(run.process, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    for run in runs:
        try:
            run.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for run in runs:
        _signal_group(run.process, signal.SIGKILL)  # also whatever the group still holds after papermill left
        run.process.wait()


def _signal_group(process: subprocess.Popen, number: int) -> None:
    try:
        os.killpg(process.pid, number)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone


def run_notebooks(notebooks: Sequence[Path], folder: Path, article_path: Path, validate: bool, jobs: int,
                  on_done: Callable[[Path], None] = lambda output: None) -> list[Path]:
    """Execute the notebooks on the article into ``folder``, ``jobs`` at once; returns the executed notebooks.

    ``on_done(output)`` is called in this process as each run completes (the page export). The first
    failure or interrupt stops every run and propagates; the scratch folder is removed in any case.
    """
    pending, running, done = list(notebooks), [], {}
    scratch = Path(tempfile.mkdtemp(prefix="nb-"))
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                running.append(start_notebook(pending.pop(0), folder, article_path, validate, scratch))
            time.sleep(0.05)
            for run in [run for run in running if run.process.poll() is not None]:
                running.remove(run)
                finished_run(run, article_path)
                on_done(run.output)
                done[run.notebook] = run.output
    finally:
        with _signals_held():
            stop_runs(running)
            shutil.rmtree(scratch, ignore_errors=True)
    return [done[notebook] for notebook in notebooks]


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held(reraise: bool = True) -> Iterator[None]:
    """SIGINT and SIGTERM noted, not acted on, while cleaning up (a second Ctrl-C must not cut the cleanup
    short); one that came meanwhile is raised as ``KeyboardInterrupt`` at the end when ``reraise``."""
    caught: list[int] = []
    try:
        saved = {number: signal.signal(number, lambda signum, frame: caught.append(signum)) for number in _STOP_SIGNALS}
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if caught and reraise:
            raise KeyboardInterrupt


# nbconvert's lab template with the blocks that load scripts from a CDN left empty: require.js,
# Jupyter widgets, MathJax and Mermaid. The series needs none of them (figures are embedded PNGs,
# tables are HTML, there is no LaTeX, no widget and no diagram; other notebooks given with --notebooks
# show their LaTeX as typed), and a report opened offline, or from an archive years later, must not
# wait for the network or fetch code from it.
# ---------------------------------------------------------------- report pages

# nbconvert's lab template with the blocks that load scripts from a CDN left empty: require.js,
# Jupyter widgets, MathJax and Mermaid. The series needs none of them (figures are embedded PNGs,
# tables are HTML, there is no LaTeX, no widget and no diagram; other notebooks given with --notebooks
# show their LaTeX as typed), and a report opened offline, or from an archive years later, must not
# wait for the network or fetch code from it.
OFFLINE_TEMPLATE = "offline_lab.html.j2"
OFFLINE_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
# Cell tags (docs/notebook_cells.md): every cell is one of these; a report keeps ``report`` cells, drops
# ``teaching`` cells (tiny examples, course prose, exercises, solutions) and puts the trust figures in
# place of ``validation`` cells unless --validate is given. Untagged cells are kept.
REPORT, TEACHING, VALIDATION = "report", "teaching", "validation"
DROPPED = {TEACHING, "exercise", "solution"}
# Empty cells of a table read as blank or a dash, never NaN.
_EMPTY_HTML_CELL = re.compile(r"<td>(?:NaN|None|NaT|&lt;NA&gt;|nan)</td>")
_EMPTY_TEXT_CELL = re.compile(r"(?<![\w.])(?:NaN|<NA>|NaT)(?![\w])")


def html_exporter(with_code: bool = True):
    """An nbconvert ``HTMLExporter`` for self-contained pages: the lab look, no remote scripts, code shown or not."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file=OFFLINE_TEMPLATE,
                            extra_loaders=[DictLoader({OFFLINE_TEMPLATE: OFFLINE_TEMPLATE_SOURCE})],
                            # also empty, should a template still ask for them
                            require_js_url="", mathjax_url="", jquery_url="", jupyter_widgets_base_url="")
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = not with_code
    exporter.exclude_output_prompt = not with_code
    return exporter


def cell_kind(cell) -> str:
    """``report``, ``teaching`` or ``validation`` from a cell's tags (exercises and solutions are teaching)."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    if tags & DROPPED:
        return TEACHING
    if VALIDATION in tags:
        return VALIDATION
    return REPORT


def _blank_empty_cells(output) -> None:
    """NaN, None and <NA> in an output's tables become a dash (HTML) or a right-aligned dash (text)."""
    data = output.get("data") or {}
    if isinstance(data.get("text/html"), str):
        data["text/html"] = _EMPTY_HTML_CELL.sub("<td>–</td>", data["text/html"])
    if isinstance(data.get("text/plain"), str):
        data["text/plain"] = _EMPTY_TEXT_CELL.sub(lambda m: " " * (len(m.group()) - 1) + "–", data["text/plain"])
    if output.get("output_type") == "stream" and isinstance(output.get("text"), str):
        output["text"] = _EMPTY_TEXT_CELL.sub(lambda m: " " * (len(m.group()) - 1) + "–", output["text"])


def report_notebook(node, notebook_number: str, validate: bool = False, with_code: bool = False,
                    navigation: str = ""):
    """The executed notebook as a report page: cells kept by tag, trust figures for validation, no NaN, links.

    Without ``with_code`` code cells that show nothing are dropped (their input is hidden by the exporter),
    and so are stderr streams (warnings). ``navigation`` (Markdown) opens and closes the page.
    """
    import copy

    import nbformat

    from helpers.report_index import trust_markdown

    node = copy.deepcopy(node)
    cells, trust_placed = [], False
    for cell in node.cells:
        kind = cell_kind(cell)
        if kind == TEACHING:
            continue
        if kind == VALIDATION and not validate:
            if not trust_placed:
                cells.append(nbformat.v4.new_markdown_cell(trust_markdown(notebook_number)))
                trust_placed = True
            continue
        if cell.cell_type == "code":
            if not with_code:
                cell.outputs = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
                if not cell.outputs:
                    continue
            for output in cell.get("outputs", []):
                _blank_empty_cells(output)
        cells.append(cell)
    if not trust_placed and not validate:  # a notebook without validation cells still says how far to trust it
        cells.append(nbformat.v4.new_markdown_cell(trust_markdown(notebook_number)))
    if navigation:
        cells = [nbformat.v4.new_markdown_cell(navigation)] + cells + [nbformat.v4.new_markdown_cell(navigation)]
    node.cells = cells
    return node


def navigation(pages: Sequence[Page], position: int) -> str:
    """The Markdown link line of a page: the index, the highlighted article, previous and next pages."""
    links = ["[← report index](index.html)", "[the quotes in the text](article.html)"]
    if position > 0:
        links.append(f"previous: [{pages[position - 1].title}]({pages[position - 1].html})")
    if position + 1 < len(pages):
        links.append(f"next: [{pages[position + 1].title}]({pages[position + 1].html})")
    else:
        links.append("next: [back to the index](index.html)")
    return " · ".join(links)


def export_html(node, path: Path, title: str, with_code: bool = True) -> None:
    """Write a notebook as a standalone HTML page, code shown or hidden."""
    body, _resources = html_exporter(with_code).from_notebook_node(node, resources={"metadata": {"name": title}})
    path.write_text(_describe_figures(body, title), encoding="utf-8")


def _describe_figures(body: str, title: str) -> str:
    """Give each figure an alternative text a screen reader can say: the section it illustrates (nbconvert
    leaves a placeholder), e.g. "Figure in section 4. Speaker x target heatmap"."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, features="html.parser")
    for image in soup.select('img[alt="No description has been provided for this image"]'):
        heading = image.find_previous(["h2", "h3"])
        section = heading.get_text(" ", strip=True).rstrip("¶").strip() if heading else title
        image["alt"] = f"Figure in section {section}"
    return str(soup)


def notebook_title(node, fallback: str) -> str:
    """The notebook's H1 heading, else ``fallback``."""
    for cell in node.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def write_pages(outputs: Sequence[Path], validate: bool, with_code: bool) -> list[Page]:
    """One HTML page per executed notebook (kept beside it), linked to the index and to each other."""
    import nbformat

    nodes = [nbformat.read(output, as_version=4) for output in outputs]
    pages = [Page(output.stem, notebook_title(node, output.stem), output.stem + ".html", output.name)
             for output, node in zip(outputs, nodes)]
    for position, (output, node) in enumerate(zip(outputs, nodes)):
        number = output.stem.split("_", 1)[0]
        page = report_notebook(node, number, validate, with_code, navigation(pages, position))
        export_html(page, output.parent / pages[position].html, pages[position].title, with_code)
    return pages


# ---------------------------------------------------------------- tables

def write_tables(article: Article, folder: Path) -> tuple[dict[str, Any], list[str]]:
    """Write the article's tables as CSV (each quote row with its ``kind``) and the highlighted article;
    return the summary the index is built from and the file names written."""
    from helpers.corpus import article_steps
    from helpers.report_index import Tables, article_page
    from helpers.stance import side_stance_table, stance_table

    steps = article_steps(article)
    quotes, speakers, scored, targets = steps["quotes"], steps["speakers"], steps["sentiment"], steps["targets"]
    per_quote = steps["quote_stances"]
    tables: dict[str, pd.DataFrame | None] = {
        "quotes": quotes,
        "speakers": _speakers_with_sentiment(speakers, scored),
        "sentiment": scored,
        "stances": stance_table(per_quote),
        "quote_stances": per_quote,
    }
    written = []
    for name, table in tables.items():
        if table is None:
            table = pd.DataFrame()
        table.to_csv(folder / f"{name}.csv", index=False)
        written.append(f"{name}.csv")
    (folder / "targets.json").write_text(
        json.dumps({"source": steps["targets_source"], "targets": targets}, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append("targets.json")
    (folder / "article.html").write_text(article_page(article, quotes), encoding="utf-8")
    voiced = quotes[quotes["kind"].isin(["direct", "indirect", "mixed"])] if len(quotes) else quotes
    summary = {
        "quotes": len(voiced),
        "reactions": int((quotes["kind"] == "reaction").sum()) if len(quotes) else 0,
        "speakers": int(voiced["speaker_id"].nunique()) if len(voiced) else 0,
        "kinds": quotes["kind"].value_counts().sort_index().to_dict() if len(quotes) else {},
        "sides": sorted(s for s in speakers["side"].dropna().unique() if s) if len(speakers) else [],
        "top_speakers": _top_speakers(voiced),
        "targets": [item["target"] for item in targets],
        "targets_source": steps["targets_source"],
        "tables": Tables(quotes, tables["speakers"], tables["stances"],
                         side_stance_table(per_quote) if len(per_quote) else pd.DataFrame(),
                         [item["target"] for item in targets], steps["targets_source"]),
    }
    return summary, written


def _speakers_with_sentiment(speakers: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The speakers table with each speaker's sentiment columns, when the sentiment step provides them."""
    from helpers.sentiment import speaker_sentiment

    if not len(speakers) or not len(scored):
        return speakers
    per_speaker = speaker_sentiment(scored)
    extra = [c for c in per_speaker.columns if c not in speakers.columns]
    if "speaker_id" not in per_speaker.columns or not extra:
        return speakers
    return speakers.merge(per_speaker[["speaker_id"] + extra], on="speaker_id", how="left")


def _top_speakers(voiced: pd.DataFrame, n: int = 5) -> list[tuple[str, int]]:
    """The most quoted speakers and their number of quotes (reactions apart)."""
    if not len(voiced):
        return []
    counts = voiced.groupby("speaker", dropna=True).size().reset_index(name="n")
    counts = counts.sort_values(["n", "speaker"], ascending=[False, True]).head(n)
    return [(str(row.speaker), int(row.n)) for row in counts.itertuples()]


# ---------------------------------------------------------------- index pages

PAGE_PURPOSE = {
    "01": "the article's paragraphs, sentences and words: what it is about, in its own vocabulary",
    "02": "every quote highlighted by speaker; who is quoted, how (direct, indirect), and for which side",
    "03": "how each speaker and side sounds: sentiment per quote, per speaker and per side, with intervals",
    "04": "where each speaker and side stands on each target, with the words behind each stance",
}


def article_index(report: ArticleReport, validate: bool) -> str:
    """The ``index.html`` of one article: findings, caveats, trust figures, where to find it, metadata."""
    from helpers.report_index import caveats, findings, metadata_reason, page, trust_section

    article, summary, e = report.article, report.summary, html.escape
    url = f'<a href="{e(article.url, quote=True)}">{e(article.url)}</a>' if article.url else ""
    meta_rows = [("outlet", e(article.outlet)), ("date", e(article.date)), ("url", url), ("file", e(report.source)),
                 ("characters", f"{len(article.text):,}")]
    meta = "".join(f"<tr><th>{name}</th><td>{value or f'<span class=muted>unknown: {e(metadata_reason(article, name, report.source))}</span>'}</td></tr>"
                   for name, value in meta_rows)
    tables = summary.get("tables")
    found = "".join(f"<li>{item}</li>" for item in findings(tables)) if tables is not None else ""
    limits = "".join(f"<li>{item}</li>" for item in caveats(tables)) if tables is not None else ""
    trust = trust_section(article, tables.quotes) if tables is not None else ""
    kinds = ", ".join(f"{n} {e(kind)}" for kind, n in summary.get("kinds", {}).items())
    pages = "".join(f'<li><a href="{e(p.html, quote=True)}">{e(p.title)}</a>: '
                    f'{e(PAGE_PURPOSE.get(p.name.split("_", 1)[0], ""))} '
                    f'<span class=muted>(<a href="{e(p.notebook, quote=True)}">executed notebook</a>)</span></li>'
                    for p in report.pages) or "<li class=muted>no notebooks were found to run</li>"
    files = "".join(f'<li><a href="{e(name, quote=True)}">{e(name)}</a> <span class=muted>'
                    f'{e(TABLE_FILES.get(name.rsplit(".", 1)[0], "the stance targets used"))}</span></li>'
                    for name in report.tables)
    validation = ("The notebooks' validation sections were run on the shipped gold (--validate)." if validate else
                  "Each page shows these trust figures where the notebook measures its step; "
                  "--validate runs the measurements themselves.")
    counting = (f"<p class=muted>Counting rule, the same on every page and in the CSVs: a speaker's quotes are the "
                f"direct, indirect and mixed ones; reactions are counted apart (the <code>kind</code> column). "
                f"Here: {kinds or 'no quotes'}.</p>")
    body = (f"<h1>{e(article.title or article.id)}</h1>\n<table>{meta}</table>\n"
            f"<h2>What the article shows</h2>\n<ul>{found}</ul>\n{counting}\n"
            f'<p>Each link <a href="article.html">q3</a> opens the quote in the highlighted article.</p>\n'
            f"<h2>Caveats for this article</h2>\n<ul>{limits}</ul>\n"
            f"<h2>How far can we trust these results?</h2>\n{trust}\n<p class=muted>{validation}</p>\n"
            f"<h2>Where to find it</h2>\n<ul><li><a href=\"article.html\">The quotes in the text</a>: the article with "
            f"every quote marked, its speaker and its offsets</li>{pages}</ul>\n"
            f"<h3>Tables (CSV)</h3>\n<ul>{files}</ul>\n"
            "<p class=muted>What the terms mean: docs/glossary.md in the project.</p>\n")
    return page(article.title or article.id, body)


def collection_index(reports: Sequence[ArticleReport]) -> str:
    """The top ``index.html`` of a report on several articles."""
    from helpers.report_index import page

    e = html.escape
    rows = "".join(
        f'<tr><td><a href="{e(r.folder, quote=True)}/index.html">{e(r.article.title or r.article.id)}</a></td>'
        f"<td>{e(r.article.outlet) or '–'}</td><td>{e(r.article.date) or '–'}</td><td>{r.summary.get('quotes', 0)}</td>"
        f"<td>{r.summary.get('reactions', 0)}</td><td>{r.summary.get('speakers', 0)}</td></tr>" for r in reports)
    body = (f"<h1>Report on {len(reports)} articles</h1>\n<table><tr><th>article</th><th>outlet</th><th>date</th>"
            f"<th>quotes</th><th>reactions</th><th>speakers</th></tr>{rows}</table>\n"
            "<p class=muted>Each article has its own folder with its findings, pages and CSV tables. "
            "To compare articles in one table, use <code>python -m helpers corpus</code>.</p>\n")
    return page(f"Report on {len(reports)} articles", body)


# ---------------------------------------------------------------- the report

def _report_one(source: str, path: Path, folder: Path, notebooks: list[Path], validate: bool, jobs: int,
                bar, max_chars: int | None = MAX_CHARS, with_code: bool = False) -> ArticleReport:
    folder.mkdir(parents=True, exist_ok=True)
    article = load_article(path)
    check_length(article, source, max_chars)  # files were checked before; a fetched page is checked here
    report = ArticleReport(article=article, source=source)
    bar.set_postfix_str(article.id[:30])
    bar.set_description("notebooks")
    outputs = run_notebooks(notebooks, folder, path, validate, jobs, on_done=lambda output: bar.update(1))
    bar.set_description("pages and tables")
    report.pages = write_pages(outputs, validate, with_code)
    report.summary, report.tables = write_tables(article, folder)
    bar.update(1)
    (folder / "index.html").write_text(article_index(report, validate), encoding="utf-8")
    return report


def _move_into_place(temporary: Path, out: Path) -> None:
    """Rename the finished report over ``out``; an older report there is removed only after the swap."""
    old = None
    if out.exists():
        if not out.is_dir():
            raise ArticleError(f"{out} exists and is not a folder")
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o777 & ~umask)  # mkdtemp makes it private; a report is an ordinary folder
    os.replace(temporary, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_report(sources: Sequence[str | Path], out: str | Path, validate: bool = False,
                 notebooks_dir: str | Path | None = None, progress: bool = True, jobs: int | None = None,
                 max_chars: int | None = MAX_CHARS, with_code: bool = False) -> Path:
    """Run the series on each article (path or URL) and write the report folder ``out``; returns it.

    ``jobs``: notebooks run at once (default: one per core, at most the number of notebooks).
    ``max_chars``: the longest article accepted (``None``: any length; see ``MAX_CHARS``).
    ``with_code``: show the notebooks' code in the pages (hidden by default: a report is for readers).

    One article: its pages, tables and ``index.html`` directly in ``out``. Several: one sub-folder per
    article and a top ``index.html``. Any failure leaves no folder behind and raises ``ArticleError``.
    """
    from tqdm import tqdm

    sources = [str(s) for s in sources]
    if not sources:
        raise ArticleError("no article given")
    out = Path(out).resolve()
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        # replacing a folder that holds something else would delete the user's files
        raise ArticleError(f"{out} exists and is not a report folder (no index.html); choose another --out")
    for source in sources:
        if not is_url(source):  # fail fast, before any notebook runs, on unusable or overlong input
            check_length(load_article(source), source, max_chars)
    notebooks = find_notebooks(notebooks_dir)
    if jobs is None:
        from helpers.corpus import default_workers

        jobs = default_workers()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        folders, used = [], set()
        for source in sources:  # one sub-folder per article when there are several
            name = _slug(Path(source).stem if not is_url(source) else source.split("://", 1)[1])
            while name in used:
                name += "_"
            used.add(name)
            folders.append(temporary if len(sources) == 1 else temporary / name)
        # URLs are fetched before any notebook runs, so that being offline is one line and no waiting
        paths = [fetch_article(source, folder / "source") if is_url(source) else Path(source).resolve()
                 for source, folder in zip(sources, folders)]
        with tqdm(total=len(sources) * (len(notebooks) + 1), unit="step", file=sys.stderr,
                  disable=not progress, desc="report") as bar:
            reports = [_report_one(source, path, folder, notebooks, validate, jobs, bar, max_chars, with_code)
                       for source, path, folder in zip(sources, paths, folders)]
        if len(sources) > 1:
            for report, folder in zip(reports, folders):
                report.folder = folder.name
            (temporary / "index.html").write_text(collection_index(reports), encoding="utf-8")
        with _signals_held(reraise=False):  # an old report is swapped for the new one completely or not at all
            _move_into_place(temporary, out)
    finally:
        if temporary.exists():
            with _signals_held():
                shutil.rmtree(temporary, ignore_errors=True)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers report``."""
    parser.description = (
        "Run notebooks 01-04 on each article and write the pages, tables and an index.html into --out. "
        f"A report reads the article in full and is made for articles up to {MAX_CHARS:,} characters "
        "(--max-chars); for longer texts and collections use python -m helpers quotes or corpus.")
    parser.add_argument("sources", nargs="+", metavar="ARTICLE_OR_URL", help="article files or http(s) URLs")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="the report folder, e.g. reports/NAME/")
    parser.add_argument("--validate", action="store_true",
                        help="also run the notebooks' validation sections (slower; they measure the tools, not the article)")
    parser.add_argument("--with-code", action="store_true",
                        help="show the notebooks' code in the pages (hidden by default)")
    parser.add_argument("--notebooks", default=None, metavar="FOLDER", help="where the notebooks are (default: the series)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks run at once (default: one per core)")
    parser.add_argument("--max-chars", type=int, default=MAX_CHARS, metavar="N",
                        help=f"refuse articles longer than N characters (default: {MAX_CHARS:,}; a report reads "
                             "the article in full: use the quotes or corpus command for long texts)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run_cli(args: argparse.Namespace) -> int:
    """``python -m helpers report``: write the report, print where it is."""
    if args.jobs is not None and args.jobs < 1:
        raise ArticleError("--jobs must be 1 or more")
    if args.max_chars < 1:
        raise ArticleError("--max-chars must be 1 or more")
    out = build_report(args.sources, args.out, validate=args.validate, notebooks_dir=args.notebooks,
                       progress=not args.quiet, jobs=args.jobs, max_chars=args.max_chars,
                       with_code=args.with_code)
    print(f"report written: {out / 'index.html'}", file=sys.stderr)
    return 0
