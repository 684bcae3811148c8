"""Time attribution over a collection, next to the floor of the series' basic pipeline, and what the parse costs.

Usage: python benchmarks/bench_quotes.py [FILE_OR_DIR ...]   (default: data/corpus, 336 Wikinews articles)

The floor: Punkt sentences + NLTK word tokens + a VADER compound score on every sentence, the work
notebook 01 and the sentiment step do anyway (best of three passes). Attribution reads a spaCy
dependency parse of the sentences that can hold an attribution (a quotation mark, a colon, a cue
word), with named entities; it is timed once (``extract_quotes``, then ``attribute`` with speakers),
one core. The bar: ``extract_quotes`` at 0.12x the floor or faster. Also printed: the share of
sentences and characters sent to the parser, and the parse's own cost per article.
"""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

from timing import best_time, floor_article, load_texts  # noqa: E402

from helpers.quotes import extract_quotes, needs_parse  # noqa: E402
from helpers.segment import sentence_spans  # noqa: E402
from helpers.speakers import attribute  # noqa: E402
from helpers.syntax import nlp, parse_spans, pipeline_meta  # noqa: E402

BAR = 0.12


def parse_cost(texts: list[str]) -> tuple[int, int, int, int, float]:
    """Sentences and characters in all, those selected for the parse, and the parse's seconds."""
    sentences = selected = characters = chosen = 0
    spans_per_text = []
    for text in texts:
        spans = [(start, end) for _paragraph, start, end in sentence_spans(text)]
        picked = [(start, end) for start, end in spans if needs_parse(text, start, end)]
        sentences, selected = sentences + len(spans), selected + len(picked)
        characters += len(text)
        chosen += sum(end - start for start, end in picked)
        spans_per_text.append(picked)
    started = time.perf_counter()
    for text, picked in zip(texts, spans_per_text):
        parse_spans(text, picked, entities=True)
    return sentences, selected, characters, chosen, time.perf_counter() - started


def main(paths: list[str]) -> None:
    texts = load_texts(paths)
    nlp()
    floor_article(texts[0])
    meta = pipeline_meta()
    print(f"{len(texts)} articles, {sum(len(t) for t in texts) / 1e6:.2f} M characters, one core; "
          f"pipeline {meta['pipeline']} {meta['pipeline_version']} (spaCy {meta['spacy_version']})")
    floor = len(texts) / best_time(floor_article, texts)
    quotes = len(texts) / best_time(extract_quotes, texts, repeats=1)
    full = len(texts) / best_time(attribute, texts, repeats=1)
    print(f"{'step':<44}{'articles/s':>12}{'x floor':>10}")
    for name, rate in (("floor: sentences + tokens + VADER", floor), ("extract_quotes (parse + rules)", quotes),
                       ("attribute (quotes + speakers + sides)", full)):
        print(f"{name:<44}{rate:>12.1f}{rate / floor:>10.2f}")
    sentences, selected, characters, chosen, seconds = parse_cost(texts)
    print(f"parsed: {selected} of {sentences} sentences ({selected / sentences:.0%}), "
          f"{chosen / characters:.0%} of the characters; parse + entities {1000 * seconds / len(texts):.0f} ms "
          f"per article ({chosen / seconds / 1000:.0f} k characters/s)")
    print(f"extract_quotes is {quotes / floor:.2f}x the floor: {'OK' if quotes / floor >= BAR else 'BELOW'} "
          f"(bar {BAR}x)")


if __name__ == "__main__":
    main(sys.argv[1:])
