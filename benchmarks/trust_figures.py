"""How far each step can be trusted, measured on the shipped gold, written as the package's trust figures.

    .venv/bin/python benchmarks/trust_figures.py      (about a minute; rerun after any change to a step)

Writes ``helpers/data/trust_figures.json``, which every report shows on its index page and in place of the
notebooks' validation sections: sentence boundaries on hand-labelled Wikinews sentences (held out), quote
extraction and speaker attribution on the hand-made gold articles (``tests/fixtures/gold``, and its
``heldout/`` folder when present), VADER against human ratings of NYT sentences, target sentiment on
held-out NewsMTSC and directed stance on the hand-made sentences.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers import evaluate, segment, sentiment, stance  # noqa: E402
from helpers.report import TRUST_FILE  # noqa: E402
from helpers.speakers import attribute  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "gold"
SENTENCES = ROOT / "tests" / "fixtures" / "sentences"
SENTENCE_GOLD = ROOT / "tests" / "fixtures" / "gold_sentences"


def _round(values: dict[str, Any]) -> dict[str, Any]:
    return {key: round(float(value), 3) if isinstance(value, float) else value for key, value in values.items()}


def sentence_figures() -> dict[str, Any]:
    """Sentence ends on the held-out Wikinews sample (never looked at while the splitter was written)."""
    documents = json.loads((SENTENCES / "heldout_wikinews.json").read_text(encoding="utf-8"))["documents"]
    scores = evaluate.sentence_boundary_scores(documents, lambda text: list(segment.sentences(text).text))
    return {"step": "sentences", "notebook": "01", "what": "sentence boundaries",
            "measured_on": f"{len(documents)} hand-labelled Wikinews texts, held out ({scores['gold']} sentence ends)",
            "figures": _round({key: scores[key] for key in ("precision", "recall", "f1")})}


def quote_figures() -> list[dict[str, Any]]:
    """Quotes and speakers on the gold articles, pooled; the held-out folder separately when it exists; and the
    news sentences of many outlets (development and held-out files pooled)."""
    rows = []
    sentence_paths = sorted(SENTENCE_GOLD.glob("*.gold.json")) + sorted((SENTENCE_GOLD / "heldout").glob("*.gold.json"))
    for name, paths in (("development gold", sorted(GOLD.glob("*.gold.json"))),
                        ("held-out gold", sorted((GOLD / "heldout").glob("*.gold.json"))),
                        ("news sentences of many outlets", sentence_paths)):
        if not paths:
            continue
        table = evaluate.evaluate_quote_gold(paths, lambda text: attribute(text)[0])
        row = table[table["article"] == "all"].iloc[0]
        if name.startswith("news"):
            sentences = sum(len(segment.paragraph_spans(evaluate.load_quote_gold(path)[0])) for path in paths)
            measured_on = f"{sentences} single sentences from many outlets, coded blind ({int(row['n_gold'])} quotes)"
        else:
            measured_on = f"{len(paths)} hand-annotated articles ({name}, {int(row['n_gold'])} quotes)"
        rows.append({"step": "quotes and speakers", "notebook": "02", "what": "quote spans and who said them",
                     "measured_on": measured_on,
                     "figures": _round({"precision": float(row["precision"]), "recall": float(row["recall"]),
                                        "f1": float(row["f1"]), "speaker_accuracy": float(row["speaker_accuracy"]),
                                        "end_to_end_f1": float(row["end_to_end_f1"])})})
    return rows


def sentiment_figures() -> dict[str, Any]:
    """VADER's compound against the mean human rating of NYT editorial sentences."""
    table = sentiment.nyt_validation(sentiment.nyt_scores())
    row = table.iloc[0]
    return {"step": "sentiment", "notebook": "03", "what": "VADER scores against human ratings",
            "measured_on": f"{int(row['n']):,} NYT editorial sentences rated by people",
            "figures": _round({"pearson_r": float(row["pearson_r"]), "weighted_f1": float(row["f1_weighted"])})}


def stance_figures() -> list[dict[str, Any]]:
    """Speaker × target stances on the held-out stance gold; target sentiment on held-out NewsMTSC; directed
    stance on the blind-coded Wikinews sentences."""
    table = stance.evaluate_target_sentiment(baselines=False)
    ours = table.iloc[0]
    splits = [column for column in table.columns if column != "method"]
    directed, _predictions = stance.evaluate_directed_stance()
    held = "held-out (Wikinews)"
    mine = directed[(directed["method"].str.contains("this project")) & (directed["sentences"] == held)].iloc[0]
    from helpers import stance_validation

    held_out = stance_validation.load_stance_gold(stance_validation.STANCE_GOLD_DIR / "heldout")
    pairs, spurious = stance_validation.gold_pairs(held_out, stance_validation.tool_predictor(), "held-out")
    scores = stance_validation.score_stance_gold(pairs, spurious, len(held_out))
    return [
        {"step": "stance", "notebook": "04", "what": "each speaker's stance toward each target",
         "measured_on": f"{scores['confident pairs']} speaker × target pairs in {len(held_out)} Wikinews articles, "
                        "coded blind and held out (a missing row counts as wrong)",
         "figures": _round({"right_stance": float(scores["right stance"]),
                            "favor_against_macro_f1": float(scores["favor/against macro-F1"]),
                            "pairs_with_a_row": float(scores["pairs with a row"])})},
        {"step": "stance", "notebook": "04", "what": "sentiment toward a target (learned model)",
         "measured_on": "held-out NewsMTSC news sentences (" + ", ".join(splits) + ")",
         "figures": _round({f"macro_f1_{split}": float(ours[split]) for split in splits})},
        {"step": "stance", "notebook": "04", "what": "who is for or against whom (rules)",
         "measured_on": f"{int(mine['n'])} pairs in real Wikinews sentences, coded blind and never tuned on",
         "figures": _round({"polarity_macro_f1": float(mine["polarity macro-F1"]),
                            "five_class_macro_f1": float(mine["5-class macro-F1"])})},
    ]


def measure() -> dict[str, Any]:
    """All trust figures, as stored in ``helpers/data/trust_figures.json``."""
    steps = [sentence_figures(), *quote_figures(), sentiment_figures(), *stance_figures()]
    return {"generated_by": "python benchmarks/trust_figures.py", "steps": steps}


def main() -> int:
    figures = measure()
    TRUST_FILE.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for step in figures["steps"]:
        print(f"{step['step']:<20} {step['what']:<45} " + ", ".join(f"{k} {v}" for k, v in step["figures"].items()))
    print(f"written: {TRUST_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
