"""Paragraphs, sentences and word tokens, each with character offsets into the article.

Sentences come from Punkt (pinned English model, pickle-free) run inside each paragraph,
so a sentence never crosses a paragraph break. Tokens come from NLTK's Treebank-style
word tokenizer. ``text[start:end]`` is always the item itself.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from helpers.resources import sentence_splitter, word_tokenizer

PARAGRAPH_COLUMNS = ["paragraph", "start", "end", "text"]
SENTENCE_COLUMNS = ["paragraph", "sentence", "start", "end", "text"]
TOKEN_COLUMNS = ["paragraph", "sentence", "token", "start", "end", "text"]

_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A wire dateline opening a paragraph ("LONDON (Reuters) - ", "NEW YORK, Dec 3 (Reuters) - ", "KYIV, Ukraine
# (AP) — "). It stays in its sentence (sentence tables keep it, as readers do); the parser reads what follows it.
_DATELINE = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][\w.]*(?: [\w.]+){0,2})?"
                       r"(?: \([A-Z][\w .&-]*\))? ?(?:—|–|--|-) ")
# Length-preserving substitutions applied only to the copy the word tokenizer sees, so that
# "Trump’s" splits like "Trump's" while offsets still point into the original characters.
_TOKENIZER_VIEW = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
# Punkt and NLTK are linear in practice, but a 10 MB line would still make one huge paragraph;
# long runs without breaks are cut into chunks of this size before sentence splitting.
_MAX_PARAGRAPH = 100_000
# Edited news has no sentence near this long (the longest in the shipped corpus and golds is 2,000
# characters); a longer "sentence" is a list, a table or a scrape without punctuation, and is cut at
# spaces so that every later step works on bounded pieces.
_MAX_SENTENCE = 3_000


def _spans_between(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the non-blank stretches of ``text`` between separator matches, whitespace-trimmed."""
    spans = []
    position = 0
    for match in list(separator.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            left = position + (len(chunk) - len(chunk.lstrip()))
            spans.append((left, left + len(stripped)))
        if match:
            position = match.end()
    return spans


def uses_blank_line_paragraphs(text: str) -> bool:
    """True when paragraphs are separated by blank lines and lines inside them are hard-wrapped.

    News text files come in two shapes: one paragraph per line (most exports) or
    blank-line-separated blocks, sometimes wrapped at ~70 columns. Only the wrapped shape
    needs blocks; otherwise every line is a paragraph.
    """
    blocks = _spans_between(text, _BLANK_LINE)
    wrapped = sum(1 for start, end in blocks if _LINE_BREAK.search(text, start, end))
    return len(blocks) > 1 and wrapped * 2 >= len(blocks)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``."""
    return list(_paragraph_spans(text))


@lru_cache(maxsize=64)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``paragraph_spans``, cached because quotes, speakers and sentences all ask for them."""
    separator = _BLANK_LINE if uses_blank_line_paragraphs(text) else _LINE_BREAK
    spans = []
    for start, end in _spans_between(text, separator):
        while end - start > _MAX_PARAGRAPH:
            cut = text.rfind(" ", start, start + _MAX_PARAGRAPH) + 1 or start + _MAX_PARAGRAPH
            cut = cut if cut > start else start + _MAX_PARAGRAPH
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return tuple(spans)


_ENDS_WITH_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")


def _continues_sentence(previous: str, piece: str) -> bool:
    """A piece starting in lower case after an initialism continues the sentence ("the E.U. | for ...")."""
    head = piece.lstrip("\"'“”‘’([{ ")
    return bool(head) and head[0].islower() and bool(_ENDS_WITH_INITIALISM.search(previous))


def _sentence_spans_in(text: str, start: int, end: int, splitter=None) -> list[tuple[int, int]]:
    """Punkt sentence spans inside one paragraph, trimmed, as absolute offsets.

    Punkt sometimes cuts after an initialism that it has not learned ("the E.U. for");
    a piece starting in lower case right after one is joined back to the sentence before it.
    """
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    for left, right in (splitter or sentence_splitter()).span_tokenize(chunk):
        piece = chunk[left:right]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = start + left + (len(piece) - len(piece.lstrip()))
        if spans and splitter is None and _continues_sentence(text[spans[-1][0]:spans[-1][1]], stripped):
            spans[-1] = (spans[-1][0], offset + len(stripped))
        else:
            spans.append((offset, offset + len(stripped)))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than ``_MAX_SENTENCE`` at spaces into pieces of at most that length."""
    pieces = []
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def plain_punkt_sentences(text: str) -> list[str]:
    """Sentences from NLTK's plain Punkt model without this project's two additions (for comparison)."""
    plain = sentence_splitter(with_prefixes=False)
    return [text[left:right] for start, end in paragraph_spans(text)
            for left, right in _sentence_spans_in(text, start, end, plain)]


@lru_cache(maxsize=64)
def sentence_spans(text: str) -> tuple[tuple[int, int, int], ...]:
    """(paragraph, start, end) of every sentence; cached because every step asks for them."""
    found = []
    for paragraph, (start, end) in enumerate(paragraph_spans(text)):
        for left, right in _sentence_spans_in(text, start, end):
            found.extend((paragraph, piece_start, piece_end) for piece_start, piece_end in _cut_long(text, left, right))
    return tuple(found)


def after_dateline(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` goes on after a wire dateline that opens it ("LONDON (Reuters) - "), else
    ``start``: the place in a dateline is never the subject of the sentence it opens."""
    dateline = _DATELINE.match(text, start, end)
    return dateline.end() if dateline and dateline.end() < end else start


def paragraphs(text: str) -> pd.DataFrame:
    """One row per paragraph: ``paragraph, start, end, text``."""
    rows = [(index, start, end, text[start:end]) for index, (start, end) in enumerate(paragraph_spans(text))]
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def sentences(text: str) -> pd.DataFrame:
    """One row per sentence: ``paragraph, sentence, start, end, text`` (sentence index is article-wide)."""
    rows = [(paragraph, index, start, end, text[start:end])
            for index, (paragraph, start, end) in enumerate(sentence_spans(text))]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word-token spans of ``text[start:end]`` as absolute offsets."""
    end = len(text) if end is None else end
    view = text[start:end].translate(_TOKENIZER_VIEW)
    try:
        spans = list(word_tokenizer().span_tokenize(view))
    except ValueError:
        # NLTK's span alignment gives up on a few rare quote sequences; fall back to a plain rule.
        spans = [match.span() for match in re.finditer(r"\w+(?:[-'.]\w+)*|[^\w\s]", view)]
    return [(start + left, start + right) for left, right in spans]


def tokens(text: str) -> pd.DataFrame:
    """One row per word token: ``paragraph, sentence, token, start, end, text``."""
    rows = []
    for sentence_index, (paragraph, start, end) in enumerate(sentence_spans(text)):
        for token_index, (left, right) in enumerate(token_spans(text, start, end)):
            rows.append((paragraph, sentence_index, token_index, left, right, text[left:right]))
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def sentence_index_at(text: str, offset: int) -> tuple[int, int]:
    """(paragraph, sentence) containing character ``offset`` (the nearest sentence before it otherwise)."""
    best = (0, 0)
    for index, (paragraph, start, _end) in enumerate(sentence_spans(text)):
        if start > offset:
            break
        best = (paragraph, index)
    return best
