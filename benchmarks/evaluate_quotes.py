"""Quote extraction and speaker attribution against the hand-made gold annotations.

Usage: python benchmarks/evaluate_quotes.py [GOLD_DIR]   (default: tests/fixtures/gold)
Prints, per article and pooled: precision, recall and F1 of quote content (a predicted quote
matches a gold one when they share at least half of the longer span), speaker accuracy on the
matched quotes, and the pooled scores by kind.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.evaluate import evaluate_quote_gold, load_quote_gold, quote_scores  # noqa: E402
from helpers.speakers import attribute  # noqa: E402


def extract(text: str) -> pd.DataFrame:
    return attribute(text)[0]


def main(folder: str | None = None) -> None:
    paths = sorted(Path(folder or ROOT / "tests" / "fixtures" / "gold").glob("*.gold.json"))
    table = evaluate_quote_gold(paths, extract)
    columns = ["article", "n_gold", "n_predicted", "n_matched", "precision", "recall", "f1", "speaker_accuracy",
               "end_to_end_f1"]
    print(table[columns].round(3).to_string(index=False))
    rows = []
    for kind in ("direct", "indirect", "mixed", "reaction"):
        pred, gold = [], []
        offset = 0
        for path in paths:
            text, gold_table = load_quote_gold(path)
            for table_, pool in ((extract(text), pred), (gold_table, gold)):
                part = table_[["start", "end", "speaker", "kind"]].copy()
                part[["start", "end"]] = part[["start", "end"]].astype(int) + offset
                pool.append(part)
            offset += len(text) + 1
        scores = quote_scores(pd.concat(pred), pd.concat(gold), kinds=(kind,))
        rows.append({"kind": kind, **scores})
    print()
    print(pd.DataFrame(rows)[["kind", "n_gold", "n_predicted", "n_matched", "precision", "recall", "f1",
                              "speaker_accuracy"]].round(3).to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
