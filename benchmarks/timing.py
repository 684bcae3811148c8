"""What the speed benchmarks share: the articles, the libraries' floor, and a best-of-N timer."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers.articles import iter_articles  # noqa: E402
from helpers.resources import sentence_splitter, vader_analyzer, word_tokenizer  # noqa: E402
from helpers.segment import sentence_spans  # noqa: E402

DEFAULT_CORPUS = ROOT / "data" / "corpus" / "wikinews_en.jsonl"


def load_texts(paths: list[str]) -> list[str]:
    """Texts of every article in ``paths`` (default: the 336 shipped Wikinews articles)."""
    return [article.text for article in iter_articles(paths or [DEFAULT_CORPUS])]


def floor_article(text: str) -> None:
    """The libraries' floor for one article: Punkt sentences, NLTK word tokens and VADER on every sentence."""
    words, vader = word_tokenizer(), vader_analyzer()
    for sentence in sentence_splitter().tokenize(text):
        words.tokenize(sentence)
        vader.polarity_scores(sentence)


def best_time(function: Callable[[str], object], texts: list[str], repeats: int = 3) -> float:
    """Best wall-clock seconds of ``repeats`` passes of ``function`` over every text, caches cleared each pass."""
    best = float("inf")
    for _ in range(repeats):
        sentence_spans.cache_clear()
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - started)
    return best
