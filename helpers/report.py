"""Reports on any article: the notebook series run on it, as HTML pages and CSV tables.

``python -m helpers report ARTICLE_OR_URL... --out reports/NAME/ [--validate]`` executes the
notebooks ``notebooks/0[1-4]_*.ipynb`` with papermill (``ARTICLE`` and ``RUN_VALIDATION``
injected, the notebooks' folder as working directory, kernel ``python3``, fixed hash seed),
never touching the notebooks themselves; exports each executed notebook to HTML with its
code; and writes the article's tables as CSV plus an ``index.html`` that links everything.

A report is made for one news article at a time: every notebook reads the article in full and
shows its tables, so the time and the size of the pages grow with the text. Articles longer than
``MAX_CHARS`` characters (200,000: four long features; ``--max-chars`` changes it) are refused with one
line before any notebook runs; ``python -m helpers quotes`` and ``python -m helpers corpus`` handle
long texts and collections.

A report folder is never half written: everything goes to a hidden temporary folder beside
the target, which is renamed into place at the end (an older report of the same name is
replaced only then) and removed on any failure.

Interrupts (Ctrl-C, ``kill``, ``timeout``; SIGINT or SIGTERM to this process or to its whole
process group) stop the report within seconds: notebooks not yet started are cancelled, running
ones are stopped (their kernels terminated, the notebook runs unwound), the temporary folder is
removed and one line says so. The notebook workers ignore Ctrl-C themselves (the main process
decides) and leave on SIGTERM, whoever sends it.
"""
from __future__ import annotations

import argparse
import html
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import pandas as pd

from helpers.articles import Article, ArticleError, html_to_text, load_article

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOK_PATTERN = "0[1-4]_*.ipynb"
KERNEL = "python3"
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

@contextmanager
def kernel_environment() -> Iterator[None]:
    """Set what kernels must start with for reproducible output; restore the caller's environment after."""
    saved = {name: os.environ.get(name) for name in KERNEL_ENVIRONMENT}
    os.environ.update(KERNEL_ENVIRONMENT)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _kernel_transport() -> Iterator[Any]:
    """Kernel sockets as Unix sockets in a private temporary folder where possible.

    With TCP, a port chosen free can be taken by another process before the kernel binds it (on a
    busy machine kernels then die at start); IPC sockets in a folder of our own cannot collide, and
    nothing is written into the notebooks' folder.
    """
    from traitlets.config import Config

    if os.name == "nt":
        yield Config()
        return
    folder = tempfile.mkdtemp(prefix="nbk-")
    try:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "k")}})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_notebook(notebook: Path, output: Path, article_path: Path, validate: bool):
    """Execute ``notebook`` on the article into ``output`` (the original stays untouched); returns the node."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)
    try:
        with kernel_environment(), _kernel_transport() as config:
            return papermill.execute_notebook(
                str(notebook), str(output), parameters={"ARTICLE": str(article_path), "RUN_VALIDATION": bool(validate)},
                kernel_name=KERNEL, cwd=str(notebook.parent), progress_bar=False, log_output=False, config=config,
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"])  # no kernel start-up chatter in the terminal
    except PapermillExecutionError as error:
        evalue = str(error.evalue).strip().splitlines()[0] if str(error.evalue).strip() else ""
        raise ArticleError(f"notebook {notebook.name} failed on {article_path.name}: {error.ename}: {evalue}") from None
    except (KeyboardInterrupt, ArticleError):
        raise
    except Exception as error:  # no kernel, a kernel that died, an unreadable notebook: still one line
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise ArticleError(f"notebook {notebook.name} could not run: {type(error).__name__}: {message}") from None


# ---------------------------------------------------------------- stopping cleanly

# How a notebook run is stopped. The notebooks run in worker processes; the main process answers
# an interrupt by cancelling what has not started and sending SIGTERM to the workers. papermill runs a
# notebook through nbclient, which, in a process's main thread, replaces the SIGINT and SIGTERM
# handlers while a notebook runs and resets them to the defaults afterwards; a signal then only shuts
# the kernel down, and the worker goes on to fail, or to its next notebook. So in a worker the notebook
# runs in a helper thread (nbclient leaves signals alone there) while the worker's main thread waits
# and keeps the signals: on SIGTERM it terminates the kernel, lets the run unwind (nbclient sees the
# dead kernel and removes its connection file; our socket folder goes too) and the worker leaves.

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_IN_NOTEBOOK = False  # in a worker: a notebook is running, so SIGTERM must stop it before leaving
_STOPPING = False  # in a worker: SIGTERM arrived


class NotebookStopped(BaseException):
    """Raised in a notebook worker by SIGTERM: the report was interrupted (not an error of the notebook)."""


def _child_processes() -> list[Any]:
    """This process's children (kernels, notebook workers), as psutil processes; [] without psutil."""
    try:
        import psutil

        return psutil.Process().children()
    except Exception:  # psutil missing (it comes with IPython) or the process table unreadable
        return []


def _stop_run(done: threading.Event, known: set[int], seconds: float = STOP_SECONDS) -> None:
    """Terminate the kernels this run started (children not in ``known``) and give the run until ``done``
    is set (or ``seconds`` have passed) to unwind."""
    try:
        import psutil
    except ImportError:  # then a kernel left alone exits by itself once its parent process is gone
        done.wait(seconds)
        return
    deadline, started = time.monotonic() + seconds, time.monotonic()
    seen: dict[int, Any] = {}
    while True:
        for child in _child_processes():  # listed again each round: a kernel may have been starting
            if child.pid not in known and child.pid not in seen:
                seen[child.pid] = child
                try:
                    child.terminate()
                except psutil.Error:
                    pass
        if done.wait(0.2) or time.monotonic() > deadline:
            break
        if not seen and time.monotonic() - started > 1.0:
            break  # no kernel (the page is being exported): nothing of the run outside this process
    _gone, alive = psutil.wait_procs(list(seen.values()), timeout=max(0.5, deadline - time.monotonic()))
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass


def run_page_stoppably(notebook: Path, folder: Path, article_path: Path, validate: bool) -> Page:
    """``run_page`` in a helper thread; an interrupt of the wait stops the run's kernel, then propagates."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["page"] = run_page(notebook, folder, article_path, validate)
        except BaseException as error:  # handed to the waiting thread
            outcome["error"] = error
        finally:
            done.set()

    known = {child.pid for child in _child_processes()}
    threading.Thread(target=work, name=f"notebook {notebook.stem}", daemon=True).start()
    try:
        # An Event, not Thread.join: a join cut short by a signal handler's exception marks the thread
        # as ended although it still runs (Python 3.11).
        while not done.wait(0.5):
            pass
    except BaseException:
        with _signals_held(), _logging_silenced():
            _stop_run(done, known)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["page"]


def _worker_start(scratch: str | None = None) -> None:
    """Start of a notebook worker: Ctrl-C reaches the whole process group, and the main process decides
    what it means; SIGTERM (from the main process, ``timeout`` or ``kill``) stops this worker.

    ``scratch``: the run's folder for temporary files (kernel connection files and sockets), which the
    main process removes at the end whatever happened, even to a worker killed outright.
    """
    if scratch:
        tempfile.tempdir = scratch
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_sigterm)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the main process while it started us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _worker_sigterm(signum: int, frame: Any) -> None:
    global _STOPPING
    if _STOPPING:
        return
    _STOPPING = True
    if _IN_NOTEBOOK:
        raise NotebookStopped
    os._exit(1)  # idle: nothing of ours to clean up, and the main process wants no result


def _worker_page(notebook: Path, folder: Path, article_path: Path, validate: bool) -> Page:
    """One notebook in a worker process; on SIGTERM its kernel is stopped and the worker leaves."""
    global _IN_NOTEBOOK
    try:
        _IN_NOTEBOOK = True
        if _STOPPING:
            raise NotebookStopped
        return run_page_stoppably(notebook, folder, article_path, validate)
    except NotebookStopped:
        _leave_quietly()
        raise  # not reached
    finally:
        if _STOPPING:  # the signal came as the notebook ended: leave all the same
            _leave_quietly()
        _IN_NOTEBOOK = False


def _leave_quietly() -> None:
    """End a stopped worker at once, without a word: the main process reports the interrupt."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.dup2(devnull, 1)
    except OSError:
        pass
    os._exit(1)


def _stop_pool(pool: Any, seconds: float = STOP_SECONDS + 5) -> None:
    """Cancel the notebooks not started, SIGTERM the workers (each stops its notebook run and leaves) and
    kill those still there after ``seconds``; returns when the pool is gone."""
    from multiprocessing.connection import wait

    processes = [p for p in (getattr(pool, "_processes", None) or {}).values() if p.exitcode is None]
    manager = getattr(pool, "_executor_manager_thread", None)
    # The pool cancels its waiting notebooks itself: a future cancelled from outside while a worker
    # dies makes the pool's manager thread fail (Python 3.11) with a traceback of its own.
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + seconds
    waiting = {process.sentinel: process for process in processes}
    while waiting and time.monotonic() < deadline:
        for sentinel in wait(list(waiting), timeout=max(0.0, deadline - time.monotonic())):
            waiting.pop(sentinel)
    for process in waiting.values():
        try:
            process.kill()  # its kernel notices its parent is gone and exits by itself
        except (OSError, ValueError):
            pass
    if manager is not None:
        manager.join(5)


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


@contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back: processes started meanwhile begin with them blocked, so a Ctrl-C
    while a worker imports its modules is no traceback (the worker unblocks them once it ignores
    SIGINT); a signal to this process arrives as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _logging_silenced() -> Iterator[None]:
    """No log lines from a run being stopped (nbclient reports the dead kernel it was told to expect)."""
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


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


def html_exporter():
    """An nbconvert ``HTMLExporter`` for self-contained pages: the lab look, code shown, no remote scripts."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file=OFFLINE_TEMPLATE,
                            extra_loaders=[DictLoader({OFFLINE_TEMPLATE: OFFLINE_TEMPLATE_SOURCE})],
                            # also empty, should a template still ask for them
                            require_js_url="", mathjax_url="", jquery_url="", jupyter_widgets_base_url="")
    exporter.exclude_input = False
    return exporter


def export_html(node, path: Path, title: str) -> None:
    """Write an executed notebook as a standalone HTML page, code included (students want the code)."""
    exporter = html_exporter()
    body, _resources = exporter.from_notebook_node(node, resources={"metadata": {"name": title}})
    path.write_text(body, encoding="utf-8")


def notebook_title(node, fallback: str) -> str:
    """The notebook's H1 heading, else ``fallback``."""
    for cell in node.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


# ---------------------------------------------------------------- tables

def write_tables(article: Article, folder: Path) -> tuple[dict[str, Any], list[str]]:
    """Write the article's tables as CSV; return a short summary and the file names written."""
    from helpers.corpus import article_steps

    steps = article_steps(article)
    quotes, speakers, scored, targets = steps["quotes"], steps["speakers"], steps["sentiment"], steps["targets"]
    tables: dict[str, pd.DataFrame | None] = {
        "quotes": quotes,
        "speakers": _speakers_with_sentiment(speakers, scored),
        "sentiment": scored,
        "stances": _stance_table(steps["quote_stances"]),
        "quote_stances": steps["quote_stances"],
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
    summary = {
        "quotes": len(quotes),
        "speakers": int(speakers["speaker_id"].nunique()) if len(speakers) else 0,
        "kinds": quotes["kind"].value_counts().sort_index().to_dict() if len(quotes) else {},
        "sides": sorted(s for s in speakers["side"].dropna().unique() if s) if len(speakers) else [],
        "top_speakers": _top_speakers(quotes),
        "targets": [item["target"] for item in targets],
        "targets_source": steps["targets_source"],
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


def _stance_table(quote_stances: pd.DataFrame) -> pd.DataFrame:
    """One row per (speaker, target), combined from the per-quote stances (empty, with its columns, if none)."""
    from helpers.stance import stance_table

    return stance_table(quote_stances)


def _top_speakers(quotes: pd.DataFrame, n: int = 5) -> list[tuple[str, int]]:
    if not len(quotes):
        return []
    counts = quotes.groupby("speaker", dropna=True).size().reset_index(name="n")
    counts = counts.sort_values(["n", "speaker"], ascending=[False, True]).head(n)
    return [(str(row.speaker), int(row.n)) for row in counts.itertuples()]


# ---------------------------------------------------------------- index pages

STYLE = """body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}a{color:#0072B2}.muted{color:#666;font-size:90%}"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def article_index(report: ArticleReport, validate: bool) -> str:
    """The ``index.html`` of one article: metadata, a short summary, the notebook pages and the tables."""
    article, summary, e = report.article, report.summary, html.escape
    url = f'<a href="{e(article.url, quote=True)}">{e(article.url)}</a>' if article.url else ""
    meta_rows = [("outlet", e(article.outlet)), ("date", e(article.date)), ("url", url), ("file", e(report.source)),
                 ("characters", f"{len(article.text):,}")]
    meta = "".join(f"<tr><th>{name}</th><td>{value or '<span class=muted>unknown</span>'}</td></tr>"
                   for name, value in meta_rows)
    kinds = ", ".join(f"{n} {e(kind)}" for kind, n in summary.get("kinds", {}).items())
    top = ", ".join(f"{e(name)} ({n})" for name, n in summary.get("top_speakers", []))
    targets = ", ".join(e(t) for t in summary.get("targets", [])) or "none"
    source = {"sidecar": "from the article's targets sidecar", "suggested": "suggested from the text (no sidecar)",
              "given": "given"}.get(summary.get("targets_source", ""), "")
    lines = [f"<li><b>{summary.get('quotes', 0)}</b> quotes{f' ({kinds})' if kinds else ''} from "
             f"<b>{summary.get('speakers', 0)}</b> speakers</li>"]
    if top:
        lines.append(f"<li>most quoted: {top}</li>")
    if summary.get("sides"):
        lines.append(f"<li>sides: {', '.join(e(s) for s in summary['sides'])}</li>")
    lines.append(f"<li>stance targets: {targets} <span class=muted>{e(source)}</span></li>")
    if not summary.get("quotes"):
        lines.append("<li>No quotes were found in this article: the pages below still show its text, "
                     "sentences and tokens, and say so where a step has nothing to work on.</li>")
    pages = "".join(f'<li><a href="{e(p.html, quote=True)}">{e(p.title)}</a> '
                    f'<span class=muted>(<a href="{e(p.notebook, quote=True)}">notebook</a>)</span></li>'
                    for p in report.pages) or "<li class=muted>no notebooks were found to run</li>"
    tables = "".join(f'<li><a href="{e(name, quote=True)}">{e(name)}</a> <span class=muted>'
                     f'{e(TABLE_FILES.get(name.rsplit(".", 1)[0], "the stance targets used"))}</span></li>'
                     for name in report.tables)
    validation = ("The notebooks' validation sections were run (--validate)." if validate else
                  "The validation sections, which measure the instruments rather than this article, were skipped "
                  "(run with --validate to include them).")
    body = (f"<h1>{e(article.title or article.id)}</h1>\n<table>{meta}</table>\n<h2>Summary</h2>\n<ul>{''.join(lines)}</ul>\n"
            f"<h2>The analysis, step by step</h2>\n<ol>{pages}</ol>\n<p class=muted>{validation}</p>\n"
            f"<h2>Tables (CSV)</h2>\n<ul>{tables}</ul>\n")
    return _page(article.title or article.id, body)


def collection_index(reports: Sequence[ArticleReport]) -> str:
    """The top ``index.html`` of a report on several articles."""
    e = html.escape
    rows = "".join(
        f'<tr><td><a href="{e(r.folder, quote=True)}/index.html">{e(r.article.title or r.article.id)}</a></td>'
        f"<td>{e(r.article.outlet)}</td><td>{e(r.article.date)}</td><td>{r.summary.get('quotes', 0)}</td>"
        f"<td>{r.summary.get('speakers', 0)}</td></tr>" for r in reports)
    body = (f"<h1>Report on {len(reports)} articles</h1>\n<table><tr><th>article</th><th>outlet</th><th>date</th>"
            f"<th>quotes</th><th>speakers</th></tr>{rows}</table>\n"
            "<p class=muted>Each article has its own folder with the notebook pages and the CSV tables. "
            "To compare articles in one table, use <code>python -m helpers corpus</code>.</p>\n")
    return _page(f"Report on {len(reports)} articles", body)


# ---------------------------------------------------------------- the report

def run_page(notebook: Path, folder: Path, article_path: Path, validate: bool) -> Page:
    """Execute one notebook on the article into ``folder`` and export it as an HTML page there."""
    node = run_notebook(notebook, folder / notebook.name, article_path, validate)
    page = notebook.stem + ".html"
    title = notebook_title(node, notebook.stem)
    export_html(node, folder / page, title)
    return Page(notebook.stem, title, page, notebook.name)


def _run_pages(notebooks: list[Path], folder: Path, article_path: Path, validate: bool, jobs: int, bar) -> list[Page]:
    """All notebooks on one article, in worker processes, ``jobs`` at once.

    The notebooks are independent (each reads the article itself), and a process of its own gives
    every run its own working directory and environment: threads would share both. Even one at a
    time they run in a worker: this process stays free to answer an interrupt, and a stopped run
    ends with its process. The first failure or interrupt decides: notebooks not started are
    cancelled and running ones stopped.
    """
    if not notebooks:
        return []
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    done: dict[Path, Page] = {}
    bar.set_description("notebooks")
    scratch = tempfile.mkdtemp(prefix="nb-")  # short: kernel sockets live here, and socket paths are short
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(notebooks))), initializer=_worker_start,
                               initargs=(scratch,), mp_context=multiprocessing.get_context("spawn"))
    futures: dict[Any, Path] = {}
    try:
        with _stop_signals_blocked():  # the workers start here
            for notebook in notebooks:
                futures[pool.submit(_worker_page, notebook, folder, article_path, validate)] = notebook
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            bar.update(1)
    except BrokenProcessPool:
        with _signals_held():
            _stop_pool(pool)
        raise ArticleError("a notebook worker process ended unexpectedly (killed, or out of memory?)") from None
    except BaseException:
        with _signals_held():
            _stop_pool(pool)
        raise
    finally:
        with _signals_held():
            pool.shutdown(wait=True)
            shutil.rmtree(scratch, ignore_errors=True)
    return [done[notebook] for notebook in notebooks]


def _report_one(source: str, path: Path, folder: Path, notebooks: list[Path], validate: bool, jobs: int,
                bar, max_chars: int | None = MAX_CHARS) -> ArticleReport:
    folder.mkdir(parents=True, exist_ok=True)
    article = load_article(path)
    check_length(article, source, max_chars)  # files were checked before; a fetched page is checked here
    report = ArticleReport(article=article, source=source)
    bar.set_postfix_str(article.id[:30])
    report.pages = _run_pages(notebooks, folder, path, validate, jobs, bar)
    bar.set_description("tables")
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
                 max_chars: int | None = MAX_CHARS) -> Path:
    """Run the series on each article (path or URL) and write the report folder ``out``; returns it.

    ``jobs``: notebooks run at once (default: one per core, at most the number of notebooks).
    ``max_chars``: the longest article accepted (``None``: any length; see ``MAX_CHARS``).

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
            reports = [_report_one(source, path, folder, notebooks, validate, jobs, bar, max_chars)
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
                       progress=not args.quiet, jobs=args.jobs, max_chars=args.max_chars)
    print(f"report written: {out / 'index.html'}", file=sys.stderr)
    return 0
