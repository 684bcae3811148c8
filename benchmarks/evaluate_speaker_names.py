"""Malformed speaker names: the share of attributed rows whose speaker is not a name a researcher can count.

    .venv/bin/python benchmarks/evaluate_speaker_names.py [SOURCE ...] [--list]

SOURCE: articles, folders or JSON lines files (default: the 336 English Wikinews articles of
``data/corpus/wikinews_en.jsonl``, the hand-coded gold articles of ``tests/fixtures/gold`` and the gold news
sentences of many outlets of ``tests/fixtures/gold_sentences``, reported apart).
A speaker is malformed (``helpers.evaluate.malformed_speaker``) when it holds a time phrase ("Beck on
Wednesday"), is a lone honorific ("Mr"), a possessive ("Barack Obama's"), the outlet's own voice ("Editor's"),
or a fragment that opens with a conjunction, a preposition or a verb ("defeat Mr. Trump"). "The two" and "a
senior official" are fine. Target: at most 0.5% of rows with a speaker. ``--list`` prints every malformed row.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.articles import iter_articles  # noqa: E402
from helpers.evaluate import malformed_speaker  # noqa: E402
from helpers.speakers import attributed_records  # noqa: E402

DEFAULT_SOURCES = {"Wikinews corpus": [ROOT / "data" / "corpus" / "wikinews_en.jsonl"],
                   "gold articles": sorted((ROOT / "tests" / "fixtures" / "gold").rglob("*.txt")),
                   "gold news sentences of many outlets": sorted((ROOT / "tests" / "fixtures" / "gold_sentences").rglob(
                       "newsmtsc_sentences_??.txt"))}


def malformed_rows(sources: list[Path]) -> tuple[int, list[dict]]:
    """How many rows have a speaker, and the malformed ones (article, speaker, mention, reason)."""
    total, malformed = 0, []
    for article in iter_articles(sources):
        for row in attributed_records(article.text):
            if not row["speaker"]:
                continue
            total += 1
            reason = malformed_speaker(row["speaker"])
            if reason:
                malformed.append({"article": article.id, "speaker": row["speaker"], "mention": row["mention"],
                                  "reason": reason})
    return total, malformed


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")]
    sets = {"given": paths} if paths else DEFAULT_SOURCES
    for name, sources in sets.items():
        total, malformed = malformed_rows(sources)
        share = len(malformed) / total if total else 0.0
        print(f"{name}: {len(malformed)} malformed of {total} rows with a speaker ({share:.2%}; target <= 0.5%)")
        if "--list" in argv:
            for row in malformed:
                print(f"  {row['reason']:<48} {row['speaker']!r:<50} mention {row['mention']!r}  ({row['article']})")


if __name__ == "__main__":
    main(sys.argv[1:])
