"""Time quote extraction over a collection, next to the floor of the series' basic pipeline.

Usage: python benchmarks/bench_quotes.py [FILE_OR_DIR ...]   (default: data/corpus, 336 Wikinews articles)

The floor: Punkt sentences + NLTK word tokens + a VADER compound score on every sentence, the
work notebook 01 and the sentiment step do anyway. Quote extraction (``extract_quotes``, which
includes its own sentence splitting) and the full attribution (``attribute``: quotes, speakers,
sides) must be at least as fast on one core. Both are timed in the same run, best of three,
with the sentence cache cleared before every pass. Quotes found and unbalanced quotation marks
flagged are printed too, as a check that nothing was skipped.
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

from timing import best_time, floor_article, load_texts  # noqa: E402

from helpers.quotes import extract_quotes  # noqa: E402
from helpers.speakers import attribute  # noqa: E402


def main(paths: list[str]) -> None:
    texts = load_texts(paths)
    floor_article(texts[0])
    extract_quotes(texts[0])
    print(f"{len(texts)} articles, {sum(len(t) for t in texts) / 1e6:.2f} M characters, one core")
    print(f"{'step':<44}{'articles/s':>12}")
    results = {}
    for name, function in (("floor: sentences + tokens + VADER", floor_article),
                           ("extract_quotes", extract_quotes),
                           ("attribute (quotes + speakers + sides)", attribute)):
        seconds = best_time(function, texts)
        results[name] = len(texts) / seconds
        print(f"{name:<44}{results[name]:>12.1f}")
    tables = [extract_quotes(text) for text in texts]
    quotes = sum(len(table) for table in tables)
    uncertain = sum(int(table["uncertain"].sum()) for table in tables)
    print(f"quotes found: {quotes} ({quotes / len(texts):.1f} per article), flagged uncertain: {uncertain}")
    ratio = results["extract_quotes"] / results["floor: sentences + tokens + VADER"]
    print(f"extract_quotes is {ratio:.2f}x the floor: {'OK' if ratio >= 1 else 'SLOWER THAN THE FLOOR'}")


if __name__ == "__main__":
    main(sys.argv[1:])
