"""Speed of ``helpers corpus`` against the libraries' floor, on real distinct articles.

    python benchmarks/bench_corpus.py [data/corpus/wikinews_en.jsonl] [--limit N] [--profile]

In one run, on the same articles (336 English Wikinews articles by default, each distinct):

- **floor**: what any pipeline built on these libraries must at least do, on one core: Punkt
  sentences (the pinned model from ``helpers.resources.sentence_splitter``, plain calls, no
  ``helpers.segment``), NLTK word tokens of every sentence, and VADER on every sentence;
- **pipeline, 1 worker**: ``analyze_corpus(..., workers=1)`` in this process: quotes, speakers,
  VADER per quote, targets and stances, one row per quote;
- **pipeline, 2 workers**: ``analyze_corpus(..., workers=2)``, start-up of the worker processes
  included (that is what a user waits for).

Both single-core measures run after one warm-up article (models loaded, caches of that article
only). Targets: pipeline(1) >= 0.5 x floor, pipeline(2) >= 1.4 x pipeline(1). The single-core
ratio is taken on the CPU time of this process, which other load on the machine barely changes;
the speed-up is wall time and needs an otherwise idle machine.
``--profile`` prints where the single-worker pipeline spends its time (cProfile, cumulative).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.articles import iter_articles  # noqa: E402
from helpers.corpus import analyze_article, analyze_corpus  # noqa: E402
from helpers.resources import sentence_splitter, vader_analyzer, word_tokenizer  # noqa: E402

DEFAULT = ROOT / "data" / "corpus" / "wikinews_en.jsonl"


def floor(texts: list[str]) -> int:
    """Punkt sentences + NLTK word tokens + VADER on every sentence; returns the number of sentences."""
    splitter, words, vader = sentence_splitter(), word_tokenizer(), vader_analyzer()
    n = 0
    for text in texts:
        for sentence in splitter.tokenize(text):
            words.tokenize(sentence)
            vader.polarity_scores(sentence)
            n += 1
    return n


def timed(function, *args, **kwargs):
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--profile", action="store_true", help="profile the single-worker pipeline")
    args = parser.parse_args()

    articles = list(iter_articles(args.paths))[:args.limit]
    texts = [a.text for a in articles]
    if len({t for t in texts}) != len(texts):
        print("warning: some articles are copies of each other", file=sys.stderr)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(articles)} distinct articles, {words:,} words")

    floor(texts[:1])  # warm-up: load the Punkt model and the VADER lexicon
    analyze_article(articles[0])  # warm-up: import the pipeline, load its models
    floor_s, floor_cpu, sentences = timed(floor, texts)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    one_s, one_cpu, one = timed(analyze_corpus, articles, workers=1, progress=False)
    if args.profile:
        profiler.disable()
    two_s, _cpu, two = timed(analyze_corpus, articles, workers=2, progress=False)
    same = one.equals(two)

    n = len(articles)
    rows = [("floor: Punkt + NLTK words + VADER/sentence, 1 core", floor_s, floor_cpu, f"{sentences:,} sentences"),
            ("pipeline, 1 worker", one_s, one_cpu, f"{len(one):,} quotes"),
            ("pipeline, 2 workers (start-up included)", two_s, None, "same table" if same else "TABLE DIFFERS")]
    print(f"\n{'measure':<52} {'wall s':>8} {'articles/s':>11} {'CPU s':>8} {'art./CPU s':>11}  note")
    for name, seconds, cpu, note in rows:
        cpu_cells = f"{cpu:8.2f} {n / cpu:11.1f}" if cpu else f"{'':>8} {'':>11}"
        print(f"{name:<52} {seconds:8.2f} {n / seconds:11.1f} {cpu_cells}  {note}")
    # CPU time of this process is what one core delivers, whatever else runs on the machine;
    # the speed-up can only be measured in wall time, so it needs an otherwise idle machine.
    ratio, speedup = floor_cpu / one_cpu, one_s / two_s
    print(f"\npipeline(1) / floor, in CPU time = {ratio:.2f}  (target >= 0.5: {'ok' if ratio >= 0.5 else 'MISSED'}); "
          f"in wall time = {floor_s / one_s:.2f}")
    print(f"speed-up 1 -> 2 workers, wall time = {speedup:.2f}x  (target >= 1.4: {'ok' if speedup >= 1.4 else 'MISSED'})")
    if args.profile:
        print("\nwhere the single-worker pipeline spends its time (cumulative seconds):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"helpers|vaderSentiment|punkt|nltk", 30)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
