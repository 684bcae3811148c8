"""Words of an article: frequencies, distinctive words and collocations.

Counts use the word tokens of ``helpers.segment`` lower-cased, keeping only tokens with a
letter and dropping the shipped stopwords. Distinctive words compare the article with a
background corpus (the 336 Wikinews articles shipped in ``data/corpus``) by Dunning's
log-likelihood (G²), the keyness measure of corpus linguistics; collocations come from
NLTK's collocation finders.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from typing import Iterable

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from helpers.resources import DATA_DIR, stopwords
from helpers.segment import tokens

BACKGROUND_FILE = DATA_DIR / "wikinews_word_counts.json"


def words(text: str, drop_stopwords: bool = True) -> list[str]:
    """Lower-cased word tokens that contain a letter (stopwords dropped by default)."""
    stop = stopwords() if drop_stopwords else frozenset()
    found = []
    for token in tokens(text).text:
        word = token.lower().replace("\u2019", "'")
        if any(ch.isalpha() for ch in word) and word not in stop and not word.startswith("'"):
            found.append(word)
    return found


def word_frequencies(text: str, top: int | None = 20) -> pd.DataFrame:
    """The most frequent content words: ``word, count, per_1000`` (ties sorted alphabetically)."""
    counts = Counter(words(text))
    total = sum(counts.values()) or 1
    table = pd.DataFrame(sorted(counts.items(), key=lambda item: (-item[1], item[0])), columns=["word", "count"])
    table["per_1000"] = (1000 * table["count"] / total).round(1)
    return table.head(top) if top else table


def build_background_counts(texts: Iterable[str]) -> dict[str, int]:
    """Content-word counts over a collection (how ``wikinews_word_counts.json`` is made)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words(text))
    return dict(sorted(counts.items()))


@lru_cache(maxsize=1)
def background_counts() -> dict[str, int]:
    """Shipped content-word counts of the Wikinews corpus (see ``build_background_counts``)."""
    return json.loads(BACKGROUND_FILE.read_text(encoding="utf-8"))["counts"]


def log_likelihood(a: int, b: int, total_a: int, total_b: int) -> float:
    """Dunning's G² for a word seen ``a`` times in a text of ``total_a`` words and ``b`` in ``total_b``."""
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    g2 = 0.0
    for observed, expected in ((a, expected_a), (b, expected_b)):
        if observed:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


def distinctive_words(text: str, background: dict[str, int] | None = None, top: int = 15,
                      min_count: int = 2) -> pd.DataFrame:
    """Words used more in the article than in the background: ``word, count, background, g2, log_ratio``.

    ``log_ratio`` is the binary log of the relative-frequency ratio (add-0.5 smoothing);
    only over-used words (log_ratio > 0) with at least ``min_count`` uses are kept.
    """
    background = background_counts() if background is None else background
    counts = Counter(words(text))
    total_a, total_b = sum(counts.values()) or 1, sum(background.values()) or 1
    rows = []
    for word, a in counts.items():
        b = background.get(word, 0)
        ratio = math.log2(((a + 0.5) / total_a) / ((b + 0.5) / total_b))
        if a >= min_count and ratio > 0:
            rows.append((word, a, b, round(log_likelihood(a, b, total_a, total_b), 2), round(ratio, 2)))
    table = pd.DataFrame(rows, columns=["word", "count", "background", "g2", "log_ratio"])
    return table.sort_values(["g2", "word"], ascending=[False, True]).head(top).reset_index(drop=True)


def collocations(text: str, measure: str = "likelihood_ratio", top: int = 10, min_count: int = 2) -> pd.DataFrame:
    """Adjacent word pairs that occur together more than chance: ``bigram, count, score``.

    Pairs are formed over all words (stopwords included, so "prime minister" stays adjacent)
    and then kept only when neither word is a stopword. ``measure`` is any of NLTK's
    ``BigramAssocMeasures`` (``likelihood_ratio``, ``pmi``, ``chi_sq``, ...).
    """
    finder = BigramCollocationFinder.from_words(words(text, drop_stopwords=False))
    finder.apply_freq_filter(min_count)
    stop = stopwords()
    finder.apply_word_filter(lambda word: word in stop)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, measure))
    rows = [(" ".join(pair), finder.ngram_fd[pair], round(score, 2)) for pair, score in scored]
    table = pd.DataFrame(rows, columns=["bigram", "count", "score"])
    return table.sort_values(["score", "bigram"], ascending=[False, True]).head(top).reset_index(drop=True)
