"""Corpora of any size: peak memory, a killed-and-resumed run, and what a second worker gains.

    python benchmarks/bench_corpus_scale.py [SOURCE.jsonl] [--small 1000] [--large 6000] [--skip-one-worker]
    python benchmarks/bench_corpus_scale.py --speed-only ROUNDS [--large 6000]

The corpus: the articles of SOURCE (default: the 336 English Wikinews articles) repeated with
distinct ids (``ID~2``, ``ID~3``, ...) up to ``--large`` lines of one JSON lines file, the first
``--small`` of them as the small corpus. Repeated texts cost the pipeline exactly what the
originals cost (nothing is cached across articles), so they measure memory and speed
faithfully; the speaker statistics of such a corpus are of course repetitive.

Every run is ``python -m helpers corpus FILE --out T.parquet --speakers-out S.csv --workers N``
in a fresh process group, as a user runs it; memory is the peak of the summed resident memory
of that process and all its children (the helpers, the fork server), sampled every 0.1 s.

1. **Memory**: peak on the small corpus and on the large one (2 workers); target: large <= 1.3 x small.
2. **Speed-up**: the large corpus with 1 and with 2 workers, next to the machine's own gain (the
   libraries' floor of ``bench_corpus.py`` split over 2 processes, measured before and after);
   target: the pipeline's 1 -> 2 speed-up >= 85% of the machine's. ``--speed-only ROUNDS`` measures
   only this, in rounds that set each pipeline speed-up against the machine's gain just before and
   after it (on a machine shared with other work, the load changes from minute to minute).
3. **Kill and resume**: a 2-worker run on the large corpus is killed (SIGKILL, the whole process
   group) once half of the articles are recorded as finished, then run again with ``--resume``.
   The killed run must leave no table; the resumed one must give exactly the table and the
   speakers table of the uninterrupted run; its time is compared with a full run.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from bench_corpus import floor, floor_in_processes  # noqa: E402
from helpers.articles import iter_articles  # noqa: E402

DEFAULT = ROOT / "data" / "corpus" / "wikinews_en.jsonl"


def replicate(source: Path, n: int, out: Path) -> Path:
    """The first ``n`` lines of SOURCE repeated, each copy with a distinct id (``ID~k``)."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with open(out, "w", encoding="utf-8") as handle:
        for number in range(n):
            record = dict(records[number % len(records)])
            copy = number // len(records)
            if copy:
                record["id"] = f"{record.get('id', number)}~{copy + 1}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def command(corpus: Path, out: Path, workers: int, resume: bool = False) -> list[str]:
    return [sys.executable, "-m", "helpers", "corpus", str(corpus), "--out", str(out),
            "--speakers-out", str(out.with_suffix(".speakers.csv")), "--workers", str(workers), "--quiet",
            *(["--resume"] if resume else [])]


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (0 for those that just ended)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(argv: list[str], stop_when=None) -> dict[str, float]:
    """Run a command in its own process group: wall seconds, peak memory (MB), exit code.

    ``stop_when()`` is polled; when it returns True the whole group is killed with SIGKILL.
    """
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"}, start_new_session=True)
    watched, peak, killed = psutil.Process(child.pid), 0, False
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.Error:
            pass
        if stop_when is not None and not killed and stop_when():
            os.killpg(child.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.1)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak / 2**20, "code": child.returncode,
            "killed": killed}


def finished_articles(out: Path) -> int:
    """Articles a run has recorded as finished so far (its manifest)."""
    manifest = out.with_name(out.name + ".partial") / "manifest.jsonl"
    if not manifest.exists():
        return 0
    total = 0
    for line in manifest.read_text(encoding="utf-8").splitlines():
        try:
            total += json.loads(line)["n_articles"]
        except (ValueError, KeyError):
            pass
    return total


def machine_gain(texts: list[str]) -> float:
    """The floor in one process / the floor split over two: what a second process can gain here."""
    floor(texts[:1])
    start = time.perf_counter()
    floor(texts)
    one = time.perf_counter() - start
    return one / floor_in_processes(texts, 2)


def speed_rounds(source: Path, n: int, rounds: int) -> int:
    """Rounds of: the machine's gain, the pipeline with 1 worker, with 2, the machine's gain again.

    On a machine shared with other work the load changes from minute to minute; each round's
    pipeline speed-up is set against the machine's gain measured just before and just after it.
    """
    texts = [article.text for article in iter_articles([source])]
    shares = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as folder:
        corpus = replicate(source, n, Path(folder) / "large.jsonl")
        for number in range(rounds):
            before = machine_gain(texts)
            one = run(command(corpus, Path(folder) / "one.parquet", 1))["seconds"]
            two = run(command(corpus, Path(folder) / "two.parquet", 2))["seconds"]
            after = machine_gain(texts)
            same = pd.read_parquet(Path(folder) / "one.parquet").equals(pd.read_parquet(Path(folder) / "two.parquet"))
            machine = (before + after) / 2
            shares.append((one / two) / machine)
            print(f"round {number + 1}: {n:,} articles; 1 worker {one:.1f} s ({n / one:.1f} articles/s), 2 workers "
                  f"{two:.1f} s ({n / two:.1f} articles/s): speed-up {one / two:.2f}x; the machine's own gain "
                  f"{before:.2f}x before, {after:.2f}x after; share {shares[-1]:.0%}; same table: {same}", flush=True)
    print(f"median share of the machine's gain: {sorted(shares)[len(shares) // 2]:.0%} (target >= 85%)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT))
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=6000)
    parser.add_argument("--skip-one-worker", action="store_true", help="no 1-worker run (no speed-up figure)")
    parser.add_argument("--speed-only", type=int, default=0, metavar="ROUNDS",
                        help="only the speed-up: ROUNDS rounds of (machine gain, 1 worker, 2 workers) on the large corpus")
    args = parser.parse_args()
    if args.speed_only:
        return speed_rounds(Path(args.source), args.large, args.speed_only)

    texts = [article.text for article in iter_articles([args.source])]
    gains = [machine_gain(texts)]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        folder = Path(folder)
        large = replicate(Path(args.source), args.large, folder / "large.jsonl")
        small = replicate(Path(args.source), args.small, folder / "small.jsonl")
        print(f"corpus: {args.large:,} lines from {len(texts)} distinct articles (small: the first {args.small:,})",
              flush=True)
        results = {"small, 2 workers": run(command(small, folder / "small.parquet", 2))}
        reference = folder / "large.parquet"
        results["large, 2 workers"] = run(command(large, reference, 2))
        if not args.skip_one_worker:
            results["large, 1 worker"] = run(command(large, folder / "one.parquet", 1))
        killed = folder / "killed.parquet"
        half = args.large // 2
        results["large, 2 workers, killed"] = run(command(large, killed, 2),
                                                  stop_when=lambda: finished_articles(killed) >= half)
        left_behind = killed.exists()
        done_at_kill = finished_articles(killed)
        results["large, 2 workers, resumed"] = run(command(large, killed, 2, resume=True))
        same = pd.read_parquet(killed).equals(pd.read_parquet(reference))
        same_speakers = pd.read_csv(killed.with_suffix(".speakers.csv")).equals(
            pd.read_csv(reference.with_suffix(".speakers.csv")))
        if not args.skip_one_worker:
            same_workers = pd.read_parquet(folder / "one.parquet").equals(pd.read_parquet(reference))
    gains.append(machine_gain(texts))

    print(f"\n{'run':<32} {'wall s':>8} {'articles/s':>11} {'peak MB':>9}  exit")
    sizes = {"small": args.small, "large": args.large}
    for name, result in results.items():
        n = sizes[name.split(",")[0]]
        print(f"{name:<32} {result['seconds']:8.1f} {n / result['seconds']:11.1f} {result['peak_mb']:9.0f}  "
              f"{'killed' if result['killed'] else result['code']}")
    ratio = results["large, 2 workers"]["peak_mb"] / results["small, 2 workers"]["peak_mb"]
    print(f"\npeak memory, large / small = {ratio:.2f}  (target <= 1.3: {'ok' if ratio <= 1.3 else 'MISSED'})")
    print(f"killed at {done_at_kill:,} of {args.large:,} articles finished; table left behind by the kill: "
          f"{'YES (wrong)' if left_behind else 'none'}; resumed table identical to the uninterrupted one: "
          f"{same}; speakers table identical: {same_speakers}")
    resumed = results["large, 2 workers, resumed"]["seconds"] / results["large, 2 workers"]["seconds"]
    print(f"resumed part took {resumed:.0%} of a full run's time")
    ok = ratio <= 1.3 and not left_behind and same and same_speakers
    if not args.skip_one_worker:
        speedup = results["large, 1 worker"]["seconds"] / results["large, 2 workers"]["seconds"]
        machine = sum(gains) / len(gains)
        print(f"speed-up 1 -> 2 workers = {speedup:.2f}x; the machine's own 1 -> 2 process gain = "
              f"{' / '.join(f'{g:.2f}x' for g in gains)} (before / after); share = {speedup / machine:.0%} "
              f"(target >= 85%: {'ok' if speedup >= 0.85 * machine else 'MISSED'}); "
              f"tables of 1 and 2 workers identical: {same_workers}")
        ok = ok and same_workers
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
