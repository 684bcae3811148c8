"""Articles: one record per news article, loaded from whatever a user has.

Formats: ``.txt`` (UTF-8 with or without BOM, UTF-16 with BOM, Latin-1/CP-1252 as a
fallback with a warning; any line ends), ``.html``/``.htm`` (the main text, extracted
with trafilatura), ``.json`` (an object or a list of objects with a ``text`` field),
``.jsonl`` (one object per line), and ``.csv``/``.xlsx`` collections (a text column
plus metadata columns, the shape of LexisNexis and Media Cloud exports).

The text is kept exactly as decoded: every offset that later steps report points into
``Article.text``. Optional sidecars beside ``NAME.txt`` add what the file cannot say:
``NAME.meta.json`` (title, outlet, date, url), ``NAME.targets.json`` (stance targets)
and ``NAME.corrections.json`` (fixes to speakers and quotes).
"""
from __future__ import annotations

import csv
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | TABLE_SUFFIXES
SIDECAR_KINDS = ("meta", "targets", "corrections")
META_FIELDS = ("title", "outlet", "date", "url")
MAX_BYTES = 200 * 1024 * 1024
# Less main text than this in an HTML page usually means trafilatura found only navigation.
MIN_HTML_TEXT = 100


class ArticleError(ValueError):
    """Input that cannot be read as an article; the message is one plain sentence."""


class InputWarning(UserWarning):
    """Input that was usable but odd (an unusual encoding, HTML boilerplate, ...)."""


@dataclass
class Article:
    """One news article: its text exactly as read, and what is known about it."""

    id: str
    text: str
    title: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    path: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def sidecar(self, kind: str) -> Any:
        """The parsed ``NAME.<kind>.json`` beside the article file, or None."""
        return self.meta.get(kind)


def _warn(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=3)


def _bomless_utf16(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``raw`` looks like mostly-ASCII UTF-16 without a BOM, else None."""
    sample = raw[:4096]
    if len(raw) % 2 or len(sample) < 4:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding if "\x00" not in text else None
    return None


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode a text file's bytes, refusing binary data with a plain message."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError(f"{name} starts like UTF-16 text but is not valid UTF-16") from None
    if raw[:8] == b"\x89PNG\r\n\x1a\n" or raw[:4] in (b"%PDF", b"PK\x03\x04", b"GIF8") or raw[:3] == b"\xff\xd8\xff":
        raise ArticleError(f"{name} is not a text file (it looks like an image, PDF or archive)")
    sample = raw[:65536]
    if b"\x00" in sample:
        encoding = _bomless_utf16(raw)
        if encoding:
            _warn(f"{name} has no byte-order mark; read it as {encoding.upper()}")
            return raw.decode(encoding)
        raise ArticleError(f"{name} is not a text file (it contains binary data)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    if controls > len(sample) * 0.01:
        raise ArticleError(f"{name} is not a text file (it contains binary data)")
    _warn(f"{name} is not UTF-8; read it as Windows-1252/Latin-1")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_text_file(path: Path) -> str:
    """Read a file as text, with a one-line error for anything unusable."""
    _check_file(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{path} is too large ({size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB)")
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path} cannot be read ({error.strerror or error})") from None
    return decode_bytes(raw, str(path))


def html_to_text(html: str, name: str = "page") -> tuple[str, dict[str, str]]:
    """The main text of an HTML page and its metadata (title, outlet, date, url), via trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, with_metadata=True)
    if document is None or not (document.text or "").strip():
        document = trafilatura.bare_extraction(html, include_comments=False, favor_recall=True, with_metadata=True)
    if document is None or not (document.text or "").strip():
        raise ArticleError(f"{name} has no article text that could be extracted from its HTML")
    meta = {
        "title": document.title or "",
        "outlet": document.sitename or "",
        "date": document.date or "",
        "url": document.url or "",
    }
    return document.text, meta


def load_sidecars(path: Path) -> dict[str, Any]:
    """Parse the optional ``NAME.<kind>.json`` files beside ``path``."""
    found: dict[str, Any] = {}
    for kind in SIDECAR_KINDS:
        sidecar = path.with_name(f"{path.stem}.{kind}.json")
        if sidecar.is_file():
            try:
                found[kind] = json.loads(sidecar.read_text(encoding="utf-8-sig"))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise ArticleError(f"{sidecar} is not valid JSON ({error})") from None
    return found


def _article_from_record(record: dict[str, Any], path: Path, index: int | None, text_field: str = "text") -> Article:
    if not isinstance(record, dict):
        raise ArticleError(f"{path}: record {index} is not a JSON object")
    text = record.get(text_field)
    if not isinstance(text, str):
        where = f"record {index}" if index is not None else "the file"
        raise ArticleError(f"{path}: {where} has no '{text_field}' field with the article text")
    default_id = path.stem if index is None else f"{path.stem}#{index}"
    return Article(
        id=str(record.get("id") or default_id),
        text=text,
        title=str(record.get("title") or ""),
        outlet=str(record.get("outlet") or record.get("media_name") or record.get("source") or ""),
        date=str(record.get("date") or record.get("publish_date") or ""),
        url=str(record.get("url") or ""),
        path=str(path),
        meta={key: value for key, value in record.items() if key != text_field},
    )


def _first_line_title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if 0 < len(first) <= 120 and not first.rstrip().endswith((".", '"', "”")) else ""


def load_article(path: str | Path) -> Article:
    """Load a single-article file (.txt, .html, .json with one object)."""
    articles = list(load_articles(path))
    if len(articles) != 1:
        raise ArticleError(f"{path} holds {len(articles)} articles; use load_articles() for collections")
    return articles[0]


def load_articles(path: str | Path, text_column: str = "text") -> Iterator[Article]:
    """Yield the articles in one file (collections yield many)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _load_jsonl(path, text_column)
    elif suffix in JSON_SUFFIXES:
        yield from _load_json(path, text_column)
    elif suffix in TABLE_SUFFIXES:
        yield from load_table(path, text_column=text_column)
    else:
        yield _load_single(path)


def _load_single(path: Path) -> Article:
    text = read_text_file(path)
    sidecars = load_sidecars(path)
    meta = dict(sidecars.get("meta") or {})
    looks_like_html = path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
    if looks_like_html:
        text, page_meta = html_to_text(text, str(path))
        meta = {**{k: v for k, v in page_meta.items() if v}, **meta}
        if path.suffix.lower() not in HTML_SUFFIXES:
            _warn(f"{path} holds an HTML page; analysing the main text extracted from it")
        if len(text.strip()) < MIN_HTML_TEXT:
            _warn(f"{path}: only {len(text.strip())} characters of text in the HTML page (navigation or boilerplate?)")
    if not text.strip():
        raise ArticleError(f"{path} is empty (no article text)")
    return Article(
        id=path.stem,
        text=text,
        title=str(meta.get("title") or _first_line_title(text) or path.stem.replace("_", " ")),
        outlet=str(meta.get("outlet") or ""),
        date=str(meta.get("date") or ""),
        url=str(meta.get("url") or ""),
        path=str(path),
        meta={**sidecars, **{k: v for k, v in meta.items() if k not in META_FIELDS}},
    )


def _load_json(path: Path, text_field: str) -> Iterator[Article]:
    if _starts_with(path, b"["):   # a list of articles: read one at a time, however long the export
        for index, record in _iter_json_list(path):
            yield _article_from_record(record, path, index, text_field)
        return
    try:
        data = json.loads(read_text_file(path))
    except json.JSONDecodeError as error:
        raise ArticleError(f"{path} is not valid JSON ({error.msg} at line {error.lineno})") from None
    article = _article_from_record(data, path, None, text_field)
    article.meta.update(load_sidecars(path))
    yield article


JSON_CHUNK_CHARS = 1 << 20   # characters of a JSON list read at a time


def _starts_with(path: Path, mark: bytes) -> bool:
    """Whether the file's first character after a byte-order mark and white space is ``mark``."""
    _check_file(path)
    with open(path, "rb") as handle:
        head = handle.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(mark)


def _iter_json_list(path: Path) -> Iterator[tuple[int, Any]]:
    """``(index, element)`` of a JSON list, decoded one element at a time from chunks of the file: memory holds
    one article, not the export."""
    decoder, buffer, index = json.JSONDecoder(), "", 0
    try:
        with open(path, encoding="utf-8-sig") as handle:
            buffer = handle.read(JSON_CHUNK_CHARS).lstrip()[1:]   # past the opening "["
            while True:
                buffer = buffer.lstrip().removeprefix(",").lstrip()
                if buffer.startswith("]"):
                    return
                try:
                    record, end = decoder.raw_decode(buffer)
                except json.JSONDecodeError as error:
                    chunk = handle.read(JSON_CHUNK_CHARS)
                    if not chunk:
                        raise ArticleError(f"{path}: article {index + 1} is not valid JSON ({error.msg})") from None
                    buffer += chunk
                    continue
                yield index, record
                index, buffer = index + 1, buffer[end:]
    except UnicodeDecodeError:
        raise ArticleError(f"{path} is not UTF-8 text (a JSON list of articles must be)") from None


def _check_file(path: Path) -> None:
    """One plain line for a path that is missing or a folder."""
    if not path.exists():
        raise ArticleError(f"{path} does not exist")
    if path.is_dir():
        raise ArticleError(f"{path} is a folder, not a file")


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number from 0, text)`` of a text file, read one line at a time (no size limit).

    Each line is decoded like ``decode_bytes`` decodes a file (UTF-8, else Windows-1252, binary
    refused); a UTF-16 file (it starts with a byte-order mark) is decoded whole.
    """
    _check_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield from enumerate(read_text_file(path).splitlines())
                return
            handle.seek(3 if head.startswith(b"\xef\xbb\xbf") else 0)
            for number, raw in enumerate(handle):
                yield number, decode_bytes(raw, f"{path} line {number + 1}").rstrip("\r\n")
    except OSError as error:
        raise ArticleError(f"{path} cannot be read ({error.strerror or error})") from None


def _load_jsonl(path: Path, text_field: str) -> Iterator[Article]:
    """One article per line, read lazily: memory does not grow with the file."""
    for index, line in iter_lines(path):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArticleError(f"{path}: line {index + 1} is not valid JSON ({error.msg})") from None
        yield _article_from_record(record, path, index, text_field)


TABLE_CHUNK_ROWS = 1000  # rows of a CSV/XLSX export held in memory at a time


def load_table(path: str | Path, text_column: str = "text", id_column: str | None = None,
               columns: dict[str, str] | None = None) -> Iterator[Article]:
    """Yield one article per row of a CSV/TSV/XLSX export, read in chunks of ``TABLE_CHUNK_ROWS`` rows.

    ``text_column`` names the column with the article text; ``columns`` maps the
    project's metadata names (title, outlet, date, url) to the export's column names.
    """
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path} does not exist")
    renames = {source: name for name, source in (columns or {}).items()}
    index = 0
    for header, rows in _table_chunks(path):
        if text_column not in header:
            raise ArticleError(f"{path} has no column '{text_column}' (columns: {', '.join(map(str, header))})")
        names = [renames.get(name, name) for name in header]
        for values in rows:
            row = dict(zip(names, values))
            if id_column:
                row["id"] = row.get(id_column) or f"{path.stem}#{index}"
            yield _article_from_record(row, path, index, text_column)
            index += 1


def _table_chunks(path: Path) -> Iterator[tuple[list[str], list[list[str]]]]:
    """``(header, rows)`` chunks of a table file, every cell a string ("" when empty)."""
    try:
        if path.suffix.lower() == ".xlsx":
            yield from _xlsx_chunks(path)
            return
        import pandas as pd

        reader = pd.read_csv(path, dtype=str, sep="\t" if path.suffix.lower() == ".tsv" else ",",
                             keep_default_na=False, encoding_errors="replace", chunksize=TABLE_CHUNK_ROWS)
        with reader:
            for frame in reader:
                yield [str(c) for c in frame.columns], frame.fillna("").values.tolist()
    except ArticleError:
        raise
    except Exception as error:  # pandas and openpyxl raise many kinds; the user needs one line
        raise ArticleError(f"{path} cannot be read as a table ({type(error).__name__}: {error})") from None


def _xlsx_chunks(path: Path) -> Iterator[tuple[list[str], list[list[str]]]]:
    """The first sheet of an XLSX file, streamed row by row (openpyxl's read-only mode)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(c) if c is not None else f"Unnamed: {n}" for n, c in enumerate(next(rows, ()))]
        chunk: list[list[str]] = []
        yielded = False
        for values in rows:
            cells = ["" if v is None else str(v) for v in values][:len(header)]
            chunk.append(cells + [""] * (len(header) - len(cells)))
            if len(chunk) == TABLE_CHUNK_ROWS:
                yield header, chunk
                chunk, yielded = [], True
        if chunk or not yielded:  # the last rows, or the header of an empty sheet
            yield header, chunk
    finally:
        book.close()


def _is_article_file(path: Path) -> bool:
    return (path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")
            and not any(path.name.endswith(f".{kind}.json") for kind in SIDECAR_KINDS)
            and not path.name.endswith(".gold.json"))


def _walk_sorted(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` in sorted path order, one directory listing in memory at a time."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        raise ArticleError(f"{folder} cannot be read ({error.strerror or error})") from None
    for entry in entries:
        if entry.is_dir():
            yield from _walk_sorted(entry)
        elif entry.is_file() and _is_article_file(entry):
            yield entry


def iter_article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Walk files and folders lazily, yielding article files in a stable (sorted) order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = False
            for file in _walk_sorted(path):
                found = True
                yield file
            if not found:
                raise ArticleError(f"{path} contains no article files ({', '.join(sorted(ARTICLE_SUFFIXES))})")
        elif path.exists():
            yield path
        else:
            raise ArticleError(f"{path} does not exist")


def iter_articles(paths: Iterable[str | Path], text_column: str = "text") -> Iterator[Article]:
    """Every article in the given files and folders, in a stable order."""
    for path in iter_article_files(paths):
        yield from load_articles(path, text_column=text_column)


def count_articles(sources: Iterable[Any] | str | Path, text_column: str = "text") -> int | None:
    """How many articles ``sources`` (paths, folders, Article objects) hold, counted without analysing
    them, for progress bars; None when a file cannot be counted (its reader reports why)."""
    if isinstance(sources, (str, Path, Article)):
        sources = [sources]
    total = 0
    try:
        for source in sources:
            if isinstance(source, Article):
                total += 1
                continue
            for path in iter_article_files([source]):
                total += _count_file(path, text_column)
    except (ArticleError, OSError, ValueError):
        return None
    return total


def _count_file(path: Path, text_column: str) -> int:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    if suffix in (".csv", ".tsv"):
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return max(0, sum(1 for _row in csv.reader(handle, delimiter="\t" if suffix == ".tsv" else ",")) - 1)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return max(0, (book.worksheets[0].max_row or 1) - 1)
        finally:
            book.close()
    if suffix in JSON_SUFFIXES:
        return sum(1 for _element in _iter_json_list(path)) if _starts_with(path, b"[") else 1
    return 1
