"""How each speaker sounds: VADER scores you can explain, per quote, per speaker and per side.

Scoring is vaderSentiment's reference implementation (``helpers.resources.vader_analyzer()``),
applied to short texts only (a quote, a sentence): VADER's compound saturates toward +-1 on long
texts. ``explain`` re-runs VADER's own methods word by word and maps every word back to character
offsets in the original text, so its ``valence`` column adds up to VADER's raw sum exactly.

A run can use an adjusted lexicon (``adjusted_analyzer``), e.g. with the event words of conflict
news neutralised (``domain_analyzer``); the default is always plain VADER, so that the figures
match the literature. AFINN (``afinn_score``) is a second, independent word-list instrument.
"""
from __future__ import annotations

import copy
import json
import math
import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from helpers.resources import DATA_DIR, vader_analyzer

SCORE_COLUMNS = ["compound", "pos", "neu", "neg"]
EXPLAIN_COLUMNS = ["token", "start", "end", "lexicon_valence", "valence", "rule"]
SPEAKER_COLUMNS = ["speaker_id", "speaker", "side", "n_quotes", "sentiment_mean", "ci_low", "ci_high",
                   "share_positive", "share_negative", "n_direct", "mean_direct", "n_indirect", "mean_indirect", "note"]
SIDE_COLUMNS = ["side", "n_speakers"] + SPEAKER_COLUMNS[3:]
# The conventional VADER cut-offs: compound >= 0.05 positive, <= -0.05 negative, neutral between.
NEUTRAL_BAND = 0.05
# VADER's normalisation constant: compound = sum / sqrt(sum^2 + ALPHA).
ALPHA = 15
BOOTSTRAP_RESAMPLES = 2000
MIN_QUOTES_FOR_INTERVAL = 3
FEW_QUOTES = 6
NYT_FILE = Path(__file__).resolve().parents[1] / "data" / "nyt_editorials" / "nytEditorialSnippets_GroundTruth.txt"
NYT_RATINGS_FILE = NYT_FILE.with_name("nytEditorialSnippets_anonDataRatings.txt")
# Published figures on the NYT editorial sentences (Hutto & Gilbert 2014, table 3).
PUBLISHED_NYT = {"VADER": {"pearson_r": 0.492, "f1": 0.55},
                 "individual human rater": {"pearson_r": 0.745, "f1": np.nan}}


# --------------------------------------------------------------------------- analysers

def _vader_module():
    from vaderSentiment import vaderSentiment

    return vaderSentiment


def adjusted_analyzer(overrides: Mapping[str, float] | None = None, neutralise: Iterable[str] = ()):
    """A copy of the VADER analyser with some valences changed, for one run.

    ``overrides`` maps a word to a new valence (0 removes the word, as ``neutralise`` does);
    ``neutralise`` lists words to remove from the lexicon, so they count as ordinary neutral words.
    The shared default analyser is never modified.
    """
    analyzer = copy.copy(vader_analyzer())
    lexicon = dict(analyzer.lexicon)
    changes = {str(word).lower(): float(value) for word, value in (overrides or {}).items()}
    changes.update({str(word).lower(): 0.0 for word in neutralise})
    for word, value in changes.items():
        if value == 0:
            lexicon.pop(word, None)
        else:
            lexicon[word] = value
    analyzer.lexicon = lexicon
    return analyzer


def domain_words(name: str = "conflict_domain_words.tsv") -> pd.DataFrame:
    """A domain word table from ``helpers/data``: ``word, valence, kind, why`` plus the two lexicons' values.

    ``vader_valence`` / ``afinn_valence`` are NaN where the word is absent from that lexicon.
    """
    lines = [line for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header, *rows = [line.split("\t") for line in lines]
    table = pd.DataFrame(rows, columns=header)
    table["word"] = table["word"].str.strip().str.lower()
    table["valence"] = table["valence"].astype(float)
    vader = vader_analyzer().lexicon
    afinn = _afinn().__dict__.get("_dict", {})
    table["vader_valence"] = [vader.get(word, np.nan) for word in table["word"]]
    table["afinn_valence"] = [float(afinn[word]) if word in afinn else np.nan for word in table["word"]]
    return table.sort_values("word", kind="stable").reset_index(drop=True)


@lru_cache(maxsize=32)
def _adjusted_from_items(items: tuple[tuple[str, float], ...]):
    return adjusted_analyzer(dict(items))


def resolve_analyzer(analyzer=None, lexicon: Mapping[str, float] | None = None):
    """The analyser to use: plain VADER by default; ``analyzer`` may be an analyser or a word -> valence
    mapping (0 neutralises), ``lexicon`` a mapping applied on top of plain VADER."""
    table = lexicon if lexicon is not None else analyzer if isinstance(analyzer, Mapping) else None
    if table is not None:
        return _adjusted_from_items(tuple(sorted((str(k).lower(), float(v)) for k, v in table.items())))
    return analyzer or vader_analyzer()


@lru_cache(maxsize=None)
def domain_analyzer(name: str = "conflict_domain_words.tsv"):
    """VADER with the words of a domain table set to the table's valences (0 = neutralised)."""
    table = domain_words(name)
    return adjusted_analyzer(dict(zip(table["word"], table["valence"])))


# --------------------------------------------------------------------------- scoring

def score_text(text: str, analyzer=None, lexicon: Mapping[str, float] | None = None) -> dict[str, float]:
    """VADER's scores of a short text: ``compound`` in [-1, 1] and the ``pos``/``neu``/``neg`` shares.

    Plain VADER unless ``analyzer`` (from ``adjusted_analyzer``, or a word -> valence mapping) or
    ``lexicon`` (word -> valence, 0 neutralises) adjusts the lexicon for this call.

    ``pos``, ``neu`` and ``neg`` are the shares of the text's words (weighted by intensity) that
    are positive, neutral and negative; they add up to about 1. They are not probabilities.
    """
    scores = resolve_analyzer(analyzer, lexicon).polarity_scores(str(text))
    return {column: float(scores[column]) for column in SCORE_COLUMNS}


def score_sentences(text: str, analyzer=None) -> pd.DataFrame:
    """One row per sentence of an article with its VADER scores (``helpers.segment.sentences`` + scores)."""
    from helpers.segment import sentences

    table = sentences(text)
    scores = [score_text(sentence, analyzer) for sentence in table["text"]]
    return pd.concat([table, pd.DataFrame(scores, columns=SCORE_COLUMNS, index=table.index)], axis=1)


def label(compound: float, band: float = NEUTRAL_BAND) -> str:
    """``positive`` / ``neutral`` / ``negative`` by the usual +-0.05 cut of the compound score."""
    if compound >= band:
        return "positive"
    if compound <= -band:
        return "negative"
    return "neutral"


# --------------------------------------------------------------------------- explanations

def _vader_view(text: str, analyzer) -> tuple[str, list[tuple[int, int]]]:
    """The text as vaderSentiment scores it (emoji replaced by their descriptions, outer whitespace
    stripped) and, for each of its characters, the span of the original characters it came from."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    previous_space = True
    for offset, char in enumerate(text):  # the same loop as SentimentIntensityAnalyzer.polarity_scores
        if char in analyzer.emojis:
            description = analyzer.emojis[char]
            if not previous_space:
                chars.append(" ")
                spans.append((offset, offset + 1))
            chars.extend(description)
            spans.extend([(offset, offset + 1)] * len(description))
            previous_space = False
        else:
            chars.append(char)
            spans.append((offset, offset + 1))
            previous_space = char == " "
    view = "".join(chars)
    stripped = view.strip()
    left = len(view) - len(view.lstrip())
    return stripped, spans[left:left + len(stripped)]


def _word_spans(view: str) -> list[tuple[int, int]]:
    """Spans in ``view`` of the words vaderSentiment keeps: split on whitespace, outer punctuation
    stripped unless that leaves two characters or fewer (then it is probably an emoticon)."""
    spans = []
    position, length = 0, len(view)
    while position < length:
        while position < length and view[position].isspace():
            position += 1
        start = position
        while position < length and not view[position].isspace():
            position += 1
        if position > start:
            raw = view[start:position]
            stripped = raw.strip(string.punctuation)
            if len(stripped) > 2:
                left = start + len(raw) - len(raw.lstrip(string.punctuation))
                spans.append((left, left + len(stripped)))
            else:
                spans.append((start, position))
    return spans


def _word_valences(analyzer, sentitext) -> tuple[list[float], list[float]]:
    """Each word's valence before and after the "but" rule, computed by vaderSentiment's own methods
    in the order ``polarity_scores`` uses them."""
    vader = _vader_module()
    words = sentitext.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in vader.BOOSTER_DICT or (
                i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    before_but = list(sentiments)
    return before_but, analyzer._but_check(words, sentiments)


def _rules(analyzer, words: list[str], i: int, is_cap_diff: bool) -> list[str]:
    """Names of the VADER rules that apply to word ``i`` (mirrors the conditions in ``sentiment_valence``)."""
    vader = _vader_module()
    lexicon = analyzer.lexicon
    low = [word.lower() for word in words]
    item = low[i]
    rules = []
    if item in vader.BOOSTER_DICT:
        return [f"used as booster ({item})"]
    if i < len(words) - 1 and item == "kind" and low[i + 1] == "of":
        return ["used as dampener (kind of)"]
    if item == "no" and i != len(words) - 1 and low[i + 1] in lexicon:
        rules.append("'no' negates the next word")
    if (i > 0 and low[i - 1] == "no") or (i > 1 and low[i - 2] == "no") or (
            i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor")):
        rules.append("negated (no)")
    if words[i].isupper() and is_cap_diff:
        rules.append("caps")
    for start_i in range(3):
        j = i - (start_i + 1)
        if not (i > start_i and low[j] not in lexicon):
            continue
        if low[j] in vader.BOOSTER_DICT:
            kind = "booster" if vader.BOOSTER_DICT[low[j]] > 0 else "dampener"
            caps = " in caps" if words[j].isupper() and is_cap_diff else ""
            rules.append(f"{kind} ({low[j]}{caps})")
        never_so = (start_i == 1 and low[i - 2] == "never" and low[i - 1] in ("so", "this")) or (
            start_i == 2 and ((low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this")))
        without_doubt = (start_i == 1 and low[i - 2] == "without" and low[i - 1] == "doubt") or (
            start_i == 2 and low[i - 3] == "without" and "doubt" in (low[i - 2], low[i - 1]))
        if start_i > 0 and never_so:
            rules.append(f"x1.25 ({' '.join(low[j:i])})")
        elif not without_doubt and vader.negated([low[j]]):
            rules.append(f"negated ({low[j]})")
        if start_i == 2:
            rules.extend(_idiom_rules(low, i))
    if i > 0 and low[i - 1] == "least" and low[i - 1] not in lexicon and not (
            i > 1 and low[i - 2] in ("at", "very")):
        rules.append("negated (least)")
    return rules


def _idiom_rules(low: list[str], i: int) -> list[str]:
    """VADER's special-case idioms and booster bigrams around word ``i`` (``_special_idioms_check``)."""
    vader = _vader_module()
    before = [" ".join(low[i - 1:i + 1]), " ".join(low[i - 2:i + 1]), " ".join(low[i - 2:i]),
              " ".join(low[i - 3:i]), " ".join(low[i - 3:i - 1])]
    after = [" ".join(low[i:i + 2])] if len(low) - 1 > i else []
    after += [" ".join(low[i:i + 3])] if len(low) - 1 > i + 1 else []
    rules = []
    hit = next((sequence for sequence in before if sequence in vader.SPECIAL_CASES), None)
    hits = ([hit] if hit else []) + [sequence for sequence in after if sequence in vader.SPECIAL_CASES]
    rules.extend(f"idiom ({sequence})" for sequence in hits)
    for n_gram in (" ".join(low[i - 3:i]), " ".join(low[i - 3:i - 1]), " ".join(low[i - 2:i])):
        if n_gram in vader.BOOSTER_DICT:
            rules.append(f"dampener ({n_gram})")
    return rules


def _punctuation_row(view: str, spans: list[tuple[int, int]], analyzer, word_sum: float) -> dict[str, Any]:
    """The punctuation-emphasis row: "!" (up to 4) and "?" (2 or more) add to the sum's magnitude."""
    amplifier = analyzer._punctuation_emphasis(view)
    exclamations = [k for k, char in enumerate(view) if char == "!"][:4]
    questions = [k for k, char in enumerate(view) if char == "?"]
    counted = sorted(exclamations + (questions if len(questions) > 1 else []))
    sign = 1.0 if word_sum > 0 else -1.0 if word_sum < 0 else 0.0
    start = spans[counted[0]][0] if counted else -1
    end = spans[counted[-1]][1] if counted else -1
    token = "".join(view[k] for k in counted)
    parts = [f"{len(exclamations)} x !"] if exclamations else []
    parts += [f"{len(questions)} x ?"] if len(questions) > 1 else []
    rule = "punctuation emphasis (" + ", ".join(parts) + ")" if parts else "punctuation emphasis (none)"
    if counted and sign == 0:
        rule += ", no effect on a neutral sum"
    return {"token": token, "start": start, "end": end, "lexicon_valence": float(amplifier),
            "valence": sign * float(amplifier) + 0.0, "rule": rule}  # + 0.0: no "-0.0" in tables


def explain(text: str, analyzer=None, lexicon: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Why VADER gives ``text`` its score: one row per lexicon word plus one row for punctuation.

    Columns ``token, start, end, lexicon_valence, valence, rule``. ``token`` is the word as VADER
    looked it up; ``text[start:end]`` is where it stands in the original text (for words from an
    emoji's description, the emoji). ``lexicon_valence`` is the word's entry in the lexicon and
    ``valence`` what VADER counts for it after its rules (negation, boosters, capitals, "but",
    "least", idioms), named in ``rule``. A lexicon word can end at 0 (e.g. "no" before another
    lexicon word, a booster). The last row is the punctuation emphasis ("!", "?"; start/end -1 when
    there is none). The valences add up to VADER's raw sum ``s``; ``s / sqrt(s**2 + 15)`` is the
    compound score. ``analyzer`` / ``lexicon`` adjust the lexicon as in ``score_text``.
    """
    rows = explain_rows(text, resolve_analyzer(analyzer, lexicon))
    columns = {name: [row[name] for row in rows] for name in EXPLAIN_COLUMNS}
    return pd.DataFrame({
        "token": pd.Series(columns["token"], dtype=object),
        "start": np.asarray(columns["start"], dtype=int),
        "end": np.asarray(columns["end"], dtype=int),
        "lexicon_valence": np.asarray(columns["lexicon_valence"], dtype=float),
        "valence": np.asarray(columns["valence"], dtype=float),
        "rule": pd.Series(columns["rule"], dtype=object),
    })


def explain_rows(text: str, analyzer=None) -> list[dict[str, Any]]:
    """The rows of ``explain`` as plain dicts (fast enough for thousands of sentences)."""
    vader = _vader_module()
    analyzer = resolve_analyzer(analyzer)
    text = str(text)
    view, spans = _vader_view(text, analyzer)
    sentitext = vader.SentiText(view)
    words = sentitext.words_and_emoticons
    word_spans = _word_spans(view)
    if len(word_spans) != len(words):  # would mean vaderSentiment changed its tokenisation
        raise RuntimeError("explain() could not align vaderSentiment's words with the text")
    before_but, valences = _word_valences(analyzer, sentitext)
    rows = []
    for i, (word, (left, right)) in enumerate(zip(words, word_spans)):
        if word.lower() not in analyzer.lexicon and valences[i] == 0:
            continue
        rules = _rules(analyzer, words, i, sentitext.is_cap_diff)
        if valences[i] != before_but[i]:
            factor = valences[i] / before_but[i] if before_but[i] else float("nan")
            rules.append(f"but (x{factor:g})")
        rows.append({"token": word, "start": spans[left][0], "end": spans[right - 1][1],
                     "lexicon_valence": float(analyzer.lexicon.get(word.lower(), 0.0)),
                     "valence": float(valences[i]), "rule": "; ".join(rules)})
    rows.append(_punctuation_row(view, spans, analyzer, float(sum(valences))))
    return rows


def compound_from_valences(valences: Iterable[float]) -> float:
    """VADER's normalisation of a raw sum: ``s / sqrt(s**2 + 15)``."""
    total = float(sum(valences))
    return total / math.sqrt(total * total + ALPHA)


def highlight_explained(text: str, analyzer=None):
    """``text`` with the words VADER counts marked by their valence: blue positive, orange negative,
    grey zero. Returns ``helpers.notebook.Highlighted``: HTML in notebooks, ``[[word]]{+1.90}`` as text."""
    from helpers.notebook import LIGHT_PALETTE, highlight

    rows = explain(text, analyzer)
    marked = rows[rows["start"] >= 0]
    spans = [(row.start, row.end, f"{row.valence:+.2f}") for row in marked.itertuples()]
    colors = {f"{row.valence:+.2f}": LIGHT_PALETTE[0] if row.valence > 0 else LIGHT_PALETTE[5] if row.valence < 0
              else LIGHT_PALETTE[7] for row in marked.itertuples()}
    return highlight(text, spans, colors)


# --------------------------------------------------------------------------- AFINN

@lru_cache(maxsize=None)
def _afinn():
    from afinn import Afinn

    return Afinn(language="en")


def afinn_score(text: str) -> dict[str, float]:
    """AFINN (Nielsen 2011, word list AFINN-en-165): the raw sum of word scores (-5..+5 each) and
    ``afinn_norm``, the sum squashed like VADER's compound (``s / sqrt(s**2 + 15)``) so both lie in (-1, 1)."""
    raw = float(_afinn().score(str(text)))
    return {"afinn": raw, "afinn_norm": compound_from_valences([raw])}


def afinn_explain(text: str) -> pd.DataFrame:
    """The AFINN words (and listed phrases such as "not good") found in ``text``: ``token, start, end, valence``.

    AFINN matches its list on the lower-cased text; offsets are mapped back to the original characters
    (lower-casing can lengthen a few characters, e.g. the Turkish dotted capital I).
    """
    text = str(text)
    lowered, origin = [], []
    for offset, char in enumerate(text):
        lower = char.lower()
        lowered.append(lower)
        origin.extend([offset] * len(lower))
    afinn = _afinn()
    rows = []
    for match in afinn._pattern.finditer("".join(lowered)):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        rows.append((text[start:end], start, end, float(afinn._dict[match.group(0)])))
    return pd.DataFrame(rows, columns=["token", "start", "end", "valence"])


# --------------------------------------------------------------------------- quotes, speakers, sides

def score_quotes(quotes: pd.DataFrame, analyzer=None) -> pd.DataFrame:
    """The quotes table with ``compound, pos, neu, neg`` of each quote's ``text`` (never the article)."""
    quotes = quotes.copy()
    scores = [score_text(text if isinstance(text, str) else "", analyzer) for text in quotes.get("text", [])]
    for column in SCORE_COLUMNS:
        quotes[column] = np.array([score[column] for score in scores], dtype=float)
    return quotes


def bootstrap_interval(values: Iterable[float], resamples: int = BOOTSTRAP_RESAMPLES, seed: int = 0,
                       level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (``numpy.random.default_rng(seed)``); NaN below 3 values."""
    values = np.asarray(list(values), dtype=float)
    if len(values) < MIN_QUOTES_FOR_INTERVAL:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def _note(n: int) -> str:
    if n == 0:
        return "no quotes"
    if n < MIN_QUOTES_FOR_INTERVAL:
        return "too few quotes"
    if n < FEW_QUOTES:
        return "few quotes: rough interval"
    return ""


def _is_indirect(kind: pd.Series) -> pd.Series:
    """Indirect and mixed quotes: the journalist's paraphrase (mixed ones quote a few words inside it).

    Counted together as the attribution step's ``n_indirect`` does, so the columns agree.
    """
    return kind.isin(["indirect", "mixed"])


def _summary(group: pd.DataFrame, include_indirect: bool) -> dict[str, Any]:
    """The sentiment columns for one group of scored quotes (reactions already removed)."""
    direct = group["kind"] == "direct"
    indirect = _is_indirect(group["kind"])
    used = group if include_indirect else group[direct]
    values = used["compound"].to_numpy(dtype=float)
    low, high = bootstrap_interval(values)
    return {
        "n_quotes": len(values),
        "sentiment_mean": float(values.mean()) if len(values) else np.nan,
        "ci_low": low, "ci_high": high,
        "share_positive": float((values >= NEUTRAL_BAND).mean()) if len(values) else np.nan,
        "share_negative": float((values <= -NEUTRAL_BAND).mean()) if len(values) else np.nan,
        "n_direct": int(direct.sum()),
        "mean_direct": float(group.loc[direct, "compound"].mean()) if direct.any() else np.nan,
        "n_indirect": int(indirect.sum()),
        "mean_indirect": float(group.loc[indirect, "compound"].mean()) if indirect.any() else np.nan,
        "note": _note(len(values)) if include_indirect or len(values) else ("no direct quotes" if len(group) else "no quotes"),
    }


def _voiced(quotes: pd.DataFrame, analyzer=None) -> pd.DataFrame:
    """Scored quotes without reactions (a reaction is what someone reacted to, not what they said)."""
    if "compound" not in quotes.columns or analyzer is not None:
        quotes = score_quotes(quotes, analyzer)
    quotes = quotes[quotes["kind"] != "reaction"].copy()
    quotes["speaker"] = quotes["speaker"].fillna("").astype(str)
    quotes["side"] = quotes["side"].fillna("").astype(str) if "side" in quotes else ""
    return quotes


def speaker_sentiment(quotes: pd.DataFrame, include_indirect: bool = True, analyzer=None) -> pd.DataFrame:
    """One row per speaker: ``speaker_id, speaker, side, n_quotes, sentiment_mean, ci_low, ci_high,
    share_positive, share_negative, n_direct, mean_direct, n_indirect, mean_indirect, note``.

    The mean and its seeded bootstrap 95% interval are over the speaker's quotes (direct, plus
    indirect and mixed unless ``include_indirect`` is False); ``note`` says when there are too few
    quotes for the interval to mean much. Reactions and quotes without a speaker are left out.
    Sorted by mean (most negative first), then speaker.
    """
    voiced = _voiced(quotes, analyzer)
    voiced = voiced[voiced["speaker"] != ""]
    rows = []
    for speaker_id, group in voiced.groupby("speaker_id", sort=True):
        names = group["speaker"].value_counts()
        sides = group["side"].value_counts()
        rows.append({"speaker_id": speaker_id, "speaker": names.index[0] if len(names) else "",
                     "side": sides.index[0] if len(sides) else "", **_summary(group, include_indirect)})
    table = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    return _sorted(table, "speaker")


def side_sentiment(quotes: pd.DataFrame, include_indirect: bool = True, analyzer=None) -> pd.DataFrame:
    """One row per side: ``side, n_speakers`` + the columns of ``speaker_sentiment``.

    The interval resamples quotes, not speakers: a side with one talkative speaker looks surer
    than it is. Quotes whose speaker has no known side are grouped under side "".
    """
    voiced = _voiced(quotes, analyzer)
    rows = []
    for side, group in voiced.groupby("side", sort=True):
        rows.append({"side": side, "n_speakers": int(group["speaker_id"].nunique()), **_summary(group, include_indirect)})
    return _sorted(pd.DataFrame(rows, columns=SIDE_COLUMNS), "side")


def _sorted(table: pd.DataFrame, name: str) -> pd.DataFrame:
    table = table.astype({"n_quotes": int, "n_direct": int, "n_indirect": int})
    return table.sort_values(["sentiment_mean", name], na_position="last", kind="stable").reset_index(drop=True)


def article_speakers(article, args=None) -> pd.DataFrame:
    """The ``speakers`` command: the attribution step's speaker table with the sentiment columns.

    ``speaker_id, speaker, side, mentions, n_quotes, n_direct, n_indirect`` come first (from
    ``helpers.speakers``), then ``n_scored`` (the quotes behind the mean: all of them, or the
    direct ones only with ``--exclude-indirect``), ``sentiment_mean, ci_low, ci_high,
    share_positive, share_negative, mean_direct, mean_indirect, note``, then the attribution
    step's extra columns. Speakers with reactions only have no sentiment ("no quotes").
    """
    from helpers import speakers as attribution

    include_indirect = not getattr(args, "exclude_indirect", False)
    quotes, speakers = _quotes_and_speakers(attribution.attribute(article.text, corrections=article.sidecar("corrections")))
    return merge_speaker_sentiment(speakers, speaker_sentiment(quotes, include_indirect=include_indirect))


def merge_speaker_sentiment(speakers: pd.DataFrame, sentiment: pd.DataFrame) -> pd.DataFrame:
    """The attribution step's speakers table with the columns of ``speaker_sentiment`` added."""
    first = ["speaker_id", "speaker", "side", "mentions", "n_quotes", "n_direct", "n_indirect"]
    added = ["sentiment_mean", "ci_low", "ci_high", "share_positive", "share_negative", "mean_direct",
             "mean_indirect", "note"]
    scores = sentiment[["speaker_id", "n_quotes", *added]].rename(columns={"n_quotes": "n_scored"})
    merged = speakers.merge(scores, on="speaker_id", how="left")
    merged["n_scored"] = merged["n_scored"].fillna(0).astype(int)
    merged["note"] = merged["note"].fillna("no quotes")
    rest = [column for column in speakers.columns if column not in first]
    return merged[[column for column in first if column in merged.columns] + ["n_scored", *added, *rest]]


def _quotes_and_speakers(result: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accept what ``helpers.speakers.attribute`` returns (a pair, a dict or an object with both tables)."""
    if isinstance(result, tuple):
        return result[0], result[1]
    if isinstance(result, dict):
        return result["quotes"], result["speakers"]
    return result.quotes, result.speakers


# --------------------------------------------------------------------------- validation

def load_nyt(path: str | Path = NYT_FILE) -> pd.DataFrame:
    """The 5,190 NYT editorial sentences: ``id, human_mean`` (-4..+4, mean of 20 raters), ``text``."""
    rows = []
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for line in handle.read().splitlines():
            if line.strip():
                sentence_id, mean, text = line.split("\t", 2)
                rows.append((sentence_id, float(mean), text))
    return pd.DataFrame(rows, columns=["id", "human_mean", "text"])


def load_nyt_ratings(path: str | Path = NYT_RATINGS_FILE) -> pd.DataFrame:
    """The raw NYT ratings: ``id, mean, sd`` and ``rating_0`` ... ``rating_19`` (-4..+4, one per rater).

    The order of the 20 ratings is arbitrary per sentence (anonymised): ``rating_0`` is not one person.
    """
    rows = []
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for line in handle.read().splitlines():
            if line.strip():
                sentence_id, mean, sd, ratings = line.split("\t", 3)
                rows.append([sentence_id, float(mean), float(sd), *json.loads(ratings)])
    width = max(len(row) for row in rows) - 3
    return pd.DataFrame(rows, columns=["id", "mean", "sd", *[f"rating_{k}" for k in range(width)]])


def individual_rater_agreement(ratings: pd.DataFrame | None = None) -> dict[str, float]:
    """How well one human rating agrees with the mean of the other raters (leave one out), averaged
    over the 20 rating positions: the ceiling a single careful reader reaches on the same measures."""
    ratings = load_nyt_ratings() if ratings is None else ratings
    values = ratings.filter(like="rating_").to_numpy(dtype=float)
    total, count = values.sum(axis=1), values.shape[1]
    results = [agreement_with_humans(values[:, k] / 4, (total - values[:, k]) / (count - 1))
               for k in range(count)]
    return {key: float(np.mean([result[key] for result in results])) for key in ("pearson_r", "f1_macro", "f1_weighted")} | {
        "n": int(len(values))}


def three_class(values: Iterable[float], band: float = NEUTRAL_BAND) -> np.ndarray:
    """-1 / 0 / +1 by a symmetric neutral band."""
    values = np.asarray(list(values), dtype=float)
    return np.where(values >= band, 1, np.where(values <= -band, -1, 0))


def agreement_with_humans(scores: Iterable[float], human_mean: Iterable[float]) -> dict[str, float]:
    """Pearson r of scores vs human means, and 3-class F1 (human mean / 4 and scores cut at +-0.05)."""
    from scipy.stats import pearsonr
    from sklearn.metrics import f1_score

    scores = np.asarray(list(scores), dtype=float)
    human = np.asarray(list(human_mean), dtype=float)
    truth, predicted = three_class(human / 4), three_class(scores)
    return {
        "pearson_r": float(pearsonr(scores, human)[0]),
        "f1_macro": float(f1_score(truth, predicted, average="macro", labels=[-1, 0, 1])),
        "f1_weighted": float(f1_score(truth, predicted, average="weighted", labels=[-1, 0, 1])),
        "n": int(len(scores)),
    }


def nyt_scores(nyt: pd.DataFrame | None = None, analyzer=None) -> pd.DataFrame:
    """The NYT sentences with VADER's compound and AFINN's raw and normalised scores."""
    nyt = load_nyt() if nyt is None else nyt.copy()
    nyt["compound"] = [score_text(text, analyzer)["compound"] for text in nyt["text"]]
    afinn = [afinn_score(text) for text in nyt["text"]]
    nyt["afinn"] = [score["afinn"] for score in afinn]
    nyt["afinn_norm"] = [score["afinn_norm"] for score in afinn]
    return nyt


def nyt_validation(scored: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreement with the NYT human ratings: measured here (VADER, AFINN, one human rater against the
    others) next to the published figures.

    Columns ``instrument, source, n, pearson_r, f1_macro, f1_weighted``. The paper reports one
    3-class F1 per tool (0.55 for VADER), shown in ``f1_weighted``: scikit-learn's report of that
    time averaged F1 over classes weighted by their size.
    """
    scored = nyt_scores() if scored is None else scored
    rows = [
        {"instrument": "VADER compound", "source": "measured here",
         **agreement_with_humans(scored["compound"], scored["human_mean"])},
        {"instrument": "AFINN-en-165 (normalised)", "source": "measured here",
         **agreement_with_humans(scored["afinn_norm"], scored["human_mean"])},
    ]
    rows.append({"instrument": "individual human rater", "source": "measured here (leave one out)",
                 **individual_rater_agreement()})
    rows += [{"instrument": name, "source": "Hutto & Gilbert 2014", "n": 5190, "pearson_r": values["pearson_r"],
              "f1_macro": np.nan, "f1_weighted": values["f1"]} for name, values in PUBLISHED_NYT.items()]
    table = pd.DataFrame(rows, columns=["instrument", "source", "n", "pearson_r", "f1_macro", "f1_weighted"])
    return table.astype({"n": int})


def instrument_agreement(texts: Iterable[str]) -> pd.DataFrame:
    """VADER and AFINN side by side for each text: ``text, compound, afinn, afinn_norm, vader_label, afinn_label, agree``."""
    texts = list(texts)
    rows = []
    for text in texts:
        vader_compound = score_text(text)["compound"]
        afinn = afinn_score(text)
        rows.append({"text": text, "compound": vader_compound, **afinn,
                     "vader_label": label(vader_compound), "afinn_label": label(afinn["afinn_norm"])})
    table = pd.DataFrame(rows, columns=["text", "compound", "afinn", "afinn_norm", "vader_label", "afinn_label"])
    table["agree"] = table["vader_label"] == table["afinn_label"]
    return table
