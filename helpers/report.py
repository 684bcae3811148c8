"""Reports on any article: the notebook series run on it, as HTML pages and CSV tables.

``python -m helpers report ARTICLE_OR_URL... --out reports/NAME/ [--validate]`` executes the
notebooks ``notebooks/0[1-4]_*.ipynb`` with papermill (``ARTICLE`` and ``RUN_VALIDATION``
injected, the notebooks' folder as working directory, kernel ``python3``, fixed hash seed),
never touching the notebooks themselves; exports each executed notebook to HTML with its
code; and writes the article's tables as CSV plus an ``index.html`` that links everything.

A report folder is never half written: everything goes to a hidden temporary folder beside
the target, which is renamed into place at the end (an older report of the same name is
replaced only then) and removed on any failure.
"""
from __future__ import annotations

import argparse
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
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
    """All notebooks on one article; ``jobs`` > 1 runs that many at once, each in its own process.

    The notebooks are independent (each reads the article itself), and a process of its own gives
    every run its own working directory and environment: threads would share both.
    """
    if jobs <= 1 or len(notebooks) <= 1:
        pages = []
        for notebook in notebooks:
            bar.set_description(notebook.stem[:2])
            pages.append(run_page(notebook, folder, article_path, validate))
            bar.update(1)
        return pages
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    done: dict[Path, Page] = {}
    bar.set_description("notebooks")
    with ProcessPoolExecutor(max_workers=min(jobs, len(notebooks)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(run_page, notebook, folder, article_path, validate): notebook for notebook in notebooks}
        try:
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                bar.update(1)
        except BaseException:
            for future in futures:  # the first failure decides; do not start the notebooks still waiting
                future.cancel()
            raise
    return [done[notebook] for notebook in notebooks]


def _report_one(source: str, path: Path, folder: Path, notebooks: list[Path], validate: bool, jobs: int,
                bar) -> ArticleReport:
    folder.mkdir(parents=True, exist_ok=True)
    article = load_article(path)
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
                 notebooks_dir: str | Path | None = None, progress: bool = True, jobs: int | None = None) -> Path:
    """Run the series on each article (path or URL) and write the report folder ``out``; returns it.

    ``jobs``: notebooks run at once (default: one per core, at most the number of notebooks).

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
        if not is_url(source):
            load_article(source)  # fail fast, before any notebook runs, on unusable input
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
            reports = [_report_one(source, path, folder, notebooks, validate, jobs, bar)
                       for source, path, folder in zip(sources, paths, folders)]
        if len(sources) > 1:
            for report, folder in zip(reports, folders):
                report.folder = folder.name
            (temporary / "index.html").write_text(collection_index(reports), encoding="utf-8")
        _move_into_place(temporary, out)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers report``."""
    parser.add_argument("sources", nargs="+", metavar="ARTICLE_OR_URL", help="article files or http(s) URLs")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="the report folder, e.g. reports/NAME/")
    parser.add_argument("--validate", action="store_true",
                        help="also run the notebooks' validation sections (slower; they measure the tools, not the article)")
    parser.add_argument("--notebooks", default=None, metavar="FOLDER", help="where the notebooks are (default: the series)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="notebooks run at once (default: one per core)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run_cli(args: argparse.Namespace) -> int:
    """``python -m helpers report``: write the report, print where it is."""
    if args.jobs is not None and args.jobs < 1:
        raise ArticleError("--jobs must be 1 or more")
    out = build_report(args.sources, args.out, validate=args.validate, notebooks_dir=args.notebooks,
                       progress=not args.quiet, jobs=args.jobs)
    print(f"report written: {out / 'index.html'}", file=sys.stderr)
    return 0
