"""Time paragraph, sentence and token segmentation over a collection of articles.

Usage: python benchmarks/bench_segment.py [FILE_OR_DIR ...]   (default: data/corpus)
Prints articles/s and MB/s for sentences alone and for sentences + tokens, one core.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.articles import iter_articles  # noqa: E402
from helpers.segment import _sentence_spans, sentences, tokens  # noqa: E402


def timed(function, texts: list[str], repeats: int = 3) -> float:
    """Best wall-clock seconds of ``repeats`` runs of ``function`` over every text (caches cleared)."""
    best = float("inf")
    for _ in range(repeats):
        _sentence_spans.cache_clear()
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - started)
    return best


def main(paths: list[str]) -> None:
    texts = [article.text for article in iter_articles(paths or [ROOT / "data" / "corpus"])]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    sentences(texts[0])  # load the model before timing
    print(f"{len(texts)} articles, {megabytes:.2f} MB")
    print(f"{'step':<22}{'articles/s':>12}{'MB/s':>10}")
    for name, function in (("sentences", sentences), ("sentences + tokens", tokens)):
        seconds = timed(function, texts)
        print(f"{name:<22}{len(texts) / seconds:>12.1f}{megabytes / seconds:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
