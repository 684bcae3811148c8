"""Where a corpus run keeps its work: parts written as batches finish, a manifest, and the final pass.

A run writing ``OUT`` (``quotes.parquet`` or ``quotes.csv``) works in ``OUT.partial/``::

    run.json         the settings of the run (inputs, columns, targets, analyser)
    manifest.jsonl   one line per finished batch: input indexes, rows, failures, provenance
    parts/           part-<first input index>.parquet, one file per batch that had rows

A batch's part is written to a temporary name and renamed, *then* its manifest line is
appended: a killed run leaves whole parts and a manifest that lists exactly the finished ones
(a part without its line, or a torn last line, is redone). ``--resume`` reads the manifest and
skips those articles. Nothing named ``OUT`` exists until the final pass: it gives every row its
``speaker_key`` (``helpers.speaker_keys``), writes the table (Parquet: one file per batch, one
schema, the provenance in each file's metadata; CSV: one file in input order and
``NAME.provenance.json`` beside it), the corpus speakers table, ``NAME.errors.csv`` with the
articles that failed and why, and removes the ``.partial`` folder. Memory stays that of one part.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.articles import ArticleError
from helpers.speaker_keys import KeyBook, mention_gender

OUTPUT_SUFFIXES = (".csv", ".parquet")
METADATA_KEY = b"helpers.corpus"
SPEAKERS_COLUMNS = ["speaker_key", "speaker", "names", "speaker_type", "gender", "n_articles", "n_quotes",
                    "n_direct", "n_indirect", "sides"]
ERROR_COLUMNS = ["index", "file", "article_id", "error"]
LIST_SEPARATOR = "; "


def check_output(path: str | Path, what: str = "the output") -> Path:
    """``path`` as a Path if it ends in .csv or .parquet, else one plain error."""
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise ArticleError(f"{path}: {what} must end in .csv or .parquet")
    return path


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ArticleError("corpus runs need pyarrow: pip install pyarrow (make install does)") from None
    return pa, pq


def _replace_file(write, out: Path) -> None:
    """Call ``write(temporary_path)`` and rename the result to ``out``: never half a file at ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def write_table(table: pd.DataFrame, out: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Write one ``.csv`` or ``.parquet`` file through a temporary file renamed into place."""
    out = check_output(out)
    if out.suffix.lower() == ".csv":
        _replace_file(lambda path: table.to_csv(path, index=False), out)
    else:
        pa, pq = _pyarrow()
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        if metadata is not None:
            arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), METADATA_KEY: json.dumps(metadata)})
        _replace_file(lambda path: pq.write_table(arrow, path), out)
    return out


def sidecar(out: Path, kind: str, suffix: str) -> Path:
    """``NAME.<kind><suffix>`` beside an output table (``quotes.errors.csv``, ``quotes.provenance.json``)."""
    return out.with_name(f"{out.stem}.{kind}{suffix}")


def read_provenance(path: str | Path) -> dict[str, Any]:
    """What produced a corpus table: the metadata of a Parquet table, the sidecar of a CSV one."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return json.loads(sidecar(path, "provenance", ".json").read_text(encoding="utf-8"))
    _pa, pq = _pyarrow()
    first = min(path.glob("*.parquet")) if path.is_dir() else path
    return json.loads(pq.read_schema(first).metadata[METADATA_KEY])


# ---------------------------------------------------------------- the run folder

@dataclass
class RunFolder:
    """The ``OUT.partial`` folder of a run and what it says is finished."""

    out: Path

    @property
    def path(self) -> Path:
        return self.out.with_name(self.out.name + ".partial")

    @property
    def parts(self) -> Path:
        return self.path / "parts"

    @property
    def manifest(self) -> Path:
        return self.path / "manifest.jsonl"

    def open(self, settings: dict[str, Any], resume: bool) -> list[dict[str, Any]]:
        """Start a run, or continue one with ``resume``; returns the finished batches' manifest entries."""
        settings_file = self.path / "run.json"
        if self.path.exists():
            if not resume:
                raise ArticleError(f"{self.path} holds an interrupted run: add --resume to continue it, "
                                   f"or delete that folder to start over")
            try:
                before = json.loads(settings_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise ArticleError(f"{self.path} is not a corpus run that can be resumed (no run.json); "
                                   f"delete it to start over") from None
            changed = sorted(k for k in set(before) | set(settings) if before.get(k) != settings.get(k))
            if changed:
                raise ArticleError(f"--resume: the interrupted run had other settings ({', '.join(changed)}); "
                                   f"use the same ones, or delete {self.path} to start over")
        else:
            self.parts.mkdir(parents=True)
            _replace_file(lambda p: Path(p).write_text(json.dumps(settings, indent=1), encoding="utf-8"),
                          settings_file)
        entries = self.entries()
        # the manifest again from its whole lines only, so that a torn last line cannot swallow the next one
        lines = "".join(json.dumps(entry) + "\n" for entry in entries)
        _replace_file(lambda p: Path(p).write_text(lines, encoding="utf-8"), self.manifest)
        listed = {entry["part"] for entry in entries if entry["part"]}
        for stray in self.parts.iterdir():  # a part renamed in just before a kill, or a temporary file
            if stray.name not in listed:
                stray.unlink()
        return entries

    def entries(self) -> list[dict[str, Any]]:
        """The manifest's entries, sorted by first input index (a torn last line is ignored)."""
        found = []
        if self.manifest.exists():
            for line in self.manifest.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if not entry.get("part") or (self.parts / entry["part"]).exists():
                    found.append(entry)
        return sorted(found, key=lambda entry: entry["first"])

    def record(self, entry: dict[str, Any], arrow_table: Any) -> None:
        """Write a finished batch: its part (when it has rows), then its manifest line."""
        if arrow_table is not None and arrow_table.num_rows:
            _pa, pq = _pyarrow()
            entry["part"] = f"part-{entry['first']:010d}.parquet"
            temporary = self.parts / f".{entry['part']}.tmp"
            pq.write_table(arrow_table, temporary)
            os.replace(temporary, self.parts / entry["part"])
        else:
            entry["part"] = None
        with open(self.manifest, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")

    def part_paths(self, entries: list[dict[str, Any]]) -> list[Path]:
        return [self.parts / entry["part"] for entry in entries if entry["part"]]

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def done_ranges(entries: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """``(first, last, id of the first article)`` of every finished batch, in input order."""
    return [(entry["first"], entry["last"], entry["first_id"]) for entry in entries]


# ---------------------------------------------------------------- the final pass

@dataclass
class _Speaker:
    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    sides: Counter = field(default_factory=Counter)
    genders: Counter = field(default_factory=Counter)
    n_articles: int = 0
    n_quotes: int = 0
    n_direct: int = 0
    n_indirect: int = 0


def _ranked(counts: Counter) -> list[str]:
    return [name for name, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


class SpeakerTally:
    """The corpus speakers table, built part by part (one row per ``speaker_key``)."""

    def __init__(self) -> None:
        self.speakers: dict[str, _Speaker] = defaultdict(_Speaker)

    def add(self, frame: pd.DataFrame) -> None:
        named = frame[frame["speaker_key"] != ""]
        for (key, _article), group in named.groupby(["speaker_key", "article_id"], sort=False):
            entry = self.speakers[key]
            entry.n_articles += 1
            entry.n_quotes += len(group)
            entry.n_direct += int((group["kind"] == "direct").sum())
            entry.n_indirect += int(group["kind"].isin(("indirect", "mixed")).sum())
            entry.names.update(group["speaker"])
            entry.types.update(group["speaker_type"])
            entry.sides.update(side for side in group["side"] if side)
            genders = group["gender"] if "gender" in group else group["mention"].map(mention_gender)
            entry.genders.update(g for g in genders if g in ("female", "male"))

    def table(self) -> pd.DataFrame:
        rows = []
        for key, entry in self.speakers.items():
            kind = _ranked(entry.types)[0]
            gender = ""
            if kind == "person":  # the majority of the evidence; a tie or none is "unknown"
                (top, n_top), *rest = entry.genders.most_common() or [("unknown", 0)]
                gender = top if n_top and (not rest or n_top > rest[0][1]) else "unknown"
            names = _ranked(entry.names)
            rows.append((key, names[0], LIST_SEPARATOR.join(names), kind, gender, entry.n_articles, entry.n_quotes,
                         entry.n_direct, entry.n_indirect, LIST_SEPARATOR.join(_ranked(entry.sides))))
        table = pd.DataFrame(rows, columns=SPEAKERS_COLUMNS)
        return table.sort_values(["n_quotes", "n_articles", "speaker_key"], ascending=[False, False, True],
                                 ignore_index=True)


def key_book(parts: list[Path]) -> KeyBook:
    """The evidence for the speaker keys: every (article, speaker, type) of the parts, once."""
    _pa, pq = _pyarrow()
    book = KeyBook()
    for part in parts:
        frame = pq.read_table(part, columns=["article_id", "speaker", "speaker_type"]).to_pandas()
        for article_id, speaker, kind in frame.drop_duplicates().itertuples(index=False):
            if speaker:
                book.add(article_id, speaker, kind)
    return book


def add_speaker_keys(frame: pd.DataFrame, book: KeyBook) -> pd.DataFrame:
    """``frame`` with its ``speaker_key`` column filled from ``book``."""
    keys: dict[tuple[str, str, str], str] = {}
    for triple in zip(frame["article_id"], frame["speaker"], frame["speaker_type"]):
        if triple not in keys:
            keys[triple] = book.key(*triple)
    frame["speaker_key"] = [keys[t] for t in zip(frame["article_id"], frame["speaker"], frame["speaker_type"])]
    return frame


class _TableWriter:
    """The final table, part by part, made visible at ``out`` only by ``commit``."""

    def __init__(self, out: Path, metadata: dict[str, Any]):
        self.out, self.metadata, self.count = out, metadata, 0
        out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        self.csv = self.staging / "table.csv" if out.suffix.lower() == ".csv" else None

    def write(self, arrow_table: Any, name: str) -> None:
        if self.csv is not None:
            arrow_table.to_pandas().to_csv(self.csv, mode="a", header=self.count == 0, index=False)
        else:
            _pa, pq = _pyarrow()
            schema = arrow_table.schema.with_metadata({**(arrow_table.schema.metadata or {}),
                                                       METADATA_KEY: json.dumps(self.metadata)})
            pq.write_table(arrow_table.cast(schema), self.staging / name)
        self.count += 1

    def commit(self) -> None:
        if self.csv is not None:
            os.replace(self.csv, self.out)
            _replace_file(lambda p: Path(p).write_text(json.dumps(self.metadata, indent=1), encoding="utf-8"),
                          sidecar(self.out, "provenance", ".json"))
            shutil.rmtree(self.staging)
            return
        if self.out.is_dir():
            if any(not p.name.startswith("part-") for p in self.out.iterdir()):
                raise ArticleError(f"{self.out} is a folder that was not written by helpers corpus; not replacing it")
            old = self.out.with_name(f".{self.out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.out, old)
            os.replace(self.staging, self.out)
            shutil.rmtree(old)
        else:
            if self.out.exists():
                self.out.unlink()
            os.replace(self.staging, self.out)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def failures(entries: list[dict[str, Any]], input_errors: list[str]) -> pd.DataFrame:
    """Every article that failed (input index, file, id, reason) and every unreadable input, in order."""
    rows = [(-1, message.split(":")[0], "", message) for message in input_errors]
    rows += [tuple(failure) for entry in entries for failure in entry.get("failed", [])]
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


def finish(run: RunFolder, schema: Any, metadata: dict[str, Any], input_errors: list[str],
           speakers_out: Path | None = None, keys: bool = True) -> dict[str, Any]:
    """The final pass: keys, the table at ``run.out``, speakers, errors; then the run folder goes.

    ``schema``: the parts' Arrow schema (used for an empty table). Returns the summary counts.
    """
    pa, pq = _pyarrow()
    entries = run.entries()
    provenances = {json.dumps(entry.get("provenance", {}), sort_keys=True) for entry in entries}
    if len(provenances) > 1:
        raise ArticleError(f"the batches of {run.path} were made by different versions or pipelines "
                           f"({'; '.join(sorted(provenances))}); delete it and run again")
    parts = run.part_paths(entries)
    errors = failures(entries, input_errors)
    summary = {"n_articles": sum(entry["n_articles"] for entry in entries) - int((errors["index"] >= 0).sum()),
               "n_failed": int(len(errors)), "n_quotes": sum(entry.get("rows", 0) for entry in entries)}
    metadata = {**metadata, **(json.loads(provenances.pop()) if provenances else {}), **summary}
    book = key_book(parts) if keys else None
    tally = SpeakerTally() if keys else None
    writer = _TableWriter(run.out, metadata)
    try:
        for part in parts:
            table = pq.read_table(part)
            if book is not None:
                frame = add_speaker_keys(table.to_pandas(), book)
                tally.add(frame)
                table = pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False)
            writer.write(table, part.name)
        if not parts:
            writer.write(schema.empty_table(), "part-0000000000.parquet")
        writer.commit()
    except BaseException:
        writer.abandon()
        raise
    error_file = sidecar(run.out, "errors", ".csv")
    if len(errors):
        write_table(errors, error_file)
    elif error_file.exists():
        error_file.unlink()
    if tally is not None and speakers_out is not None:
        speakers = tally.table()
        write_table(speakers, speakers_out, metadata)
        summary["n_speakers"] = len(speakers)
    run.remove()
    return {**summary, "errors_file": str(error_file) if len(errors) else "", "provenance": metadata}

