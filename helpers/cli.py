"""``python -m helpers COMMAND FILE_OR_DIR... [--format jsonl|csv]``.

Table commands print one record per line, each with a ``file`` field. Unusable input
gives one plain line on stderr and a non-zero exit, never a traceback (set
``HELPERS_DEBUG=1`` to see one). Warnings about odd but usable input are one line each.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import json
import math
import os
import re
import signal
import sys
import warnings
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from helpers.articles import Article, ArticleError, iter_article_files, load_articles

TableFunction = Callable[[Article, argparse.Namespace], pd.DataFrame]


def _sentences(article: Article, args: argparse.Namespace) -> pd.DataFrame:
    from helpers.segment import sentences

    return sentences(article.text)


def _tokens(article: Article, args: argparse.Namespace) -> pd.DataFrame:
    from helpers.segment import tokens

    return tokens(article.text)


def _lazy(module: str, name: str) -> Callable[..., Any]:
    """A function imported only when called, so that ``sentences`` never waits for Dask or Jupyter."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)
    return call


# name -> (help, function building the table for one article)
TABLE_COMMANDS: dict[str, tuple[str, TableFunction]] = {
    "sentences": ("one record per sentence with offsets", _sentences),
    "tokens": ("one record per word token with offsets", _tokens),
    "quotes": ("one record per quote (direct, indirect, mixed, reaction) with its speaker", _lazy("helpers.speakers", "article_quotes")),
    "speakers": ("one record per speaker with quote counts and sentiment", _lazy("helpers.sentiment", "article_speakers")),
    "stances": ("one record per (speaker, target) with the stance", _lazy("helpers.stance", "article_stances")),
}
# name -> (help, module defining add_arguments(parser) and run_cli(args) -> exit code)
OTHER_COMMANDS: dict[str, tuple[str, str]] = {
    "report": ("run notebooks 01-04 on articles and write an HTML report", "helpers.report"),
    "corpus": ("analyse a collection of any size into one table of quotes (streaming, resumable; local processes or Dask)",
               "helpers.corpus"),
    "coding-sheet": ("export quotes and targets as a sheet for hand coding", "helpers.coding"),
    "agreement": ("agreement between coders, and between coders and the tool", "helpers.agreement"),
}


def _clean(value: Any) -> Any:
    """JSON-safe scalars: NaN becomes null, numpy numbers become Python numbers."""
    if type(value) in _PLAIN:  # most cells: nothing to do
        return value
    if value is pd.NA or value is pd.NaT:  # nullable columns (Int64 offsets of quotes without a cue)
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


_PLAIN = frozenset({str, int, bool, type(None)})


def table_records(file: str, table: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` as dicts with ``file`` first."""
    columns = [column for column in table.columns if column != "file"]
    selected = table[columns]
    # cleaned column by column from ``tolist`` (Python scalars, no pandas call per cell), then zipped into rows
    cleaned = [[_clean(value) for value in selected.iloc[:, position].tolist()] for position in range(len(columns))]
    for row in zip(*cleaned):
        yield {"file": file, **dict(zip(columns, row))}


# Characters that str.splitlines() and some JSON readers take for line ends: escaped, so that one
# record is one line for every reader (json.dumps already escapes the ASCII control characters).
_JSON_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_LINE_BREAK_CHARS = re.compile("[\x85\u2028\u2029]")


class RecordWriter:
    """Writes records as JSON lines or CSV (one header, from the first record)."""

    def __init__(self, stream, fmt: str):
        self.stream, self.fmt, self.writer = stream, fmt, None

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            line = json.dumps(record, ensure_ascii=False)
            if not line.isascii() and _LINE_BREAK_CHARS.search(line):
                line = line.translate(_JSON_LINE_BREAKS)
            self.stream.write(line + "\n")
            return
        if self.writer is None:
            self.writer = csv.DictWriter(self.stream, fieldnames=list(record), extrasaction="ignore", lineterminator="\n")
            self.writer.writeheader()
        self.writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                              for k, v in record.items()})


def article_label(article: Article) -> str:
    """The ``file`` field of a record: the path, plus ``#id`` for articles inside collections."""
    collection = article.id != os.path.splitext(os.path.basename(article.path))[0]
    return f"{article.path}#{article.id}" if collection else article.path


def run_table_command(function: TableFunction, args: argparse.Namespace) -> int:
    """Run a table command over every article in ``args.paths``; report bad files and go on."""
    writer = RecordWriter(sys.stdout, args.format)
    failures = 0
    for path in iter_article_files(args.paths):
        try:
            articles: Iterable[Article] = list(load_articles(path))
            for article in articles:
                for record in table_records(article_label(article), function(article, args)):
                    writer.write(record)
        except ArticleError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
    sys.stdout.flush()
    return 1 if failures else 0


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the ``chosen`` command's module is imported to add its options."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description="Analyse news articles: who said what, how they sound, where they stand.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, _function) in TABLE_COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        sub.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        sub.add_argument("--targets", default=None, help="stance targets file (JSON) for the stances command")
        if name in ("quotes", "speakers", "stances"):
            sub.add_argument("--max-parse-chars", type=int, default=None, metavar="N",
                             help="characters of sentences one article may send to the parser "
                                  "(default 1,000,000; larger articles are refused with one line)")
        if name == "speakers":
            sub.add_argument("--exclude-indirect", action="store_true",
                             help="sentiment means from direct quotes only (indirect speech is the journalist's paraphrase)")
    for name, (help_text, module) in OTHER_COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if name == chosen:
            importlib.import_module(module).add_arguments(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((word for word in argv if not word.startswith("-")), None)
    warnings.showwarning = _show_warning
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    # SIGTERM (kill, timeout, a closed terminal) unwinds like Ctrl-C, so temporary report folders
    # and half-written tables are removed by the commands' cleanup code instead of left behind.
    try:
        previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # main() called outside the main thread: leave signals alone
        previous_handler = None
    try:
        args = build_parser(chosen).parse_args(argv)
        if args.command in TABLE_COMMANDS:
            if getattr(args, "max_parse_chars", None):
                from helpers.syntax import MAX_PARSE_SETTING

                os.environ[MAX_PARSE_SETTING] = str(args.max_parse_chars)
            return run_table_command(TABLE_COMMANDS[args.command][1], args)
        return importlib.import_module(OTHER_COMMANDS[args.command][1]).run_cli(args)
    except ArticleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the promise is one line, never a traceback
        if os.environ.get("HELPERS_DEBUG"):
            raise
        print(f"error: unexpected failure ({type(error).__name__}: {error}); rerun with HELPERS_DEBUG=1 for details",
              file=sys.stderr)
        return 1
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
