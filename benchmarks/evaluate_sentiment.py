"""Measure the sentiment step: agreement with human ratings, explanations that add up, speed.

    .venv/bin/python benchmarks/evaluate_sentiment.py [--repeat 3]

1. The 5,190 NYT editorial sentences (data/nyt_editorials/, mean of 20 human ratings on -4..+4):
   Pearson r and 3-class F1 (macro and weighted; human mean / 4 and the score both cut at +-0.05)
   for VADER and AFINN, next to the published figures (Hutto & Gilbert 2014).
2. ``explain``: the largest gap, over all 5,190 sentences, between the compound rebuilt from its
   valences and vaderSentiment's own compound (must stay below 0.001).
3. VADER vs AFINN on the hand-coded quotes of tests/fixtures/gold/ (labels at +-0.05): how often
   the two instruments agree, quote by quote.
4. Speed: sentences per second for vaderSentiment itself (the floor), ``score_text``, ``explain``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from helpers import sentiment  # noqa: E402
from helpers.resources import vader_analyzer  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "gold"


def explain_gap(texts: list[str]) -> float:
    """Largest |compound rebuilt from explain() - vaderSentiment's compound| over ``texts``."""
    analyzer = vader_analyzer()
    worst = 0.0
    for text in texts:
        valences = [row["valence"] for row in sentiment.explain_rows(text)]
        worst = max(worst, abs(sentiment.compound_from_valences(valences) - analyzer.polarity_scores(text)["compound"]))
    return worst


def gold_quote_agreement() -> pd.DataFrame:
    """VADER vs AFINN labels on every non-reaction gold quote, one row per file plus a total."""
    rows = []
    for path in sorted(GOLD.glob("*.gold.json")):
        quotes = [quote for quote in json.loads(path.read_text(encoding="utf-8"))["quotes"] if quote["kind"] != "reaction"]
        table = sentiment.instrument_agreement(quote["text"] for quote in quotes)
        rows.append({"file": path.name.replace(".gold.json", ""), "quotes": len(table),
                     "agree": int(table["agree"].sum()), "pearson_r": table["compound"].corr(table["afinn_norm"])})
    frame = pd.DataFrame(rows)
    all_quotes = sum(rows_["quotes"] for rows_ in rows)
    agree = sum(rows_["agree"] for rows_ in rows)
    frame.loc[len(frame)] = {"file": "all", "quotes": all_quotes, "agree": agree, "pearson_r": float("nan")}
    frame["share_agree"] = frame["agree"] / frame["quotes"]
    return frame


def speed(texts: list[str], repeat: int) -> pd.DataFrame:
    """Best-of-``repeat`` sentences per second for the floor and the two helpers."""
    analyzer = vader_analyzer()
    contenders = {
        "vaderSentiment polarity_scores (floor)": analyzer.polarity_scores,
        "helpers.sentiment.score_text": sentiment.score_text,
        "helpers.sentiment.explain_rows": sentiment.explain_rows,
        "helpers.sentiment.explain (DataFrame)": sentiment.explain,
    }
    rows = []
    for name, function in contenders.items():
        sample = texts if "DataFrame" not in name else texts[:1000]
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            for text in sample:
                function(text)
            best = min(best, time.perf_counter() - started)
        rows.append({"function": name, "sentences": len(sample), "sentences_per_s": round(len(sample) / best)})
    return pd.DataFrame(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions (best is kept)")
    args = parser.parse_args()
    pd.set_option("display.width", 140)
    scored = sentiment.nyt_scores()
    print("1. Agreement with human ratings, NYT editorial sentences\n")
    print(sentiment.nyt_validation(scored).round(3).to_string(index=False))
    gap = explain_gap(scored["text"].tolist())
    print(f"\n2. explain(): largest gap to vaderSentiment's compound over {len(scored)} sentences: {gap:.6f}"
          f" ({'ok' if gap < 0.001 else 'FAIL'}, limit 0.001)")
    print("\n3. VADER vs AFINN on the hand-coded gold quotes (labels at +-0.05)\n")
    print(gold_quote_agreement().round(3).to_string(index=False))
    print("\n4. Speed (best of {} runs)\n".format(args.repeat))
    print(speed(scored["text"].tolist(), args.repeat).to_string(index=False))
    return 0 if gap < 0.001 else 1


if __name__ == "__main__":
    sys.exit(main())
