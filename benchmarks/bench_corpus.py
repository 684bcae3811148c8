"""Speed of ``helpers corpus`` against the libraries' floor, on real distinct articles.

    python benchmarks/bench_corpus.py [FILE_OR_DIR ...] [--limit N] [--repeat R] [--profile]

In one run, on the same articles (336 English Wikinews articles by default, each distinct; any
folder, JSONL or CSV export can be given):

- **floor**: what any pipeline built on these libraries must at least do, on one core: Punkt
  sentences (the pinned model from ``helpers.resources.sentence_splitter``, plain calls, no
  ``helpers.segment``), NLTK word tokens of every sentence, and VADER on every sentence;
- **pipeline, 1 worker, in process**: ``analyze_corpus(..., workers=1)``: quotes, speakers, VADER
  per quote, targets and stances, one row per quote;
- **command line, 1 and 2 workers**: ``python -m helpers corpus FILE --out T.parquet --workers N``
  as a user runs it, start-up included (interpreter, imports, worker processes), ``R`` times each,
  alternating, median reported; the tables must be identical;
- **the machine's own speed-up**: the floor split over two processes against the floor in one.
  Virtual machines often give two vCPUs that cannot both run at full speed; this says how much a
  second process can gain here at all.

The in-process measures run after one warm-up article (models loaded, caches of that article
only). Targets: pipeline(1) >= 0.5 x floor; the command line with 2 workers >= 1.4 x faster than
with 1. The single-core ratio is taken on the CPU time of this process, which other load on the
machine barely changes; the speed-ups are wall time and need an otherwise idle machine with two
free cores. ``--profile`` prints where the single-worker pipeline spends its time (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import multiprocessing
import os
import statistics
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
from timing import floor_article  # noqa: E402

DEFAULT = ROOT / "data" / "corpus" / "wikinews_en.jsonl"


def floor(texts: list[str]) -> int:
    """The libraries' floor (``timing.floor_article``) over every text; returns the number of texts."""
    for text in texts:
        floor_article(text)
    return len(texts)


def floor_in_processes(texts: list[str], processes: int) -> float:
    """Wall seconds of the floor with the texts dealt round-robin to ``processes`` fresh processes."""
    context = multiprocessing.get_context("forkserver")
    shares = [texts[k::processes] for k in range(processes)]
    with context.Pool(processes) as pool:
        pool.map(floor, [share[:1] for share in shares])  # warm-up: models loaded in every process
        start = time.perf_counter()
        pool.map(floor, shares, chunksize=1)
        return time.perf_counter() - start


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
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command line (median reported)")
    parser.add_argument("--profile", action="store_true", help="profile the single-worker pipeline")
    args = parser.parse_args()

    articles = list(iter_articles(args.paths))[:args.limit]
    texts = [a.text for a in articles]
    if len(set(texts)) != len(texts):
        print("warning: some articles are copies of each other", file=sys.stderr)
    print(f"{len(articles)} distinct articles, {sum(len(t.split()) for t in texts):,} words")

    floor(texts[:1])  # warm-up: load the Punkt model and the VADER lexicon
    analyze_article(articles[0])  # warm-up: import the pipeline, load its models
    floor_s, floor_cpu, _ = timed(floor, texts)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    one_s, one_cpu, one = timed(analyze_corpus, articles, workers=1, progress=False)
    if profiler:
        profiler.disable()
    floor_two = floor_in_processes(texts, 2)
    runs: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        paths = [as_jsonl(articles, Path(folder))]
        for _ in range(max(1, args.repeat)):  # alternating, so that a slow spell of the machine hits both
            for workers in runs:
                runs[workers].append(command_line(paths, workers, Path(folder) / f"{workers}.parquet"))
        same = pd.read_parquet(Path(folder) / "1.parquet").equals(pd.read_parquet(Path(folder) / "2.parquet"))
    cli_one, cli_two = statistics.median(runs[1]), statistics.median(runs[2])

    n = len(articles)
    rows = [("floor: Punkt + NLTK words + VADER/sentence, 1 core", floor_s, floor_cpu, ""),
            ("floor split over 2 processes (the machine's own gain)", floor_two, None, ""),
            ("pipeline, 1 worker, in process", one_s, one_cpu, f"{len(one):,} quotes"),
            ("helpers corpus --workers 1 (start-up included)", cli_one, None, _spread(runs[1])),
            ("helpers corpus --workers 2 (start-up included)", cli_two, None,
             _spread(runs[2]) + ("; same table" if same else "; TABLE DIFFERS"))]
    print(f"\n{'measure':<55} {'wall s':>8} {'articles/s':>11} {'CPU s':>8} {'art./CPU s':>11}  note")
    for name, seconds, cpu, note in rows:
        cpu_cells = f"{cpu:8.2f} {n / cpu:11.1f}" if cpu else f"{'':>8} {'':>11}"
        print(f"{name:<55} {seconds:8.2f} {n / seconds:11.1f} {cpu_cells}  {note}")
    # CPU time of this process is what one core delivers, whatever else runs on the machine;
    # a speed-up can only be measured in wall time, so it needs an otherwise idle machine.
    ratio, speedup = floor_cpu / one_cpu, cli_one / cli_two
    print(f"\npipeline(1) / floor, in CPU time = {ratio:.2f}  (target >= 0.5: {'ok' if ratio >= 0.5 else 'MISSED'}); "
          f"in wall time = {floor_s / one_s:.2f}")
    print(f"speed-up 1 -> 2 workers, command line, wall time = {speedup:.2f}x  "
          f"(target >= 1.4: {'ok' if speedup >= 1.4 else 'MISSED'}); "
          f"this machine's own 1 -> 2 process speed-up on the floor = {floor_s / floor_two:.2f}x")
    if profiler:
        print("\nwhere the single-worker pipeline spends its time (cumulative seconds):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"helpers|vaderSentiment|punkt|nltk", 30)
    return 0 if same else 1


def _spread(seconds: list[float]) -> str:
    return f"runs: {', '.join(f'{s:.2f}' for s in seconds)} s" if len(seconds) > 1 else ""


if __name__ == "__main__":
    raise SystemExit(main())
