"""Many articles at once: one table of quotes, on local processes or a Dask cluster, of any size.

``analyze_article`` runs the series' steps on one article (who said what ->
how it sounds -> where it stands) and returns **one row per quote**::

    file, article_id, title, outlet, date, quote_id, paragraph, sentence, speaker, speaker_id,
    speaker_key, speaker_type, gender, mention, side, kind, text, start, end, cue, uncertain,
    compound, pos, neu, neg, targets, stances, n_favor, n_against, n_neutral

``targets`` and ``stances`` are aligned ``"; "``-joined lists: the targets the quote concerns
(in the order of the target list) and the quote's stance toward each (``favor | against |
neutral``); a quote that concerns no target has both empty. ``stance_long(table)`` turns them
into the long table, one row per (quote, target), when you want to group by target.
``speaker_key`` names one person across a whole corpus (``helpers.speaker_keys``); it is given
by the final pass of a corpus run, so ``analyze_article`` leaves it empty.

``run_corpus`` (``python -m helpers corpus``) does the same for folders, JSON lines and CSV/XLSX
exports of any size: articles are read lazily (an unreadable file is reported and skipped),
shipped in bounded batches to ``workers`` local processes started once (the calling one works
too) or to an existing Dask distributed cluster (``scheduler="tcp://host:port"``), and every
finished batch is written at once (``helpers.corpus_store``): a killed run can be resumed, and
the table is the same whichever way it ran. ``analyze_corpus`` is the same run with the table
returned in memory.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import warnings
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

from helpers.articles import (TABLE_SUFFIXES, Article, ArticleError, iter_article_files, load_article,
                              load_articles, load_table)
from helpers.corpus_store import read_provenance, write_table  # noqa: F401  (part of this module's API)

QUOTE_COLUMNS = ["quote_id", "paragraph", "sentence", "speaker", "speaker_id", "speaker_key", "speaker_type",
                 "gender", "mention", "side", "kind", "text", "start", "end", "cue", "uncertain"]
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
    from helpers.speaker_keys import mention_gender, speaker_type
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
        row["speaker_type"] = row["speaker_type"] or speaker_type(row["speaker"] or "")
        row["gender"] = row["gender"] or (mention_gender(row["mention"] or "") if row["speaker_type"] == "person" else "")
        row["speaker_key"] = ""  # given over the whole corpus by the final pass (helpers.speaker_keys)
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
                    id_column: str | None = None) -> Iterator[Article]:
    """Every article in one file, lazily; CSV/TSV/XLSX through ``load_table`` with the user's column names."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        yield from load_table(path, text_column=text_column, id_column=id_column, columns=columns)
        return
    for article in load_articles(path, text_column=text_column):
        yield _apply_columns(article, columns, id_column)


def iter_collection(sources: Iterable[Article | str | Path] | str | Path, text_column: str = "text",
                    columns: dict[str, str] | None = None, id_column: str | None = None,
                    on_error: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Articles from paths, folders and Article objects, lazily and in input order.

    Unreadable input is reported through ``on_error`` and skipped (a file that breaks half-way
    keeps the articles read before the break).
    """
    if isinstance(sources, (str, Path, Article)):
        sources = [sources]
    on_error = on_error or _print_error
    for source in sources:
        if isinstance(source, Article):
            yield source
            continue
        files = iter_article_files([source])
        while True:
            try:
                path = next(files)
            except StopIteration:
                break
            except ArticleError as error:
                on_error(str(error))
                break
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # odd-but-usable input needs no line per file at scale
                    yield from read_collection(path, text_column, columns, id_column)
            except ArticleError as error:
                on_error(str(error))


def collect_articles(sources: Iterable[Article | str | Path] | str | Path, text_column: str = "text",
                     columns: dict[str, str] | None = None, id_column: str | None = None,
                     on_error: Callable[[str], None] | None = None) -> list[Article]:
    """``iter_collection`` as a list (small collections)."""
    return list(iter_collection(sources, text_column, columns, id_column, on_error))


def _print_error(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"error: {message}", file=sys.stderr)


# ---------------------------------------------------------------- batches

BATCH_SIZE = 32   # articles per batch (and per Parquet file) once the run is under way

Batch = list[tuple[int, Article]]


def numbered_batches(articles: Iterable[Article], batch_size: int = BATCH_SIZE,
                     done: Sequence[tuple[int, int, str]] = ()) -> Iterator[Batch]:
    """``(input index, article)`` batches, skipping the input ranges ``done`` (``(first, last, first id)``).

    The first batches are small (1, 2, 4, ... articles, up to ``batch_size``) so that work starts at
    once while helpers boot. A batch never spans a finished range, so every batch is one run of
    consecutive input indexes and the parts sort into input order by their first index. The id
    of each finished range's first article is checked: a changed input cannot be resumed.
    """
    ranges = iter(done)
    current = next(ranges, None)
    batch: Batch = []
    limit = 1
    for index, article in enumerate(articles):
        while current is not None and current[1] < index:
            current = next(ranges, None)
        if current is not None and current[0] <= index:
            if index == current[0] and article.id != current[2]:
                raise ArticleError(f"--resume: article {index} is now {article.id!r}, not {current[2]!r}: "
                                   "the input has changed since the interrupted run")
            if batch:
                yield batch
                batch = []
            continue
        batch.append((index, article))
        if len(batch) >= limit:
            yield batch
            batch, limit = [], min(batch_size, limit * 2)
    if batch:
        yield batch


class _Source:
    """Batches shared by the threads that feed workers: ``take`` is safe from any thread.

    ``give_back`` returns a batch that a worker could not finish (so another one does it); an
    error while reading the input ends the source and is kept in ``error``.
    """

    def __init__(self, batches: Iterator[Batch]):
        self._batches, self._returned = batches, deque()
        self._lock = threading.Lock()
        self.error: BaseException | None = None

    def take(self) -> Batch | None:
        with self._lock:
            if self._returned:
                return self._returned.popleft()
            if self.error is not None:
                return None
            try:
                return next(self._batches)
            except StopIteration:
                return None
            except BaseException as error:  # kept for the main thread, which raises it
                self.error = error
                return None

    def give_back(self, batch: Batch) -> None:
        with self._lock:
            self._returned.append(batch)


@dataclass
class BatchResult:
    """What a worker sends back for one batch: its rows, its failures and what produced them."""

    first: int
    last: int
    first_id: str
    n_articles: int
    frame: pd.DataFrame | None
    failed: list[list[Any]]          # [input index, file, article id, reason]
    provenance: dict[str, str]


@lru_cache(maxsize=None)
def provenance(with_pipeline: bool = True) -> dict[str, str]:
    """What produces the rows in this process: the package version and, for quotes, the spaCy pipeline."""
    from helpers import __version__

    meta = {"helpers_version": __version__}
    if with_pipeline:
        from helpers.syntax import pipeline_meta

        meta.update(pipeline_meta())
    return meta


def _analyze_batch(batch: Batch, targets: Any, analyze: Analyzer | None) -> BatchResult:
    """Run one batch; a failing article is listed with its reason, never stops the batch."""
    failed: list[list[Any]] = []
    parts: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, article in batch:
            try:
                parts.append((analyze or article_records)(article, targets))
            except Exception as error:  # report it and go on: the promise is one line per bad article
                where = f"{article.path}#{article.id}" if article.path else article.id
                failed.append([index, article.path, article.id, f"{where}: {type(error).__name__}: {error}"])
    if analyze is None:
        frame = normalise(pd.DataFrame([row for rows in parts for row in rows], columns=CORPUS_COLUMNS))
    else:
        rows = [part for part in parts if len(part)]
        frame = pd.concat(rows, ignore_index=True) if rows else (parts[0].iloc[:0] if parts else None)
    (first, article), last = batch[0], batch[-1][0]
    return BatchResult(first, last, article.id, len(batch), frame, failed, provenance(analyze is None))


# ---------------------------------------------------------------- running many

def default_workers() -> int:
    """One worker per core available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool_context(start: bool = False):
    """Worker processes that start clean: forkserver where there is one (safe beside threads), else spawn.

    ``start`` boots the fork server now, in the background, so that it imports the pipeline while
    this process is still opening the input.
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


Sink = Callable[[BatchResult], None]


def _run_local(source: _Source, workers: int, targets: Any, analyze: Analyzer | None, sink: Sink) -> None:
    """Run every batch on ``workers`` local processes: this one and ``workers - 1`` helpers started once.

    A thread keeps each helper two batches ahead and hands their results to ``sink``; this
    process works on the next batch meanwhile, so it never waits for the helpers to start. A
    batch whose helper died is given back and done here.
    """
    stop = threading.Event()
    problems: list[BaseException] = []
    helpers = workers - 1

    def feed() -> None:
        running: dict[Any, Batch] = {}
        try:
            with ProcessPoolExecutor(max_workers=helpers, mp_context=_pool_context()) as pool:
                while True:
                    while len(running) < 2 * helpers and not stop.is_set():
                        batch = source.take()
                        if batch is None:
                            break
                        try:
                            running[pool.submit(_analyze_batch, batch, targets, analyze)] = batch
                        except Exception:  # no helper can start: this process does the rest
                            source.give_back(batch)
                            return
                    if not running:
                        return
                    done, _pending = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        batch = running.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            source.give_back(batch)
                            for other in running.values():
                                source.give_back(other)
                            _print_error("a helper process died (out of memory?); this process goes on alone")
                            return
                        sink(result)
        except BaseException as error:  # a failing sink (disk full): stop, and let the main thread raise
            problems.append(error)
            stop.set()

    feeder = None
    if helpers > 0:
        feeder = threading.Thread(target=feed, name="corpus helpers", daemon=True)
        feeder.start()
    try:
        while not stop.is_set():
            batch = source.take()
            if batch is None:
                if feeder is None or not feeder.is_alive():
                    break
                feeder.join(0.2)  # the helpers' last batches may still be given back
                continue
            sink(_analyze_batch(batch, targets, analyze))
    finally:
        stop.set()
        if feeder is not None:
            feeder.join()
    if problems:
        raise problems[0]


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


def _dask_client(scheduler: Any):
    """``(client, owned)``: a client for an address (checked first), or the given Client."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ArticleError("--scheduler needs Dask: pip install 'dask[distributed]' (make install does)") from None
    if hasattr(scheduler, "submit"):
        return scheduler, False
    _check_reachable(str(scheduler))
    try:
        return Client(scheduler, timeout="20s"), True
    except OSError as error:
        raise ArticleError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None


def _run_dask(source: _Source, client: Any, targets: Any, analyze: Analyzer | None, sink: Sink) -> None:
    """Stream the batches through a Dask cluster: a bounded window of batches in flight, results
    handed to ``sink`` as they finish (nothing gathered on the client)."""
    from dask.distributed import as_completed

    workers = len(client.scheduler_info().get("workers", {}))
    pending = as_completed()

    def submit() -> None:
        batch = source.take()
        if batch is not None:
            pending.add(client.submit(_analyze_batch, batch, targets, analyze, pure=False))

    for _ in range(max(4, 3 * workers)):
        submit()
    for future in pending:
        result = future.result()
        future.release()
        sink(result)
        submit()


# ---------------------------------------------------------------- a whole run

QUOTE_SCHEMA_TYPES = {**{column: "string" for column in CORPUS_COLUMNS}, **_DTYPES}


def quote_schema():
    """The Arrow schema of the corpus table (one schema for every part)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(column, types[QUOTE_SCHEMA_TYPES[column]]) for column in CORPUS_COLUMNS])


def _schema_of(frame: pd.DataFrame):
    """The Arrow schema of a custom analyser's first rows (columns with no values yet become text)."""
    import pyarrow as pa

    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    return pa.schema([pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in schema])


def _settings(sources: Any, text_column: str, columns: dict[str, str] | None, id_column: str | None,
              targets: Any, analyze: Analyzer | None) -> dict[str, Any]:
    """What decides the rows of a run; ``--resume`` refuses to mix runs whose settings differ."""
    from helpers import __version__

    items = [sources] if isinstance(sources, (str, Path, Article)) else list(sources)
    inputs = [f"article:{item.id}" if isinstance(item, Article) else str(Path(item).resolve()) for item in items]
    name = "quotes" if analyze is None else f"{analyze.__module__}.{analyze.__qualname__}"
    return {"inputs": inputs, "text_column": text_column, "columns": columns or {}, "id_column": id_column,
            "targets": targets if targets is not None else "per article: sidecar, else suggested from the text",
            "table": name, "helpers_version": __version__}


def run_corpus(sources: Iterable[Article | str | Path] | str | Path, out: str | Path, workers: int | None = None,
               scheduler: Any = None, text_column: str = "text", columns: dict[str, str] | None = None,
               targets: Targets | str | Path | None = None, id_column: str | None = None, resume: bool = False,
               speakers_out: str | Path | None = None, batch_size: int = BATCH_SIZE, progress: bool = True,
               analyze: Analyzer | None = None) -> dict[str, Any]:
    """Analyse a collection into the table ``out`` (``.parquet`` dataset or ``.csv``), streaming.

    Articles are read lazily (pass paths to stream; an iterable of ``Article`` objects is made a list
    first), sent in batches to workers started once (``workers`` local
    processes, this one included, or the Dask cluster at ``scheduler``), and each finished batch
    is written at once to ``OUT.partial/`` (``helpers.corpus_store``); the final pass gives the
    ``speaker_key`` column, writes ``out`` (and ``speakers_out``, the corpus speakers table) and
    removes the partial folder. ``resume`` continues an interrupted run. Returns the summary:
    ``n_articles, n_failed, n_quotes, n_speakers, errors_file, provenance, seconds``.
    """
    import time

    from tqdm import tqdm

    from helpers.articles import count_articles
    from helpers.corpus_store import RunFolder, check_output, done_ranges, finish

    started = time.perf_counter()
    if not isinstance(sources, (str, Path, Article, list, tuple)):  # a generator is read twice (settings, run)
        sources = list(sources)
    out = check_output(out)
    speakers_out = check_output(speakers_out, "--speakers-out") if speakers_out is not None else None
    run = RunFolder(out)
    if resume and not run.path.exists():
        if out.exists():
            return {"complete": True, "seconds": 0.0}
        raise ArticleError(f"--resume: there is no interrupted run of {out} to continue")
    workers = default_workers() if workers is None else max(1, int(workers))
    client, owned = _dask_client(scheduler) if scheduler is not None else (None, False)
    try:
        if isinstance(targets, (str, Path)):  # read once here, not once per article on every worker
            from helpers.stance import load_targets

            targets = load_targets(targets)
        settings = _settings(sources, text_column, columns, id_column, targets, analyze)
        entries = run.open(settings, resume)
        if client is None and workers > 1:
            _pool_context(start=True)
        input_errors: list[str] = []
        schema = quote_schema() if analyze is None else None
        if schema is None and entries:
            from pyarrow import parquet

            schema = parquet.read_schema(run.part_paths(entries)[0]) if run.part_paths(entries) else None
        lock = threading.Lock()
        bar = tqdm(initial=sum(e["n_articles"] for e in entries), unit="article", file=sys.stderr,
                   disable=not progress, desc="corpus", dynamic_ncols=True)
        n_failed = [sum(len(e.get("failed", [])) for e in entries)]

        def note(message: str) -> None:
            input_errors.append(message)
            with lock:
                bar.set_postfix(errors=n_failed[0] + len(input_errors))
            _print_error(message)

        def sink(result: BatchResult) -> None:
            nonlocal schema
            import pyarrow as pa

            with lock:
                table = None
                if result.frame is not None and len(result.frame):
                    schema = schema or _schema_of(result.frame)
                    table = pa.Table.from_pandas(result.frame, schema=schema, preserve_index=False)
                elif schema is None and result.frame is not None:
                    schema = _schema_of(result.frame)
                run.record({"first": result.first, "last": result.last, "first_id": result.first_id,
                            "n_articles": result.n_articles, "rows": 0 if table is None else table.num_rows,
                            "failed": result.failed, "provenance": result.provenance}, table)
                for failure in result.failed:
                    _print_error(failure[-1])
                n_failed[0] += len(result.failed)
                bar.update(result.n_articles)
                if n_failed[0] or input_errors:
                    bar.set_postfix(errors=n_failed[0] + len(input_errors))

        def count() -> None:
            total = count_articles(sources, text_column)
            if total is not None:
                with lock:
                    bar.total = total
                    bar.refresh()

        if progress:
            threading.Thread(target=count, name="corpus count", daemon=True).start()
        articles = iter_collection(sources, text_column, columns, id_column, on_error=note)
        source = _Source(numbered_batches(articles, max(1, batch_size), done_ranges(entries)))
        try:
            if client is not None:
                _run_dask(source, client, targets, analyze, sink)
            else:
                _run_local(source, workers, targets, analyze, sink)
        finally:
            with lock:
                bar.close()
        if source.error is not None:
            raise source.error
        entries = run.entries()
        if not sum(e["n_articles"] for e in entries):
            run.remove()
            if input_errors:  # every unusable input has had its one line already
                return {"n_articles": 0, "n_failed": len(input_errors), "n_quotes": 0, "seconds": 0.0}
            raise ArticleError("no article could be read; nothing written")
        metadata = {"producer": "python -m helpers corpus", **{k: settings[k] for k in ("targets", "text_column",
                                                                                       "columns", "id_column")}}
        if schema is None:
            schema = _schema_of(pd.DataFrame())
        keys = {"article_id", "speaker", "speaker_type", "speaker_key", "kind", "side", "mention"} <= set(schema.names)
        summary = finish(run, schema, metadata, input_errors, speakers_out, keys=keys)
    except BaseException:
        if run.path.exists() and not run.entries():  # nothing done: nothing to resume either
            run.remove()
        raise
    finally:
        if owned:
            client.close()
    return {**summary, "seconds": time.perf_counter() - started}


def analyze_corpus(paths_or_articles: Iterable[Article | str | Path] | str | Path, workers: int | None = None,
                   scheduler: Any = None, text_column: str = "text", columns: dict[str, str] | None = None,
                   targets: Targets | str | Path | None = None, id_column: str | None = None,
                   progress: bool = True, analyze: Analyzer | None = None) -> pd.DataFrame:
    """One row per quote over a whole collection, in memory (see the module docstring for the columns).

    The same run as ``run_corpus`` (written to a temporary table and read back), for collections
    that fit in memory; use ``run_corpus`` or the command line for large ones.

    - ``paths_or_articles``: files, folders (walked in sorted order), JSONL/JSON, CSV/TSV/XLSX
      exports and/or ``Article`` objects.
    - ``workers``: local processes, this one included (default one per core; 1 runs only here).
    - ``scheduler``: address of an existing Dask distributed scheduler (``tcp://host:port``) or a
      ``dask.distributed.Client``; replaces ``workers``.
    - ``text_column`` / ``columns`` / ``id_column``: the text field and ``{"title": "headline", ...}``
      for collections whose fields have other names.
    - ``targets``: one target list for every article (compare like with like), else each article's
      sidecar or suggested targets.
    - ``analyze``: the per-article function (default: the quote rows); it must be importable by
      the workers (a module-level function).

    Unreadable files and articles that fail are reported on stderr and skipped; their messages are
    kept in ``table.attrs["errors"]``, the number of articles read in ``attrs["n_articles"]`` and
    what produced the table in ``attrs["provenance"]``.
    """
    with tempfile.TemporaryDirectory(prefix="corpus-") as folder:
        out = Path(folder) / "table.parquet"
        summary = run_corpus(paths_or_articles, out, workers=workers, scheduler=scheduler, text_column=text_column,
                             columns=columns, targets=targets, id_column=id_column, progress=progress,
                             analyze=analyze)
        if not out.exists():  # nothing could be read
            table = empty_table() if analyze is None else pd.DataFrame()
            errors: list[str] = []
        else:
            table = read_table(out)
            errors_file = Path(summary["errors_file"]) if summary.get("errors_file") else None
            errors = pd.read_csv(errors_file, keep_default_na=False)["error"].tolist() if errors_file else []
    table.attrs.update(errors=errors, n_articles=summary["n_articles"], provenance=summary.get("provenance", {}))
    return table


def read_table(path: str | Path) -> pd.DataFrame:
    """A table written by ``run_corpus`` (a ``.parquet`` dataset or a ``.csv``) as ``analyze_corpus`` returns it:
    a quote table gets the fixed columns and dtypes of ``normalise`` (text as Python strings, "" when empty)."""
    path = Path(path)
    table = pd.read_csv(path, keep_default_na=False) if path.suffix.lower() == ".csv" else pd.read_parquet(path)
    return normalise(table) if set(CORPUS_COLUMNS) <= set(table.columns) else table


def corpus_speakers(table: pd.DataFrame) -> pd.DataFrame:
    """The corpus speakers table of a corpus table in memory (what ``--speakers-out`` writes)."""
    from helpers.corpus_store import SpeakerTally

    tally = SpeakerTally()
    tally.add(table)
    return tally.table()


# ---------------------------------------------------------------- command line

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers corpus``."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="articles, folders, JSONL, CSV/XLSX exports")
    parser.add_argument("--out", required=True, metavar="TABLE",
                        help="output table: .parquet (a dataset, one file per batch) or .csv")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="N", help="local processes (default: one per core)")
    where.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="an existing Dask distributed scheduler, e.g. tcp://host:8786")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run of the same --out")
    parser.add_argument("--speakers-out", default=None, metavar="TABLE",
                        help="also write the corpus speakers table (.csv or .parquet), one row per speaker_key")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, metavar="N",
                        help=f"articles per batch and per Parquet file (default {BATCH_SIZE})")
    parser.add_argument("--targets", default=None, metavar="FILE", help="stance targets (JSON) for every article")
    parser.add_argument("--text-column", default="text", metavar="C", help="field/column with the article text")
    parser.add_argument("--id-column", default=None, metavar="C", help="field/column with the article id")
    for name in META_NAMES:
        parser.add_argument(f"--{name}-column", default=None, metavar="C", help=f"field/column with the {name}")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")


def run_cli(args: argparse.Namespace) -> int:
    """``python -m helpers corpus``: write the table; exit 1 if any input had to be skipped."""
    from helpers.corpus_store import check_output

    check_output(args.out)
    if args.speakers_out:
        check_output(args.speakers_out, "--speakers-out")
    if args.workers is not None and args.workers < 1:
        raise ArticleError("--workers must be 1 or more")
    if args.batch_size < 1:
        raise ArticleError("--batch-size must be 1 or more")
    columns = {name: getattr(args, f"{name}_column") for name in META_NAMES if getattr(args, f"{name}_column")}
    try:
        summary = run_corpus(args.paths, args.out, workers=args.workers, scheduler=args.scheduler,
                             text_column=args.text_column, columns=columns or None, targets=args.targets,
                             id_column=args.id_column, resume=args.resume, speakers_out=args.speakers_out,
                             batch_size=args.batch_size,
                             progress=not args.quiet and sys.stderr.isatty())  # no bar in logs and pipes
    except KeyboardInterrupt:
        from helpers.corpus_store import RunFolder

        if RunFolder(Path(args.out)).path.exists():
            raise ArticleError(f"interrupted; the finished batches are kept in {RunFolder(Path(args.out)).path}: "
                               "the same command with --resume continues") from None
        raise
    if summary.get("complete"):
        print(f"nothing to resume: {args.out} is complete", file=sys.stderr)
        return 0
    if not summary["n_articles"]:
        return 2
    if not args.quiet:
        seconds = summary["seconds"]
        lines = [f"{summary['n_quotes']:,} quotes from {summary['n_articles']:,} articles in {seconds:.0f} s "
                 f"({summary['n_articles'] / max(seconds, 1e-9):.1f} articles/s) -> {args.out}"]
        if "n_speakers" in summary:
            lines.append(f"{summary['n_speakers']:,} speakers -> {args.speakers_out}")
        if summary["n_failed"]:
            lines.append(f"{summary['n_failed']:,} articles or files failed; the reasons -> {summary['errors_file']}")
        print("\n".join(lines), file=sys.stderr)
    return 1 if summary["n_failed"] else 0
