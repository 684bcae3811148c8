"""Speed of ``helpers corpus`` against the libraries' floor, on real distinct articles.

    python benchmarks/bench_corpus.py [data/corpus/wikinews_en.jsonl] [--limit N] [--profile]

In one run, on the same articles (336 English Wikinews articles by default, each distinct):

- **floor**: what any pipeline built on these libraries must at least do, on one core: Punkt
  sentences (the pinned model from ``helpers.resources.sentence_splitter``, plain calls, no
  ``helpers.segment``), NLTK word tokens of every sentence, and VADER on every sentence;
- **pipeline, 1 worker, in process**: ``analyze_corpus(..., workers=1)``: quotes, speakers, VADER
  per quote, targets and stances, one row per quote;
- **command line, 1 and 2 workers**: ``python -m helpers corpus FILE --out T.parquet --workers N``
  as a user runs it, start-up included (interpreter, imports, worker processes); the two tables
  must be identical.

The in-process measures run after one warm-up article (models loaded, caches of that article
only). Targets: pipeline(1) >= 0.5 x floor; the command line with 2 workers >= 1.4 x faster than
with 1. The single-core ratio is taken on the CPU time of this process, which other load on the
machine barely changes; the speed-up is wall time and needs an otherwise idle machine with two
free cores. ``--profile`` prints where the single-worker pipeline spends its time (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

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


def command_line(paths: list[str], workers: int, out: Path) -> float:
    """Wall seconds of ``python -m helpers corpus PATHS --out OUT --workers N`` in a fresh interpreter."""
    command = [sys.executable, "-m", "helpers", "corpus", *paths, "--out", str(out), "--workers", str(workers), "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    return time.perf_counter() - start


def as_jsonl(articles, folder: Path) -> str:
    """The articles as one JSONL file, so that the command line reads exactly the same articles."""
    out = folder / "articles.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for article in articles:
            record = {"id": article.id, "title": article.title, "date": article.date, "url": article.url,
                      "text": article.text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return str(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--profile", action="store_true", help="profile the single-worker pipeline")
    args = parser.parse_args()

    articles = list(iter_articles(args.paths))[:args.limit]
    texts = [a.text for a in articles]
    if len(set(texts)) != len(texts):
        print("warning: some articles are copies of each other", file=sys.stderr)
    print(f"{len(articles)} distinct articles, {sum(len(t.split()) for t in texts):,} words")

    floor(texts[:1])  # warm-up: load the Punkt model and the VADER lexicon
    analyze_article(articles[0])  # warm-up: import the pipeline, load its models
    floor_s, floor_cpu, sentences = timed(floor, texts)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    one_s, one_cpu, one = timed(analyze_corpus, articles, workers=1, progress=False)
    if profiler:
        profiler.disable()
    with tempfile.TemporaryDirectory() as folder:
        paths = [as_jsonl(articles, Path(folder))]
        cli_one = command_line(paths, 1, Path(folder) / "one.parquet")
        cli_two = command_line(paths, 2, Path(folder) / "two.parquet")
        same = pd.read_parquet(Path(folder) / "one.parquet").equals(pd.read_parquet(Path(folder) / "two.parquet"))

    n = len(articles)
    rows = [("floor: Punkt + NLTK words + VADER/sentence, 1 core", floor_s, floor_cpu, f"{sentences:,} sentences"),
            ("pipeline, 1 worker, in process", one_s, one_cpu, f"{len(one):,} quotes"),
            ("helpers corpus --workers 1 (start-up included)", cli_one, None, ""),
            ("helpers corpus --workers 2 (start-up included)", cli_two, None, "same table" if same else "TABLE DIFFERS")]
    print(f"\n{'measure':<52} {'wall s':>8} {'articles/s':>11} {'CPU s':>8} {'art./CPU s':>11}  note")
    for name, seconds, cpu, note in rows:
        cpu_cells = f"{cpu:8.2f} {n / cpu:11.1f}" if cpu else f"{'':>8} {'':>11}"
        print(f"{name:<52} {seconds:8.2f} {n / seconds:11.1f} {cpu_cells}  {note}")
    # CPU time of this process is what one core delivers, whatever else runs on the machine;
    # the speed-up can only be measured in wall time, so it needs an otherwise idle machine.
    ratio, speedup = floor_cpu / one_cpu, cli_one / cli_two
    print(f"\npipeline(1) / floor, in CPU time = {ratio:.2f}  (target >= 0.5: {'ok' if ratio >= 0.5 else 'MISSED'}); "
          f"in wall time = {floor_s / one_s:.2f}")
    print(f"speed-up 1 -> 2 workers, command line, wall time = {speedup:.2f}x  "
          f"(target >= 1.4: {'ok' if speedup >= 1.4 else 'MISSED'})")
    if profiler:
        print("\nwhere the single-worker pipeline spends its time (cumulative seconds):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"helpers|vaderSentiment|punkt|nltk", 30)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
