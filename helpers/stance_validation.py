"""Measuring the stance step: loaders of validation sets, baselines and scores (paths as arguments).

Three measurements, each next to simple baselines:

- **Speaker × target stances in real news** (``tests/fixtures/stance_gold/{dev,heldout}``): a careful
  reader's coding of who stands where on the targets an analyst chose (``load_stance_gold``,
  ``score_stance_gold``). A tool row is matched to a gold speaker by name word or acronym.
- **Target-dependent sentiment** on NewsMTSC (``load_newsmtsc``, ``evaluate_target_sentiment``).
- **Directed stance** on hand-made sentences (``evaluate_directed_stance``).

Step modules never import this one: data flows from ``helpers.stance`` to here.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from helpers.resources import DATA_DIR, vader_analyzer

ROOT = DATA_DIR.parents[1]
STANCE_GOLD_DIR = ROOT / "tests" / "fixtures" / "stance_gold"
NEWSMTSC_DIR = ROOT / "data" / "newsmtsc"
NEWSMTSC_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
DIRECTED_FIXTURE = ROOT / "tests" / "fixtures" / "directed_stance.jsonl"
# real Wikinews sentences coded blind, never read while the rules were written
DIRECTED_HELDOUT = ROOT / "tests" / "fixtures" / "directed_stance_heldout" / "directed_stance_heldout.jsonl"
# real news sentences coded blind, scored on arrival, then read while rules were written (each its own batch)
DIRECTED_DEV = tuple(sorted((ROOT / "tests" / "fixtures" / "directed_stance_dev").glob("*.jsonl")))
FIVE_CLASSES = ("none", "a_favor_b", "b_favor_a", "a_against_b", "b_against_a")
SIDES = ("favor", "against")
PAIR_COLUMNS = ["split", "article", "speaker", "target", "gold", "confident", "predicted", "score", "evidence"]


# ------------------------------------------------------------------------------- metrics

def macro_f1(gold: Iterable[str], predicted: Iterable[str], labels: Iterable[str] | None = None) -> float:
    """Mean F1 over the gold labels (or ``labels``); a class never predicted scores 0."""
    gold, predicted = list(gold), list(predicted)
    classes = sorted(set(gold)) if labels is None else list(labels)
    scores = []
    for label in classes:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        n_pred, n_gold = sum(p == label for p in predicted), sum(g == label for g in gold)
        scores.append(0.0 if not tp else 2 * tp / (n_pred + n_gold))
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def vader_label(text: str, band: float = 0.05) -> str:
    """VADER on the whole text: compound above +band positive, below -band negative (the usual rule)."""
    compound = vader_analyzer().polarity_scores(text)["compound"]
    return "positive" if compound > band else "negative" if compound < -band else "neutral"


# ------------------------------------------------------------------------------- speaker × target gold

def load_stance_gold(folder: str | Path) -> list[dict[str, Any]]:
    """The gold articles of one folder: ``{"name", "text", "targets", "stances", ...}`` sorted by name."""
    articles = []
    for path in sorted(Path(folder).glob("*.gold.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["name"] = path.name.removesuffix(".gold.json")
        record["text"] = (path.parent / record["file"]).read_text(encoding="utf-8")
        articles.append(record)
    return articles


def _fold(name: object) -> str:
    return unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower().replace("’", "'")


def _name_words(name: object) -> set[str]:
    skip = {"the", "of", "a", "an", "and", "for", "on", "in", "us", "u.s.", "president", "minister", "office"}
    return {w.strip(".,'\"").removesuffix("'s") for w in _fold(name).split()} - skip - {""}


def _acronym(name: object) -> str:
    words = [w for w in _fold(name).replace("-", " ").split() if w not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def same_speaker(predicted: object, gold: object) -> bool:
    """A tool speaker is the gold speaker when they share a name word, or one is the other's acronym."""
    p_words, g_words = _name_words(predicted), _name_words(gold)
    return bool(p_words & g_words) or _acronym(gold) in p_words or _acronym(predicted) in g_words - {""}


def gold_pairs(articles: list[dict[str, Any]], predict: Callable[[dict[str, Any]], pd.DataFrame],
               split: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score one predictor on gold articles.

    ``predict(article)`` returns the speaker × target table (``speaker, target, stance, score``, plus
    ``evidence`` when known) of one gold article, given the article's targets. Returns (one row per gold
    pair: gold and predicted label, ``none`` when the tool has no row; one row per tool favor/against row
    on a pair the reader coded no stance for).
    """
    from helpers.stance import combine

    pairs, spurious = [], []
    for article in articles:
        table = predict(article)
        used = set()
        for gold in article["stances"]:
            hits = table[(table["target"] == gold["target"]) & table["speaker"].map(lambda s: same_speaker(s, gold["speaker"]))]
            used.update(hits.index)
            label = combine(hits["stance"]) if len(hits) else "none"
            score = float(hits["score"].mean()) if len(hits) else 0.0
            evidence = " | ".join(hits["evidence"].astype(str)) if "evidence" in hits and len(hits) else ""
            pairs.append((split, article["name"], gold["speaker"], gold["target"], gold["stance"], gold["confident"],
                          label, round(score, 4), evidence))
        for index, row in table.iterrows():
            if index not in used and row["stance"] in SIDES:
                spurious.append((split, article["name"], row["speaker"], row["target"], row["stance"],
                                 float(row["score"]), str(row.get("evidence", ""))))
    return (pd.DataFrame(pairs, columns=PAIR_COLUMNS),
            pd.DataFrame(spurious, columns=["split", "article", "speaker", "target", "stance", "score", "evidence"]))


def score_stance_gold(pairs: pd.DataFrame, spurious: pd.DataFrame, n_articles: int) -> dict[str, float]:
    """The headline figures: on confident pairs the share right (a missing row is wrong), favor/against
    macro-F1 and the share with a row; spurious favor/against rows per article."""
    confident = pairs[pairs["confident"]]
    return {"articles": n_articles, "confident pairs": len(confident),
            "right stance": round(float((confident["gold"] == confident["predicted"]).mean()), 3) if len(confident) else 0.0,
            "favor/against macro-F1": macro_f1(confident["gold"], confident["predicted"], SIDES),
            "pairs with a row": round(float((confident["predicted"] != "none").mean()), 3) if len(confident) else 0.0,
            "spurious rows per article": round(len(spurious) / max(n_articles, 1), 2)}


def evaluate_stance_gold(predictors: dict[str, Callable[[dict[str, Any]], pd.DataFrame]],
                         folders: dict[str, str | Path] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Headline figures of each predictor on each gold split (rows), and the per-pair table of all runs."""
    folders = folders or {"dev": STANCE_GOLD_DIR / "dev", "calibration": STANCE_GOLD_DIR / "calibration",
                          "held-out": STANCE_GOLD_DIR / "heldout"}
    rows, all_pairs = [], []
    for split, folder in folders.items():
        articles = load_stance_gold(folder)
        for method, predict in predictors.items():
            pairs, spurious = gold_pairs(articles, predict, split)
            rows.append({"method": method, "split": split, **score_stance_gold(pairs, spurious, len(articles))})
            all_pairs.append(pairs.assign(method=method))
    return pd.DataFrame(rows), pd.concat(all_pairs, ignore_index=True)


def cell_outcomes(articles: list[dict[str, Any]], predict: Callable[[dict[str, Any]], pd.DataFrame],
                  split: str = "") -> pd.DataFrame:
    """Every row of the tool's speaker × target tables with whether it is right.

    A row on a coded pair is right when its label is the reader's; a favor/against row on a pair the reader
    coded no stance for is wrong; a neutral row there is right (no side, as the reader saw none). Columns:
    ``split, article, speaker, target, stance, score, correct`` plus the table's other columns.
    """
    frames = []
    for article in articles:
        table = predict(article).copy()
        correct = []
        for row in table.itertuples():
            gold = [g for g in article["stances"] if g["target"] == row.target and same_speaker(row.speaker, g["speaker"])]
            correct.append(row.stance == gold[0]["stance"] if gold else row.stance not in SIDES)
        frames.append(table.assign(split=split, article=article["name"], correct=correct))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def reliability(outcomes: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Mean score and share right per score bin (equal width on [0, 1]): a calibrated score has them equal."""
    edges = [i / bins for i in range(bins + 1)]
    binned = pd.cut(outcomes["score"].clip(0, 1), edges, include_lowest=True)
    table = outcomes.groupby(binned, observed=True).agg(n=("correct", "size"), mean_score=("score", "mean"),
                                                        share_right=("correct", "mean")).reset_index()
    table["bin"] = table["score"].astype(str)
    return table[["bin", "n", "mean_score", "share_right"]]


def expected_calibration_error(outcomes: pd.DataFrame, bins: int = 5) -> float:
    """Mean |share right - mean score| over score bins, weighted by their sizes."""
    table = reliability(outcomes, bins)
    return round(float((table["n"] * (table["share_right"] - table["mean_score"]).abs()).sum() / max(table["n"].sum(), 1)), 3)


def tool_predictor(method: str = "combined", min_score: float = 0.0, calibrated: bool = True
                   ) -> Callable[[dict[str, Any]], pd.DataFrame]:
    """The tool on a gold article, given the article's targets (attribution computed once per article)."""
    from helpers.stance import stance_table

    def predict(article: dict[str, Any]) -> pd.DataFrame:
        return stance_table(_attribution(article["text"]), article["targets"], article["text"], method=method,
                            min_score=min_score, calibrated=calibrated)
    return predict


def vader_predictor() -> Callable[[dict[str, Any]], pd.DataFrame]:
    """Baseline: each (quote, target) pair the tool finds takes the VADER label of the whole quote
    (positive favor, negative against, else neutral); cells combine as the codebook says."""
    from helpers.stance import quote_stances, stance_table

    def predict(article: dict[str, Any]) -> pd.DataFrame:
        quotes = _attribution(article["text"])
        per_quote = quote_stances(quotes, article["targets"], article["text"], method="model")
        texts = dict(zip(quotes["quote_id"], quotes["text"]))
        labels = [{"positive": "favor", "negative": "against"}.get(vader_label(texts[q]), "neutral") for q in per_quote["quote_id"]]
        per_quote = per_quote.assign(stance=labels, evidence="VADER on the whole quote")
        return stance_table(per_quote, calibrated=False)
    return predict


_ATTRIBUTIONS: dict[str, pd.DataFrame] = {}


def _attribution(text: str) -> pd.DataFrame:
    """The quotes of a gold article (memoised: every predictor reads the same attribution)."""
    from helpers.speakers import attribute

    if text not in _ATTRIBUTIONS:
        _ATTRIBUTIONS[text] = attribute(text)[0]
    return _ATTRIBUTIONS[text]


# ------------------------------------------------------------------------------- NewsMTSC

def load_newsmtsc(split: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One row per (sentence, target) of a NewsMTSC split: ``sentence, start, end, mention, label``."""
    path = Path(folder or NEWSMTSC_DIR) / f"{split}.jsonl"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for target in record["targets"]:
            rows.append((record["sentence_normalized"], int(target["from"]), int(target["to"]), target["mention"],
                         NEWSMTSC_LABELS[float(target["polarity"])]))
    return pd.DataFrame(rows, columns=["sentence", "start", "end", "mention", "label"])


def tfidf_baseline(train: pd.DataFrame) -> Any:
    """A plain tf-idf (1-2 grams) logistic regression on whole sentences, fitted on ``train`` (needs scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         LogisticRegression(C=1.0, solver="saga", tol=1e-3, max_iter=2000, random_state=0)
                         ).fit(train["sentence"], train["label"])


def evaluate_target_sentiment(splits: Iterable[str] = ("dev_rw", "dev_mt"), baselines: bool = True,
                              folder: str | Path | None = None) -> pd.DataFrame:
    """Macro-F1 of ``target_sentiment`` on NewsMTSC splits not used in training, next to baselines.

    Rows: method; columns: one per split. Baselines: all-neutral, VADER on the whole sentence, and
    (``baselines=True``) a plain tf-idf logistic regression trained on NewsMTSC train. The NewsMTSC
    test splits are not shipped: the dev splits are the held-out data here.
    """
    from helpers.stance import target_sentiment

    data = {split: load_newsmtsc(split, folder) for split in splits}
    methods: dict[str, Any] = {
        "target_sentiment (this project)": lambda frame: [target_sentiment(r.sentence, r.start, r.end)["label"]
                                                          for r in frame.itertuples()],
        "all neutral": lambda frame: ["neutral"] * len(frame),
        "VADER on the whole sentence": lambda frame: [vader_label(s) for s in frame["sentence"]],
    }
    if baselines:
        model = tfidf_baseline(load_newsmtsc("train", folder))
        methods["tf-idf logistic regression (sentence)"] = lambda frame: list(model.predict(frame["sentence"]))
    rows = []
    for name, predict in methods.items():
        rows.append({"method": name, **{split: macro_f1(frame["label"], predict(frame), NEWSMTSC_LABELS.values())
                                        for split, frame in data.items()}})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------- directed stance

def five_class(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    """The 5-class reading of a pair: ``directed_stance`` both ways, the more confident non-none wins."""
    from helpers.stance import directed_stance

    ab = directed_stance(sentence, holder=a, target=b)
    ba = directed_stance(sentence, holder=b, target=a)
    found = [(r["score"], f"{x}_{r['label']}_{y}") for r, x, y in ((ab, "a", "b"), (ba, "b", "a")) if r["label"] != "none"]
    return max(found)[1] if found else "none"


def _polarity_of(label: str) -> str:
    return label if label == "none" else label.split("_")[1]


def evaluate_directed_stance(path: str | Path | None = None, heldout: str | Path | None = DIRECTED_HELDOUT,
                             dev: Iterable[str | Path] = DIRECTED_DEV) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Polarity and 5-class macro-F1 of ``directed_stance`` on labelled JSONL sets, with a VADER baseline.

    Each line: ``{"sentence", "a": [start, end], "b": [start, end], "label"}`` with label in
    ``FIVE_CLASSES`` (and optionally ``batch``). ``path`` (default: the hand-made set) gives the "all" row and
    one row per batch; each ``dev`` file (default: the news sentences of ``tests/fixtures/directed_stance_dev``)
    is scored as the batch its lines name, and ``heldout`` (default: the blind-coded Wikinews sentences; None to
    skip) as its own batch, apart from "all". VADER cannot tell direction: its baseline says a->b with the
    sentence's polarity. Returns (scores per method for all sentences and per batch, per-sentence predictions).
    """
    rows = [json.loads(line) for line in open(path or DIRECTED_FIXTURE, encoding="utf-8") if line.strip()]
    news = [json.loads(line) for file in dev for line in open(file, encoding="utf-8") if line.strip()]
    held = ([dict(json.loads(line), batch="held-out (Wikinews)") for line in open(heldout, encoding="utf-8")
             if line.strip()] if heldout else [])
    predictions = []
    for row in rows + news + held:
        a, b = tuple(row["a"]), tuple(row["b"])
        vader = {"positive": "a_favor_b", "negative": "a_against_b", "neutral": "none"}[vader_label(row["sentence"])]
        predictions.append({"id": row.get("id"), "batch": row.get("batch", 1), "sentence": row["sentence"],
                            "a": row["sentence"][a[0]:a[1]], "b": row["sentence"][b[0]:b[1]], "gold": row["label"],
                            "directed_stance": five_class(row["sentence"], a, b), "vader": vader})
    table = pd.DataFrame(predictions)
    real = {row["batch"] for row in news} | {"held-out (Wikinews)"}
    made = table[~table["batch"].isin(real)]
    scores = []
    groups = [("hand-made, all", made)] + ([(f"batch {batch}", part) for batch, part in made.groupby("batch")]
                                if made["batch"].nunique() > 1 else [])
    groups += [(batch, table[table["batch"] == batch]) for batch in sorted({row["batch"] for row in news})]
    groups += [("held-out (Wikinews)", table[table["batch"] == "held-out (Wikinews)"])] if held else []
    for name, part in groups:
        for method in ("directed_stance", "vader"):
            scores.append({
                "method": "directed_stance (this project)" if method == "directed_stance" else "VADER on the sentence",
                "sentences": name, "n": len(part),
                "polarity macro-F1": macro_f1(part["gold"].map(_polarity_of), part[method].map(_polarity_of)),
                "5-class macro-F1": macro_f1(part["gold"], part[method], FIVE_CLASSES),
            })
    return pd.DataFrame(scores), table
