"""Many articles at once: one table of quotes, on local processes or a Dask cluster.

``analyze_article`` runs the series' steps on one article (who said what ->
how it sounds -> where it stands) and returns **one row per quote**::

    file, article_id, title, outlet, date, quote_id, paragraph, sentence, speaker, speaker_id,
    side, kind, text, start, end, cue, uncertain, compound, pos, neu, neg,
    targets, stances, n_favor, n_against, n_neutral

``targets`` and ``stances`` are aligned ``"; "``-joined lists: the targets the quote concerns
(in the order of the target list) and the quote's stance toward each (``favor | against |
neutral``); a quote that concerns no target has both empty. ``stance_long(table)`` turns them
into the long table, one row per (quote, target), when you want to group by target.

``analyze_corpus`` does the same for folders, JSON lines and CSV/XLSX exports. Articles are
read in the calling process (an unreadable file is reported on stderr and skipped), the work
is shipped in small batches to ``workers`` local processes (the calling one works too) or to
an existing Dask distributed cluster (``scheduler="tcp://host:port"``), and the rows come back
sorted by input order: the table is the same whichever way it ran.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import tempfile
import threading
import warnings
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from helpers.articles import (TABLE_SUFFIXES, Article, ArticleError, iter_article_files, load_article,
                              load_articles, load_table)

QUOTE_COLUMNS = ["quote_id", "paragraph", "sentence", "speaker", "speaker_id", "side", "kind", "text",
                 "start", "end", "cue", "uncertain"]
SENTIMENT_COLUMNS = ["compound", "pos", "neu", "neg"]
STANCE_COLUMNS = ["targets", "stances", "n_favor", "n_against", "n_neutral"]
ARTICLE_COLUMNS = ["file", "article_id", "title", "outlet", "date"]
CORPUS_COLUMNS = ARTICLE_COLUMNS + QUOTE_COLUMNS + SENTIMENT_COLUMNS + STANCE_COLUMNS
LONG_COLUMNS = [c for c in CORPUS_COLUMNS if c not in STANCE_COLUMNS] + ["target", "stance"]
META_NAMES = ("title", "outlet", "date", "url")
SEPARATOR = "; "

Targets = list[dict[str, Any]]
Analyzer = Callable[[Article, "Targets | None"], pd.DataFrame]


# ---------------------------------------------------------------- one article

def resolve_targets(article: Article, targets: Targets | str | Path | None = None) -> tuple[Targets, str]:
    """The stance targets for ``article`` and where they came from (``given | sidecar | suggested``).

    Explicit targets win (a list of ``{"target", "patterns"}`` dicts or names, or a targets JSON
    file), then the article's ``NAME.targets.json`` sidecar, then candidates suggested from the text.
    """
    from helpers.stance import article_targets

    return article_targets(article, targets)


def article_steps(article: Article, targets: Targets | str | Path | None = None) -> dict[str, Any]:
    """The per-article tables of the series: quotes, speakers, scored quotes, quote stances, targets."""
    from helpers.sentiment import score_quotes
    from helpers.speakers import attribute
    from helpers.stance import quote_stances

    quotes, speakers = attribute(article.text, corrections=article.sidecar("corrections"))
    chosen, source = resolve_targets(article, targets)
    stances = quote_stances(quotes, chosen, article.text)  # no quotes or targets: an empty table with its columns
    return {"quotes": quotes, "speakers": speakers, "sentiment": score_quotes(quotes),
            "quote_stances": stances, "targets": chosen, "targets_source": source}


def stance_lists(stances: Iterable[tuple[Any, Any, Any]], targets: Targets) -> dict[Any, tuple[list[str], list[str]]]:
    """For each quote id, the targets it concerns (in the order of ``targets``) and its stance toward each.

    ``stances``: ``(quote_id, target, stance)`` triples, one per (quote, target).
    """
    found: dict[Any, tuple[list[str], list[str]]] = {}
    order = {item["target"]: rank for rank, item in enumerate(targets)}
    rows = sorted(stances, key=lambda row: (row[0], order.get(row[1], len(order)), str(row[1])))
    for quote_id, target, stance in rows:
        names, labels = found.setdefault(quote_id, ([], []))
        names.append(str(target))
        labels.append(str(stance))
    return found


def summarise_stances(quote_ids: Sequence[Any], stances: pd.DataFrame | None, targets: Targets) -> pd.DataFrame:
    """One row per quote: the aligned ``targets``/``stances`` lists and the counts of each stance."""
    triples = [] if stances is None else zip(stances["quote_id"], stances["target"], stances["stance"])
    lists = stance_lists(triples, targets)
    records = [{"quote_id": quote_id, **_stance_fields(*lists.get(quote_id, ([], [])))} for quote_id in quote_ids]
    return pd.DataFrame(records, columns=["quote_id"] + STANCE_COLUMNS)


def _stance_fields(names: list[str], labels: list[str]) -> dict[str, Any]:
    return {"targets": SEPARATOR.join(names), "stances": SEPARATOR.join(labels), "n_favor": labels.count("favor"),
            "n_against": labels.count("against"), "n_neutral": labels.count("neutral")}


def article_records(article: Article, targets: Targets | str | Path | None = None) -> list[dict[str, Any]]:
    """The rows of ``analyze_article`` as plain dicts (cheap to build and to ship between processes).

    The same steps as ``article_steps`` on plain rows: at a few milliseconds an article, building
    the intermediate DataFrames would cost more than the analysis itself.
    """
    from helpers.sentiment import SCORE_COLUMNS, score_text
    from helpers.speakers import attributed_records
    from helpers.stance import quote_stance_rows

    quotes = attributed_records(article.text, article.sidecar("corrections"))
    if not quotes:
        return []
    chosen, _source = resolve_targets(article, targets)
    # quote_stances' columns: quote_id first, then target (5) and stance (6)
    lists = stance_lists(((row[0], row[5], row[6]) for row in quote_stance_rows(quotes, chosen, article.text)), chosen)
    head = dict(zip(ARTICLE_COLUMNS, (article.path, article.id, article.title, article.outlet, article.date)))
    records = []
    for quote in quotes:
        row = {column: quote.get(column) for column in QUOTE_COLUMNS}
        # a text column in the table ("" = no speaker): never let pandas turn 3 into "3.0"
        row["speaker_id"] = "" if pd.isna(row["speaker_id"]) else str(int(row["speaker_id"]))
        scores = score_text(quote["text"] if isinstance(quote["text"], str) else "")
        records.append({**head, **row, **{c: scores[c] for c in SCORE_COLUMNS},
                        **_stance_fields(*lists.get(row["quote_id"], ([], [])))})
    return records


def analyze_article(article: Article | str | Path, targets: Targets | str | Path | None = None) -> pd.DataFrame:
    """One row per quote of ``article`` with its speaker, side, kind, VADER scores and stances.

    ``targets``: a list of ``{"target", "patterns"}`` dicts or a targets JSON file; by default the
    article's sidecar, else targets suggested from the text (so they differ between articles: pass
    one list when you compare articles).
    """
    if not isinstance(article, Article):
        article = load_article(article)
    return normalise(pd.DataFrame(article_records(article, targets), columns=CORPUS_COLUMNS))


MENTION_COLUMNS = ARTICLE_COLUMNS + ["target", "mention", "start", "end", "sentence", "label", "score", "tone"]
TONE = {"negative": -1, "neutral": 0, "positive": 1}


def analyze_mentions(article: Article | str | Path, targets: Targets | str | Path | None = None) -> pd.DataFrame:
    """One row per mention of a target anywhere in the article (quoted or not), with the sentiment
    expressed toward it in its sentence (``helpers.stance.target_sentiment``).

    Columns: ``file, article_id, title, outlet, date, target, mention, start, end, sentence`` (the
    article-wide sentence index), ``label`` (negative|neutral|positive), ``score`` (confidence) and
    ``tone`` (-1, 0, +1). Where quotes are few (headlines, social-media posts) this is how a source
    itself treats each target; run it at scale with ``analyze_corpus(..., analyze=analyze_mentions)``.
    """
    from helpers.segment import sentence_spans
    from helpers.stance import find_target_mentions, target_sentiment

    if not isinstance(article, Article):
        article = load_article(article)
    chosen, _source = resolve_targets(article, targets)
    text = article.text
    mentions = find_target_mentions(text, chosen) if chosen else pd.DataFrame(columns=["target", "start", "end", "text"])
    spans = [(number, start, end) for number, (_paragraph, start, end) in enumerate(sentence_spans(text))]
    rows = []
    for mention in mentions.itertuples(index=False):
        inside = [span for span in spans if span[1] <= mention.start and mention.end <= span[2]]
        if not inside:  # a pattern that crosses a sentence break: no sentence to judge it in
            continue
        number, left, right = inside[0]
        result = target_sentiment(text[left:right], int(mention.start) - left, int(mention.end) - left)
        rows.append((article.path, article.id, article.title, article.outlet, article.date, mention.target,
                     mention.text, int(mention.start), int(mention.end), int(number), result["label"],
                     round(float(result["score"]), 4), TONE.get(result["label"], 0)))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {"start": "int64", "end": "int64", "sentence": "int64", "score": "float64", "tone": "int64"})


def empty_table() -> pd.DataFrame:
    """The corpus table with no rows (same columns and dtypes as a full one)."""
    return normalise(pd.DataFrame(columns=CORPUS_COLUMNS))


_DTYPES = {"quote_id": "int64", "paragraph": "int64", "sentence": "int64", "start": "int64", "end": "int64",
           "n_favor": "int64", "n_against": "int64", "n_neutral": "int64", "uncertain": "bool",
           "compound": "float64", "pos": "float64", "neu": "float64", "neg": "float64"}


def normalise(table: pd.DataFrame) -> pd.DataFrame:
    """Fixed columns and dtypes, so that tables built anywhere compare equal and concatenate cleanly."""
    table = table.reindex(columns=CORPUS_COLUMNS).reset_index(drop=True)
    for column in CORPUS_COLUMNS:
        dtype = _DTYPES.get(column)
        if dtype == "bool":
            table[column] = table[column].fillna(False).astype(bool)
        elif dtype == "int64":
            table[column] = pd.to_numeric(table[column]).fillna(-1).astype("int64")
        elif dtype:
            table[column] = pd.to_numeric(table[column]).astype(dtype)
        else:
            table[column] = table[column].map(_as_text).astype(object)
    return table


def _as_text(value: Any) -> str:
    """Text cells: missing values (None, NaN, pd.NA) become "", ids and numbers their string."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return str(value)


def stance_long(table: pd.DataFrame) -> pd.DataFrame:
    """The corpus table in long form: one row per (quote, target) with ``target`` and ``stance``.

    Quotes that concern no target are dropped (they have no stance to count).
    """
    rows = []
    keep = [c for c in table.columns if c not in STANCE_COLUMNS]
    for record in table.to_dict("records"):
        if not record["targets"]:
            continue
        for target, stance in zip(record["targets"].split(SEPARATOR), record["stances"].split(SEPARATOR)):
            rows.append({**{c: record[c] for c in keep}, "target": target, "stance": stance})
    return pd.DataFrame(rows, columns=keep + ["target", "stance"])


# ---------------------------------------------------------------- reading collections

def _apply_columns(article: Article, columns: dict[str, str] | None, id_column: str | None) -> Article:
    """Fill title/outlet/date/url (and id) from user-named fields of a JSON record."""
    for name, source in (columns or {}).items():
        if name in META_NAMES and article.meta.get(source) not in (None, ""):
            setattr(article, name, str(article.meta[source]))
    if id_column and article.meta.get(id_column) not in (None, ""):
        article.id = str(article.meta[id_column])
    return article


def read_collection(path: Path, text_column: str = "text", columns: dict[str, str] | None = None,
                    id_column: str | None = None) -> list[Article]:
    """Every article in one file; CSV/TSV/XLSX through ``load_table`` with the user's column names."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return list(load_table(path, text_column=text_column, id_column=id_column, columns=columns))
    return [_apply_columns(article, columns, id_column) for article in load_articles(path, text_column=text_column)]


def collect_articles(sources: Iterable[Article | str | Path] | str | Path, text_column: str = "text",
                     columns: dict[str, str] | None = None, id_column: str | None = None,
                     on_error: Callable[[str], None] | None = None) -> list[Article]:
    """Articles from paths, folders and Article objects, in input order; unreadable input is reported and skipped."""
    if isinstance(sources, (str, Path, Article)):
        sources = [sources]
    on_error = on_error or _print_error
    articles: list[Article] = []
    for source in sources:
        if isinstance(source, Article):
            articles.append(source)
            continue
        try:
            paths = list(iter_article_files([source]))
        except ArticleError as error:
            on_error(str(error))
            continue
        for path in paths:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # odd-but-usable input needs no line per file at scale
                    articles.extend(read_collection(path, text_column, columns, id_column))
            except ArticleError as error:
                on_error(str(error))
    return articles


def _print_error(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"error: {message}", file=sys.stderr)


# ---------------------------------------------------------------- running many

def _analyze_batch(batch: list[tuple[int, Article]], targets: Any, analyze: Analyzer | None) -> list[tuple[int, Any, str]]:
    """Run one batch; every article gives ``(index, table or None, error message)``: one bad article never stops a run."""
    analyze = analyze or article_records
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, article in batch:
            try:
                results.append((index, analyze(article, targets), ""))
            except Exception as error:  # report it and go on: the promise is one line per bad article
                where = f"{article.path}#{article.id}" if article.path else article.id
                results.append((index, None, f"{where}: {type(error).__name__}: {error}"))
    return results


def _batches(articles: list[Article], workers: int) -> list[list[tuple[int, Article]]]:
    """Small batches (a few per worker and round) so long articles do not leave a worker idle."""
    size = max(1, min(20, math.ceil(len(articles) / max(1, workers * 8))))
    numbered = list(enumerate(articles))
    return [numbered[i:i + size] for i in range(0, len(numbered), size)]


def default_workers() -> int:
    """One worker per core available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool_context(start: bool = False):
    """Worker processes that start clean: forkserver where there is one (safe beside threads), else spawn.

    ``start`` boots the fork server now, in the background, so that it imports the pipeline while
    this process is still reading the articles.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        # imported once in the fork server, so every worker forked from it starts with them loaded
        context.set_forkserver_preload(["helpers.corpus", "helpers.speakers", "helpers.sentiment", "helpers.stance"])
        if start:
            from multiprocessing import forkserver

            forkserver.ensure_running()
    return context


def _run_local(batches, workers, targets, analyze) -> Iterator[list[tuple[int, Any, str]]]:
    """Run the batches on ``workers`` local processes: this one and ``workers - 1`` helpers.

    A thread feeds the helpers from the front of the queue while this process works from its
    end, so this process never waits for the helpers to start and a second process pays off
    even on small collections.
    """
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            yield _analyze_batch(batch, targets, analyze)
        return
    queue = deque(batches)  # popleft (the feeder) and pop (this process) are atomic
    finished: SimpleQueue = SimpleQueue()  # futures of the helpers, then None when they are done
    helpers = min(workers, len(batches)) - 1

    def feed() -> None:
        try:
            with ProcessPoolExecutor(max_workers=helpers, mp_context=_pool_context()) as pool:
                running: set = set()
                while True:
                    while len(running) < 2 * helpers:  # keep every helper one batch ahead
                        try:
                            running.add(pool.submit(_analyze_batch, queue.popleft(), targets, analyze))
                        except IndexError:
                            break
                    if not running:
                        break
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        finished.put(future)
        except Exception:  # no helper could start: this process does what is left of the queue
            pass
        finally:
            finished.put(None)

    feeder = threading.Thread(target=feed, name="corpus helpers", daemon=True)
    feeder.start()
    helpers_done = False
    try:
        while True:
            try:
                batch = queue.pop()
            except IndexError:
                batch = None
            if batch is not None:
                yield _analyze_batch(batch, targets, analyze)
            elif helpers_done:
                return
            while not helpers_done:
                try:  # without blocking while there is work left here
                    future = finished.get() if batch is None else finished.get_nowait()
                except Empty:
                    break
                if future is None:
                    helpers_done = True
                    break
                try:
                    yield future.result()
                except BrokenProcessPool:
                    raise ArticleError("a worker process died (out of memory?, or in a script: call analyze_corpus "
                                       "under `if __name__ == \"__main__\":`); try --workers 1") from None
    finally:
        queue.clear()  # the feeder submits nothing more and leaves once the running batches end
        feeder.join()


def _check_reachable(address: str) -> None:
    """Fail in one line, at once, when nothing listens at a ``tcp://host:port`` scheduler address."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp" or not parts.hostname or not parts.port:
        return  # other protocols (tls, ucx, inproc): let Dask judge
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()
    except OSError as error:
        raise ArticleError(f"cannot reach the Dask scheduler at {address} ({error.strerror or error})") from None


def _run_dask(batches, scheduler, targets, analyze) -> Iterator[list[tuple[int, Any, str]]]:
    try:
        from dask.distributed import Client, as_completed as dask_completed
    except ImportError:
        raise ArticleError("--scheduler needs Dask: pip install 'dask[distributed]' (make install does)") from None
    own = not hasattr(scheduler, "submit")
    if own:
        _check_reachable(str(scheduler))
    try:
        client = Client(scheduler, timeout="20s") if own else scheduler
    except OSError as error:
        raise ArticleError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
    try:
        futures = client.map(_analyze_batch, batches, targets=targets, analyze=analyze, pure=False)
        for future in dask_completed(futures):
            yield future.result()
    finally:
        if own:
            client.close()


def analyze_corpus(paths_or_articles: Iterable[Article | str | Path] | str | Path, workers: int | None = None,
                   scheduler: Any = None, text_column: str = "text", columns: dict[str, str] | None = None,
                   targets: Targets | str | Path | None = None, id_column: str | None = None,
                   progress: bool = True, analyze: Analyzer | None = None) -> pd.DataFrame:
    """One row per quote over a whole collection (see the module docstring for the columns).

    - ``paths_or_articles``: files, folders (walked in sorted order), JSONL/JSON, CSV/TSV/XLSX
      exports and/or ``Article`` objects.
    - ``workers``: local processes, this one included (default one per core; 1 runs only here).
    - ``scheduler``: address of an existing Dask distributed scheduler (``tcp://host:port``) or a
      ``dask.distributed.Client``; replaces ``workers``.
    - ``text_column`` / ``columns`` / ``id_column``: the text field and ``{"title": "headline", ...}``
      for collections whose fields have other names.
    - ``targets``: one target list for every article (compare like with like), else each article's
      sidecar or suggested targets.
    - ``analyze``: the per-article function (default ``analyze_article``); it must be importable by
      the workers (a module-level function).

    Unreadable files and articles that fail are reported on stderr and skipped; their messages are
    also kept in ``table.attrs["errors"]``.
    """
    from tqdm import tqdm

    errors: list[str] = []

    def note(message: str) -> None:
        errors.append(message)
        _print_error(message)

    workers = default_workers() if workers is None else max(1, int(workers))
    if scheduler is None and workers > 1:
        _pool_context(start=True)
    articles = collect_articles(paths_or_articles, text_column, columns, id_column, on_error=note)
    if isinstance(targets, (str, Path)):  # read once here, not once per article on every worker
        from helpers.stance import load_targets

        targets = load_targets(targets)
    batches = _batches(articles, 1 if scheduler is None and workers <= 1 else workers)
    if scheduler is not None:
        results = _run_dask(batches, scheduler, targets, analyze)
    else:
        results = _run_local(batches, workers, targets, analyze)
    tables: dict[int, pd.DataFrame] = {}
    failed: dict[int, str] = {}
    with tqdm(total=len(articles), unit="article", file=sys.stderr, disable=not progress, desc="corpus") as bar:
        for batch in results:
            for index, table, message in batch:
                if message:
                    failed[index] = message
                    _print_error(message)
                else:
                    tables[index] = table
            bar.update(len(batch))
    errors.extend(failed[index] for index in sorted(failed))
    if analyze is None:  # records from article_records: one DataFrame, normalised once
        records = [record for index in sorted(tables) for record in tables[index]]
        table = normalise(pd.DataFrame(records, columns=CORPUS_COLUMNS))
    else:
        parts = [tables[index] for index in sorted(tables) if len(tables[index])]
        table = (pd.concat(parts, ignore_index=True) if parts else  # else keep the columns it said it has
                 next((t.iloc[:0] for t in tables.values() if t is not None), pd.DataFrame()))
    table.attrs["errors"] = errors
    table.attrs["n_articles"] = len(tables)
    return table


# ---------------------------------------------------------------- output and command line

def write_table(table: pd.DataFrame, out: str | Path) -> Path:
    """Write ``.csv`` or ``.parquet`` through a temporary file renamed into place (never half a file)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ArticleError(f"{out}: the output must end in .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        if suffix == ".csv":
            table.to_csv(temporary, index=False)
        else:
            try:
                table.to_parquet(temporary, index=False)
            except ImportError:
                raise ArticleError("writing .parquet needs pyarrow: pip install pyarrow (make install does)") from None
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers corpus``."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="articles, folders, JSONL, CSV/XLSX exports")
    parser.add_argument("--out", required=True, metavar="TABLE", help="output table, .csv or .parquet")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="N", help="local processes (default: one per core)")
    where.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="an existing Dask distributed scheduler, e.g. tcp://host:8786")
    parser.add_argument("--targets", default=None, metavar="FILE", help="stance targets (JSON) for every article")
    parser.add_argument("--text-column", default="text", metavar="C", help="field/column with the article text")
    parser.add_argument("--id-column", default=None, metavar="C", help="field/column with the article id")
    for name in META_NAMES:
        parser.add_argument(f"--{name}-column", default=None, metavar="C", help=f"field/column with the {name}")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run_cli(args: argparse.Namespace) -> int:
    """``python -m helpers corpus``: write the table; exit 1 if any input had to be skipped."""
    if Path(args.out).suffix.lower() not in (".csv", ".parquet"):
        raise ArticleError(f"{args.out}: the output must end in .csv or .parquet")
    if args.workers is not None and args.workers < 1:
        raise ArticleError("--workers must be 1 or more")
    columns = {name: getattr(args, f"{name}_column") for name in META_NAMES if getattr(args, f"{name}_column")}
    table = analyze_corpus(args.paths, workers=args.workers, scheduler=args.scheduler, text_column=args.text_column,
                           columns=columns or None, targets=args.targets, id_column=args.id_column,
                           progress=not args.quiet and sys.stderr.isatty())  # no bar in logs and pipes
    if not table.attrs.get("n_articles"):
        if table.attrs.get("errors"):  # every unusable input has had its one line already
            return 2
        raise ArticleError("no article could be analysed; nothing written")
    write_table(table, args.out)
    print(f"{len(table)} quotes from {table.attrs['n_articles']} articles -> {args.out}", file=sys.stderr)
    return 1 if table.attrs.get("errors") else 0
