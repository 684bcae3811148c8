"""Coding sheets: the tool's units exported for hand coding, with the tool's own codes kept apart.

``python -m helpers coding-sheet FILE_OR_DIR... --out sheet.csv|.xlsx [--sample N --seed S]
[--coders A,B]`` writes one row per unit to code:

- ``quote`` rows: one per attribution the tool found (quote and speaker). Coders decide
  whether it is a quote at all, its kind, the canonical speaker, the side and the sentiment;
- ``stance`` rows: one per (quote, target) pair, each target whose words occur in the quote's
  content (targets from ``--targets`` or the article's ``NAME.targets.json``);
- ``sentence`` rows: each sentence in which the tool found no quote, so that coders can
  say whether it holds one the tool missed (recall, not only precision).

Coders see the article's words (quote, mention, sentence, context, offsets) and empty
columns ``<CODER>_<variable>``; they never see the tool's codes, which go to a key file
beside the sheet (``sheet.key.csv``) read back by ``python -m helpers agreement``. Both
files carry a ``sheet_id`` (a hash of the units) so that codes from another sample are
refused. ``--sample N --seed S`` draws N quote and sentence rows at random (stance rows come
with their quote). Labels and instructions: docs/codebook.md, section 6 (and the README tab
of an .xlsx sheet). The tool's codes come from helpers.speakers.attribute (quote, kind,
speaker, side), helpers.sentiment (VADER's compound score of the quote, cut at +-0.05) and
helpers.stance.quote_stances (stance).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from helpers.articles import Article, ArticleError, iter_articles

# variable -> allowed labels (None: free text; "score": a number in [-1, 1])
VARIABLES: dict[str, tuple[str, ...] | str | None] = {
    "is_quote": ("yes", "no"),
    "kind": ("direct", "indirect", "mixed", "reaction"),
    "speaker": None,
    "side": None,
    "sentiment": ("negative", "neutral", "positive"),
    "sentiment_score": "score",
    "stance": ("favor", "against", "neutral"),
}
# variable -> the unit types it is coded on
APPLIES_TO: dict[str, tuple[str, ...]] = {
    "is_quote": ("quote", "sentence"),
    "kind": ("quote",),
    "speaker": ("quote",),
    "side": ("quote",),
    "sentiment": ("quote",),
    "sentiment_score": ("quote",),
    "stance": ("stance",),
}
QUESTIONS: dict[str, str] = {
    "is_quote": "quote rows: is the 'quote' text content the article attributes to a source (codebook 1)? "
                "sentence rows: does the sentence hold a quote? yes | no",
    "kind": "if a quote: direct | indirect | mixed | reaction (codebook 1)",
    "speaker": "if a quote: the canonical speaker, the fullest name the article gives (codebook 2)",
    "side": "if a quote: the speaker's camp (a country, an organisation), or 'none' (codebook 2)",
    "sentiment": "if a quote: how its content sounds: negative | neutral | positive (codebook 4)",
    "sentiment_score": "optional: the same as a number from -1 (very negative) to +1 (very positive)",
    "stance": "stance rows: the quote's stance toward 'target': favor | against | neutral (codebook 3)",
}
NOTE = "note"  # free comments of a coder; never compared
UNIT_TYPES = ("quote", "stance", "sentence")
SHEET_COLUMNS = ["unit_id", "unit_type", "sheet_id", "file", "article_id", "quote_id", "target", "quote",
                 "mention", "sentence", "context", "paragraph", "start", "end", "mention_start", "mention_end"]
TOOL = "tool"
CODER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def coder_columns(coder: str) -> list[str]:
    """The columns a coder fills: ``<coder>_<variable>`` for each variable, then ``<coder>_note``."""
    return [f"{coder}_{variable}" for variable in VARIABLES] + [f"{coder}_{NOTE}"]


def sentiment_class(compound: float) -> str:
    """The tool's sentiment class: VADER's compound cut at +-0.05 (helpers.sentiment.label)."""
    from helpers.sentiment import label

    return label(compound)


def _compound(text: str) -> float:
    from helpers.sentiment import score_text

    return float(score_text(text)["compound"])


def tool_quotes(article: Article) -> pd.DataFrame:
    """The tool's attributions for one article (helpers.speakers.attribute, corrections applied)."""
    from helpers.speakers import attribute

    result = attribute(article.text, corrections=article.sidecar("corrections"))
    return result[0] if isinstance(result, tuple) else result


def read_targets(path: str | Path | None) -> list[dict[str, Any]] | None:
    """A targets file ``{"targets": [{"target": ..., "patterns": [...]}, ...]}`` (None: no file)."""
    from helpers.targets import load_targets

    return None if path is None else load_targets(Path(path))


def article_targets(article: Article, targets: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The stance targets of an article: those given, else its ``NAME.targets.json`` sidecar, else none."""
    from helpers.targets import load_targets

    return targets if targets is not None else load_targets(article.sidecar("targets"))


def stance_pairs(text: str, quotes: pd.DataFrame, targets: list[dict[str, Any]]) -> pd.DataFrame:
    """The (quote, target) units to code for stance: each target mentioned inside a quote's content
    (mentions found as helpers.stance finds them, so the tool scores the same pairs)."""
    from helpers.targets import find_target_mentions

    rows = []
    if targets and len(quotes):
        mentions = find_target_mentions(text, targets)
        for quote in quotes.to_dict("records"):
            inside = mentions[(mentions["start"] >= int(quote["start"])) & (mentions["end"] <= int(quote["end"]))]
            found = set(inside["target"])
            rows.extend({"quote_id": quote["quote_id"], "target": t["target"]} for t in targets if t["target"] in found)
    return pd.DataFrame(rows, columns=["quote_id", "target"])


def tool_stances(article: Article, quotes: pd.DataFrame, targets: list[dict[str, Any]]) -> pd.DataFrame:
    """The tool's stance of each quote toward each target (helpers.stance.quote_stances):
    ``quote_id, target, stance``; empty without targets."""
    from helpers.stance import quote_stances

    if not targets or quotes.empty:
        return pd.DataFrame(columns=["quote_id", "target", "stance"])
    return quote_stances(quotes, targets, article.text)[["quote_id", "target", "stance"]]


def _quote_key(quote_id: Any) -> str:
    """``q3`` for quote 3 (ids that already start with a letter are kept)."""
    text = str(quote_id)
    return text if text[:1].isalpha() else f"q{text}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:40] or "target"


def _sentences_between(sents: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """The sentences overlapping ``[start, end)`` (the nearest one when none does)."""
    hit = sents[(sents["start"] < max(end, start + 1)) & (sents["end"] > start)]
    if hit.empty:
        before = sents[sents["start"] <= start]
        hit = before.tail(1) if not before.empty else sents.head(1)
    return hit


def _context(text: str, sents: pd.DataFrame, first: int, last: int) -> str:
    """The sentences ``first..last`` with one sentence before and after."""
    lo, hi = max(first - 1, 0), min(last + 1, len(sents) - 1)
    return text[int(sents.iloc[lo]["start"]):int(sents.iloc[hi]["end"])]


def _span_sentences(text: str, sents: pd.DataFrame, start: int, end: int) -> tuple[str, str]:
    hit = _sentences_between(sents, start, end)
    first, last = int(hit.index[0]), int(hit.index[-1])
    sentence = text[int(sents.loc[first, "start"]):int(sents.loc[last, "end"])]
    return sentence, _context(text, sents, first, last)


def _int_or_none(value: Any) -> int | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else int(value)


def article_units(article: Article, quotes: pd.DataFrame, targets: list[dict[str, Any]], stances: pd.DataFrame,
                  compound: Callable[[str], float] = _compound, with_sentences: bool = True) -> pd.DataFrame:
    """All units of one article: sheet columns plus the tool's codes as ``tool_<variable>``.

    ``quotes`` is the quotes table of helpers.speakers.attribute; a stance unit is made for
    each target whose words occur in a quote, with the tool's label from ``stances``
    (``quote_id, target, stance``; empty when the tool gave none); ``compound`` scores a
    text from -1 to 1 (VADER).
    """
    from helpers.segment import sentences

    text = article.text
    sents = sentences(text).reset_index(drop=True)
    rows: list[dict[str, Any]] = []
    by_id = {}
    for quote in quotes.to_dict("records"):
        anchors = [quote["start"], quote["end"]] + [quote.get(k) for k in ("cue_start", "cue_end", "mention_start", "mention_end")]
        anchors = [int(a) for a in anchors if _int_or_none(a) is not None]
        sentence, context = _span_sentences(text, sents, min(anchors), max(anchors))
        score = compound(str(quote["text"]))
        row = {
            "unit_id": f"{article.id}:{_quote_key(quote['quote_id'])}", "unit_type": "quote",
            "article_id": article.id, "quote_id": str(quote["quote_id"]), "target": "",
            "quote": quote["text"], "mention": quote.get("mention") or "",
            "sentence": sentence, "context": context, "paragraph": int(quote["paragraph"]),
            "start": int(quote["start"]), "end": int(quote["end"]),
            "mention_start": _int_or_none(quote.get("mention_start")), "mention_end": _int_or_none(quote.get("mention_end")),
            "tool_is_quote": "yes", "tool_kind": quote["kind"], "tool_speaker": quote.get("speaker") or "",
            "tool_side": quote.get("side") or "none", "tool_sentiment": sentiment_class(score),
            "tool_sentiment_score": round(score, 4), "tool_stance": "",
        }
        by_id[str(quote["quote_id"])] = row
        rows.append(row)
    labels = {(str(r["quote_id"]), r["target"]): r["stance"] for r in stances.to_dict("records")}
    for pair in stance_pairs(text, quotes, targets).to_dict("records"):
        quote_row = by_id[str(pair["quote_id"])]
        rows.append({**{k: v for k, v in quote_row.items() if not k.startswith("tool_")},
                     "unit_id": f"{quote_row['unit_id']}:{_slug(pair['target'])}", "unit_type": "stance",
                     "target": pair["target"], **{f"tool_{v}": "" for v in VARIABLES},
                     "tool_stance": labels.get((str(pair["quote_id"]), pair["target"]), "")})
    if with_sentences:
        covered = set()
        for quote in quotes.to_dict("records"):
            hit = _sentences_between(sents, int(quote["start"]), int(quote["end"]))
            covered.update(int(i) for i in hit.index)
            for key in ("cue_start", "mention_start"):
                if _int_or_none(quote.get(key)) is not None:
                    covered.update(int(i) for i in _sentences_between(sents, int(quote[key]), int(quote[key]) + 1).index)
        for i, sent in sents.iterrows():
            if int(i) in covered:
                continue
            rows.append({
                "unit_id": f"{article.id}:s{int(sent['sentence'])}", "unit_type": "sentence",
                "article_id": article.id, "quote_id": "", "target": "", "quote": "", "mention": "",
                "sentence": sent["text"], "context": _context(text, sents, int(i), int(i)),
                "paragraph": int(sent["paragraph"]), "start": int(sent["start"]), "end": int(sent["end"]),
                "mention_start": None, "mention_end": None,
                **{f"tool_{v}": "" for v in VARIABLES}, "tool_is_quote": "no",
            })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["file"] = article.path
    order = {t: i for i, t in enumerate(UNIT_TYPES)}
    frame["_order"] = frame["unit_type"].map(order)
    return frame.sort_values(["start", "_order", "unit_id"], kind="stable").drop(columns="_order").reset_index(drop=True)


def sheet_id(units: pd.DataFrame) -> str:
    """A short fingerprint of a sample: the hash of its unit ids and quoted texts."""
    digest = hashlib.sha1()
    for unit, quote in sorted(zip(units["unit_id"].astype(str), units["quote"].astype(str))):
        digest.update(f"{unit}\x1f{quote}\x1e".encode("utf-8"))
    return digest.hexdigest()[:12]


StancesFn = Callable[[Article, pd.DataFrame, list[dict[str, Any]]], pd.DataFrame]


def tool_units(articles: Iterable[Article], targets: list[dict[str, Any]] | None = None, with_sentences: bool = True,
               quotes_fn: Callable[[Article], pd.DataFrame] = tool_quotes, stances_fn: StancesFn = tool_stances,
               compound: Callable[[str], float] = _compound) -> list[pd.DataFrame]:
    """Every unit of each article with the tool's codes (one table per article)."""
    frames = []
    for article in articles:
        quotes = quotes_fn(article)
        chosen = article_targets(article, targets)
        frames.append(article_units(article, quotes, chosen, stances_fn(article, quotes, chosen), compound,
                                    with_sentences))
    return frames


def build_units(articles: Iterable[Article], sample: int | None = None, seed: int = 0,
                with_sentences: bool = True, targets: list[dict[str, Any]] | None = None,
                quotes_fn: Callable[[Article], pd.DataFrame] = tool_quotes, stances_fn: StancesFn = tool_stances,
                compound: Callable[[str], float] = _compound) -> pd.DataFrame:
    """The units of many articles (optionally a seeded random sample of ``sample`` units).

    ``targets`` apply to every article; by default each article's targets sidecar is used.
    """
    frames = tool_units(articles, targets, with_sentences, quotes_fn, stances_fn, compound)
    frames = [f for f in frames if not f.empty]
    if not frames:
        raise ArticleError("the articles give no units to code (no quotes and no sentences)")
    units = pd.concat(frames, ignore_index=True)
    if units["unit_id"].duplicated().any():
        duplicated = units.loc[units["unit_id"].duplicated(), "unit_id"].iloc[0]
        raise ArticleError(f"two articles give the same unit id {duplicated}; give the articles distinct names or ids")
    if sample is not None:
        units = sample_units(units, sample, seed)
    units.insert(2, "sheet_id", sheet_id(units))
    return units


def sample_units(units: pd.DataFrame, size: int, seed: int = 0) -> pd.DataFrame:
    """A seeded simple random sample of ``size`` quote and sentence rows, in article order.

    Stance rows are not drawn on their own: they come with their sampled quote, so that a
    coder always codes a quote before its stances.
    """
    if size <= 0:
        raise ArticleError("--sample must be a positive number of units")
    drawable = units[units["unit_type"] != "stance"]
    if size >= len(drawable):
        return units
    chosen = drawable.iloc[np.random.default_rng(seed).choice(len(drawable), size=size, replace=False)]
    quotes = set(zip(chosen["article_id"], chosen["quote_id"].astype(str)))
    follows = (units["unit_type"] == "stance") & pd.Series(
        [(a, str(q)) in quotes for a, q in zip(units["article_id"], units["quote_id"])], index=units.index)
    return units[units["unit_id"].isin(set(chosen["unit_id"])) | follows].reset_index(drop=True)


def split_sheet(units: pd.DataFrame, coders: Iterable[str] = ("A", "B")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the sheet coders see, with empty coder columns; the key with the tool's codes)."""
    sheet = units[SHEET_COLUMNS].copy()
    for column in ("paragraph", "start", "end", "mention_start", "mention_end"):
        sheet[column] = sheet[column].astype("Int64")
    for coder in coders:
        for column in coder_columns(coder):
            sheet[column] = ""
    key = units[["unit_id", "unit_type", "sheet_id"] + [f"{TOOL}_{v}" for v in VARIABLES]].copy()
    return sheet, key


def _best_quote(quotes: pd.DataFrame, start: int, end: int) -> dict[str, Any] | None:
    """The tool quote with this span, else the one overlapping it most, else None."""
    overlap = np.minimum(quotes["end"], end) - np.maximum(quotes["start"], start)
    exact = quotes[(quotes["start"] == start) & (quotes["end"] == end)]
    if len(exact):
        return exact.iloc[0].to_dict()
    if len(quotes) and overlap.max() > 0:
        return quotes.loc[overlap.idxmax()].to_dict()
    return None


def tool_key(sheet: pd.DataFrame, articles: Iterable[Article], targets: list[dict[str, Any]] | None = None,
             quotes_fn: Callable[[Article], pd.DataFrame] = tool_quotes, stances_fn: StancesFn = tool_stances,
             compound: Callable[[str], float] = _compound) -> pd.DataFrame:
    """The key of an existing sheet recomputed with the tool as it is now.

    A coded sample outlives changes to the tool; this re-derives the tool's codes for the
    same units, matched by article and character span: a quote unit takes the codes of the
    tool's quote with the same span (else the one overlapping it most; else ``is_quote`` is
    ``no``), a sentence unit is ``yes`` when a tool quote now lies in it, and a stance unit
    takes the tool's stance of the matched quote toward its target.
    """
    wanted = set(sheet["article_id"].astype(str))
    chosen = [a for a in articles if a.id in wanted]
    missing = wanted - {a.id for a in chosen}
    if missing:
        raise ArticleError(f"the sheet's article(s) {', '.join(sorted(missing))} are not among the articles given")
    frames = [f for f in tool_units(chosen, targets, True, quotes_fn, stances_fn, compound) if not f.empty]
    fresh = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["article_id", "unit_type"])
    rows = []
    for unit in sheet.to_dict("records"):
        codes = {f"{TOOL}_{v}": "" for v in VARIABLES}
        mine = fresh[fresh["article_id"] == str(unit["article_id"])]
        quotes = mine[mine["unit_type"] == "quote"]
        start, end = int(unit["start"]), int(unit["end"])
        if unit["unit_type"] == "sentence":
            inside = quotes[(quotes["start"] < end) & (quotes["end"] > start)]
            codes[f"{TOOL}_is_quote"] = "yes" if len(inside) else "no"
        else:
            match = _best_quote(quotes, start, end)
            if unit["unit_type"] == "quote":
                if match is None:
                    codes[f"{TOOL}_is_quote"] = "no"
                else:
                    codes.update({k: match[k] for k in codes if k != f"{TOOL}_stance"})
            elif match is not None:
                stance = mine[(mine["unit_type"] == "stance") & (mine["quote_id"] == match["quote_id"])
                              & (mine["target"] == unit["target"])]
                codes[f"{TOOL}_stance"] = stance[f"{TOOL}_stance"].iloc[0] if len(stance) else ""
        rows.append({"unit_id": unit["unit_id"], "unit_type": unit["unit_type"], "sheet_id": unit["sheet_id"], **codes})
    return pd.DataFrame(rows, columns=["unit_id", "unit_type", "sheet_id"] + [f"{TOOL}_{v}" for v in VARIABLES])


def sheet_matches(sheet: pd.DataFrame, article: Article) -> bool:
    """Whether a sheet's units are units of this article: same id, and every quote or sentence
    is the article's text at the unit's offsets."""
    rows = sheet[sheet["article_id"].astype(str) == article.id]
    if rows.empty:
        return False
    for row in rows.to_dict("records"):
        shown = row["quote"] if row["unit_type"] != "sentence" else row["sentence"]
        if article.text[int(row["start"]):int(row["end"])] != str(shown):
            return False
    return True


def key_path(sheet_path: str | Path) -> Path:
    """Where the key of a sheet goes: ``NAME.key.csv`` beside ``NAME.csv`` / ``NAME.xlsx``."""
    path = Path(sheet_path)
    return path.with_name(f"{path.stem}.key.csv")


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename: no half-written sheets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def readme_lines(coders: Iterable[str]) -> list[str]:
    """Instructions for coders (the README tab of an .xlsx sheet)."""
    coders = list(coders)
    lines = [
        "How to code this sheet",
        "Work from docs/codebook.md alone. Fill only the columns that start with your letter "
        f"({', '.join(c + '_' for c in coders)}); leave the others as they are, do not rename, add or remove columns.",
        "unit_type 'quote': the tool found an attribution; 'quote' is its content, 'mention' the words naming the source.",
        "unit_type 'stance': the same quote with a 'target'; code only the stance column.",
        "unit_type 'sentence': the tool found no quote in 'sentence'; code only is_quote (and describe a missed quote in note).",
        "If is_quote is 'no', leave kind, speaker, side, sentiment and sentiment_score empty.",
        "Columns and allowed labels:",
    ]
    for variable, labels in VARIABLES.items():
        allowed = " | ".join(labels) if isinstance(labels, tuple) else ("number from -1 to 1" if labels == "score" else "free text")
        lines.append(f"<coder>_{variable}: {QUESTIONS[variable]} [{allowed}]")
    lines.append(f"<coder>_{NOTE}: free comments (never compared)")
    return lines


def _write_xlsx(sheet: pd.DataFrame, coders: list[str], path: Path) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        sheet.to_excel(writer, sheet_name="coding", index=False)
        pd.DataFrame({"README": readme_lines(coders)}).to_excel(writer, sheet_name="README", index=False)
        book = writer.book["coding"]
        book.freeze_panes = "B2"
        last = len(sheet) + 1
        for variable, labels in VARIABLES.items():
            if not isinstance(labels, tuple):
                continue
            check = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
            book.add_data_validation(check)
            for coder in coders:
                letter = get_column_letter(list(sheet.columns).index(f"{coder}_{variable}") + 1)
                check.add(f"{letter}2:{letter}{last}")


def write_sheet(units: pd.DataFrame, out: str | Path, coders: Iterable[str] = ("A", "B")) -> tuple[Path, Path]:
    """Write the sheet (CSV or XLSX, by suffix) and its key (CSV) beside it; returns both paths."""
    out = Path(out)
    coders = list(coders)
    sheet, key = split_sheet(units, coders)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        _atomic_write(out, lambda p: sheet.to_csv(p, index=False, encoding="utf-8"))
    elif suffix == ".xlsx":
        _atomic_write(out, lambda p: _write_xlsx(sheet, coders, p))
    else:
        raise ArticleError(f"--out must end in .csv or .xlsx, not {out.name}")
    keyfile = key_path(out)
    _atomic_write(keyfile, lambda p: key.to_csv(p, index=False, encoding="utf-8"))
    return out, keyfile


def parse_coders(text: str) -> list[str]:
    """``A,B`` -> ``["A", "B"]``; names are letters and digits, distinct, not ``tool``."""
    coders = [c.strip() for c in text.split(",") if c.strip()]
    if not coders:
        raise ArticleError("--coders needs at least one coder name, e.g. --coders A,B")
    for coder in coders:
        if not CODER_NAME.match(coder) or coder.lower() == TOOL:
            raise ArticleError(f"coder name {coder!r} must be letters and digits starting with a letter, and not 'tool'")
    if len({c.lower() for c in coders}) != len(coders):
        raise ArticleError(f"coder names must be distinct: {text}")
    return coders


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers coding-sheet``."""
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="articles (files or folders)")
    parser.add_argument("--out", required=True, help="the sheet to write: .csv or .xlsx (the key goes beside it as NAME.key.csv)")
    parser.add_argument("--sample", type=int, default=None, metavar="N",
                        help="a random sample of N quote and sentence rows (stance rows come with their quote)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed of the sample (default 0)")
    parser.add_argument("--coders", default="A,B", help="coder names, comma-separated (default A,B)")
    parser.add_argument("--targets", default=None, help="stance targets file (JSON) for every article (default: each article's NAME.targets.json)")
    parser.add_argument("--no-sentences", action="store_true", help="leave out the sentences where the tool found no quote")


def run_cli(args: argparse.Namespace) -> int:
    """Export the sheet and its key; print one summary line on stderr."""
    coders = parse_coders(args.coders)
    units = build_units(iter_articles(args.paths), sample=args.sample, seed=args.seed,
                        with_sentences=not args.no_sentences, targets=read_targets(args.targets))
    sheet, keyfile = write_sheet(units, args.out, coders)
    counts = units["unit_type"].value_counts()
    summary = ", ".join(f"{int(counts.get(t, 0))} {t}" for t in UNIT_TYPES)
    print(f"wrote {sheet} ({len(units)} units: {summary}; coders {', '.join(coders)}) and the key {keyfile}",
          file=sys.stderr)
    return 0
