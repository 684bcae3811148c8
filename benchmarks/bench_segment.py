"""Time paragraph, sentence and token segmentation over a collection of articles.

Usage: python benchmarks/bench_segment.py [FILE_OR_DIR ...]   (default: the 336 Wikinews articles)
Prints articles/s and MB/s for sentences alone and for sentences + tokens, one core.
"""
from __future__ import annotations

import sys

from timing import best_time, load_texts

from helpers.segment import sentences, tokens


def main(paths: list[str]) -> None:
    texts = load_texts(paths)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    sentences(texts[0])  # load the model before timing
    print(f"{len(texts)} articles, {megabytes:.2f} MB")
    print(f"{'step':<22}{'articles/s':>12}{'MB/s':>10}")
    for name, function in (("sentences", sentences), ("sentences + tokens", tokens)):
        seconds = best_time(function, texts)
        print(f"{name:<22}{len(texts) / seconds:>12.1f}{megabytes / seconds:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
