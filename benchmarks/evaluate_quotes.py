"""Quote extraction and speaker attribution against the hand-made gold annotations, dev and held out.

Usage: python benchmarks/evaluate_quotes.py [--articles] [GOLD_DIR]   (default: tests/fixtures/gold)

The gold of GOLD_DIR is the development set (the rules were tuned while looking at it); the gold of
GOLD_DIR/heldout was written blind from the codebook and never looked at while tuning. For each set:
content precision, recall and F1 (a predicted quote matches a gold one when their content spans,
without edge punctuation and a leading "that", overlap by at least half of the longer one; pieces of one
content count once), exact-span F1, speaker accuracy on matched quotes (the speaker shares a name word
with the annotated source), quote-and-speaker F1, and the same by kind.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.evaluate import evaluate_quote_gold, load_quote_gold, match_quotes, normalise_spans  # noqa: E402
from helpers.speakers import attribute  # noqa: E402

COLUMNS = ["n_gold", "n_predicted", "n_matched", "precision", "recall", "f1", "exact_f1", "speaker_accuracy",
           "end_to_end_f1"]


def extract(text: str) -> pd.DataFrame:
    return attribute(text)[0]


def scores_by_kind(paths: list[Path]) -> pd.DataFrame:
    """Pooled scores of one set, overall and per kind."""
    rows = [{"kind": "all", **evaluate_quote_gold(paths, extract).iloc[-1].drop("article").to_dict()}]
    for kind in ("direct", "indirect", "mixed", "reaction"):
        table = evaluate_quote_gold(paths, lambda text: _only(extract(text), kind), gold_filter=kind)
        rows.append({"kind": kind, **table.iloc[-1].drop("article").to_dict()})
    return pd.DataFrame(rows)


def _only(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return table[table["kind"] == kind]


def speaker_scores(paths: list[Path]) -> dict[str, object]:
    """On matched quotes: accuracy of pronoun sources, speaker type and gender against the gold."""
    pronoun, types, genders = [], [], []
    for path in paths:
        text, gold = load_quote_gold(path)
        gold = normalise_spans(text, gold).reset_index(drop=True)
        predicted = normalise_spans(text, extract(text)).reset_index(drop=True)
        for _, match in match_quotes(predicted, gold).iterrows():
            truth, guess = gold.iloc[int(match["gold"])], predicted.iloc[int(match["pred"])]
            if truth.get("pronoun") is True:
                pronoun.append(bool(match["speaker_ok"]))
            if match["speaker_ok"] and isinstance(truth.get("speaker_type"), str):
                types.append(guess["speaker_type"] == truth["speaker_type"])
            if match["speaker_ok"] and truth.get("speaker_type") == "person" and isinstance(truth.get("gender"), str):
                genders.append(guess["gender"] == truth["gender"])
    share = lambda values: round(sum(values) / len(values), 3) if values else float("nan")  # noqa: E731
    return {"pronoun_sources": len(pronoun), "pronoun_accuracy": share(pronoun),
            "speaker_type_accuracy": share(types), "n_typed": len(types),
            "gender_accuracy": share(genders), "n_persons": len(genders)}


def main(argv: list[str]) -> None:
    folder = Path(next((a for a in argv if not a.startswith("--")), ROOT / "tests" / "fixtures" / "gold"))
    for name, paths in (("dev", sorted(folder.glob("*.gold.json"))),
                        ("held out", sorted((folder / "heldout").glob("*.gold.json")))):
        if not paths:
            continue
        print(f"== {name}: {len(paths)} articles")
        if "--articles" in argv:
            table = evaluate_quote_gold(paths, extract)
            print(table[["article"] + COLUMNS].round(3).to_string(index=False))
        print(scores_by_kind(paths)[["kind"] + COLUMNS].round(3).to_string(index=False))
        print("speakers on matched quotes:", speaker_scores(paths))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
