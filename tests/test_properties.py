"""Property-based tests: for any text, every step's spans slice back to their text.

Hypothesis generates texts from news-like fragments mixed with quotation-mark soup
(“ ” " ' ‘ ’ « »), odd line ends (\\n, \\r\\n, \\r), tabs, non-breaking spaces and
non-Latin letters. Settings are deterministic (``derandomize=True``) and bounded, so a run
is reproducible and quick; a failure prints the smallest text that breaks the property.
"""
from __future__ import annotations

import importlib.util
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.articles import ArticleError, load_article
from helpers.segment import paragraphs, sentences, token_spans, tokens

PROPERTY_SETTINGS = settings(derandomize=True, max_examples=150, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])

QUOTE_MARKS = ["\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a"]
FRAGMENTS = [
    "said", "says", "told reporters", "according to", "He", "She", "The minister", "Ana Ruiz", "added",
    "warned", "denied", "that", "we will not", "talks", "U.S.", "Dr.", "Mr.", "p.m.", "3.5", "2024",
    ",", ".", "!", "?", ":", ";", "-", "\u2014", "(", ")", "...", " ", " ", " ", "\n", "\r\n", "\r", "\n\n",
    "\t", "\u00a0", "caf\u00e9", "\u5916\u4ea4\u90e8", "\u0642\u0627\u0644", "\u00e9", "\U0001F600",
    *QUOTE_MARKS,
]
news_like = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join)
mixed = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)
quote_soup = st.lists(st.sampled_from(QUOTE_MARKS + [" ", "\n", "\r\n", "\r", "a", "said", "."]), max_size=80).map("".join)
words = st.lists(st.sampled_from(["we", "will", "not", "yield", "the", "talks", "failed", "peace", "now", "it", "is"]),
                 min_size=1, max_size=8).map(" ".join)
speaker = st.sampled_from(["he", "she", "Ana Ruiz", "the minister", "a spokesman for the army", "Officials", "They"])
opening, closing = st.sampled_from(QUOTE_MARKS), st.sampled_from(QUOTE_MARKS)
quoted_sentence = st.one_of(
    st.tuples(opening, words, closing, speaker, st.sampled_from(["said", "told reporters", "added", "warned"]))
    .map(lambda p: f"{p[0]}{p[1]},{p[2]} {p[3]} {p[4]}."),
    st.tuples(speaker, st.sampled_from(["said", "says", "denied", "warned"]), opening, words, closing)
    .map(lambda p: f"{p[0]} {p[1]}: {p[2]}{p[3]}.{p[4]}"),
    st.tuples(speaker, st.sampled_from(["said that", "told reporters that", "rejected", "welcomed"]), words)
    .map(lambda p: f"{p[0]} {p[1]} {p[2]}."),
    st.tuples(words, speaker).map(lambda p: f"According to {p[1]}, {p[0]}."),
)
article_like = st.lists(st.tuples(quoted_sentence, st.sampled_from([" ", "\n", "\r\n", "\n\n", " \u201c"])),
                        max_size=8).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.one_of(news_like, mixed, quote_soup, article_like)

HAND_PICKED = [
    "",
    "\u201c\u201c\u201c\u201d",
    '"She said "he said" they said"',
    "He said: \u00ab Non. \u00bb\r\n\r\n\u2018Yes,\u2019 she said.\r",
    "\u201cUnclosed quote that runs\n\non across paragraphs, said the minister.",
    "said said said said said",
    "\u201d\u201cbackwards\u201d\u201c",
]


def check_spans(text: str, table: pd.DataFrame) -> None:
    """Spans slice back to their text, lie inside ``text`` and come in order."""
    previous_end = 0
    for start, end, piece in table[["start", "end", "text"]].itertuples(index=False, name=None):
        assert 0 <= start < end <= len(text), (start, end, len(text))
        assert text[start:end] == piece
        assert start >= previous_end, "spans overlap or are out of order"
        previous_end = end


@PROPERTY_SETTINGS
@given(any_text)
def test_segmentation_spans_slice_back(text):
    found_paragraphs, found_sentences, found_tokens = paragraphs(text), sentences(text), tokens(text)
    for table in (found_paragraphs, found_sentences, found_tokens):
        check_spans(text, table)
        for piece in table["text"]:
            assert piece == piece.strip() and piece, f"untrimmed or empty item {piece!r}"
    # Every sentence lies inside its paragraph; every token inside its sentence.
    spans = dict(zip(found_paragraphs["paragraph"], zip(found_paragraphs["start"], found_paragraphs["end"])))
    for paragraph, start, end in found_sentences[["paragraph", "start", "end"]].itertuples(index=False, name=None):
        assert spans[paragraph][0] <= start and end <= spans[paragraph][1]
    sentence_spans = dict(zip(found_sentences["sentence"], zip(found_sentences["start"], found_sentences["end"])))
    for sentence, start, end in found_tokens[["sentence", "start", "end"]].itertuples(index=False, name=None):
        assert sentence_spans[sentence][0] <= start and end <= sentence_spans[sentence][1]
    # Nothing but whitespace falls outside the sentences.
    covered = set()
    for start, end in zip(found_sentences["start"], found_sentences["end"]):
        covered.update(range(start, end))
    assert all(char.isspace() for index, char in enumerate(text) if index not in covered)


@pytest.mark.parametrize("text", HAND_PICKED)
def test_hand_picked_texts_segment_cleanly(text):
    for table in (paragraphs(text), sentences(text), tokens(text)):
        check_spans(text, table)


@PROPERTY_SETTINGS
@given(any_text, st.integers(0, 40), st.integers(0, 40))
def test_token_spans_of_any_window_stay_inside_it(text, left, width):
    start, end = min(left, len(text)), min(left + width, len(text))
    for token_start, token_end in token_spans(text, start, end):
        assert start <= token_start < token_end <= end
        assert text[token_start:token_end].strip() == text[token_start:token_end]


@PROPERTY_SETTINGS
@given(any_text)
def test_segmentation_is_deterministic(text):
    from helpers.segment import sentence_spans

    first = (sentences(text), tokens(text))
    sentence_spans.cache_clear()
    second = (sentences(text), tokens(text))
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


def _load_bytes(raw: bytes, suffix: str = ".txt"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_article(path)


article_text = any_text.filter(lambda t: t.strip() and "\x00" not in t and not t.startswith("\ufeff")
                               and not t.lstrip()[:15].lower().startswith(("<!doctype html", "<html")))


@PROPERTY_SETTINGS
@given(article_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_loading_keeps_the_text_exactly(text, encoding):
    """Whatever the encoding and line ends, the loaded text is the written text, character for character."""
    assert _load_bytes(text.encode(encoding)).text == text


@PROPERTY_SETTINGS
@given(st.one_of(st.binary(max_size=300),
                 st.binary(max_size=200).map(lambda raw: b"<html><body>" + raw),
                 st.binary(max_size=200).map(lambda raw: b"\xff\xfe" + raw),
                 st.binary(max_size=200).map(lambda raw: b"\xef\xbb\xbf" + raw)),
       st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv"]))
def test_any_bytes_load_or_give_a_plain_error(raw, suffix):
    """Arbitrary bytes in any article format: an Article or an ArticleError, nothing else."""
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"article{suffix}"
            path.write_bytes(raw)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from helpers.articles import load_articles
                loaded = list(load_articles(path))
    except ArticleError as error:
        assert "\n" not in str(error).strip(), "error messages are one line"
        return
    for article in loaded:
        assert isinstance(article.text, str)


QUOTES_READY = importlib.util.find_spec("helpers.quotes") is not None and importlib.util.find_spec("helpers.speakers") is not None
QUOTE_SPAN_COLUMNS = [("start", "end", "text"), ("cue_start", "cue_end", "cue"), ("mention_start", "mention_end", "mention")]


def check_quote_table(text: str, table: pd.DataFrame) -> None:
    """Quote, cue and mention spans slice back to their text, lie inside it and quotes come in order."""
    previous = (-1, -1)
    for row in table.to_dict("records"):
        for start_column, end_column, text_column in QUOTE_SPAN_COLUMNS:
            start, end, piece = row.get(start_column), row.get(end_column), row.get(text_column)
            if start is None or pd.isna(start) or end is None or pd.isna(end):
                continue
            start, end = int(start), int(end)
            assert 0 <= start <= end <= len(text), (start_column, start, end, len(text))
            assert text[start:end] == piece, (start_column, text[start:end], piece)
        assert row["start"] >= previous[0], "quotes are not in text order"
        previous = (row["start"], row["end"])


@pytest.mark.skipif(not QUOTES_READY, reason="helpers.quotes / helpers.speakers not written yet")
@PROPERTY_SETTINGS
@given(any_text)
def test_quote_extraction_spans_slice_back(text):
    from helpers.quotes import extract_quotes
    from helpers.speakers import attribute

    quotes = extract_quotes(text)
    check_quote_table(text, quotes)
    attributed, speakers = attribute(text)
    check_quote_table(text, attributed)
    assert set(attributed["speaker_id"].dropna()) <= set(speakers["speaker_id"])
    again, _ = attribute(text)
    pd.testing.assert_frame_equal(attributed, again)
    pd.testing.assert_frame_equal(quotes, extract_quotes(text))
