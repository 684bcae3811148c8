"""Targets: what stances are about, where they are mentioned, and the sentiment toward them.

**Targets** are defined by the user as a name and patterns, in a notebook's parameters or in the
article's sidecar ``NAME.targets.json``::

    {"targets": [{"target": "the merger", "patterns": ["merger", "takeover"]}, ...]}

A pattern is a word or phrase matched case-insensitively at word boundaries, where the spaces of
a phrase match any run of whitespace or hyphens ("cut off" matches "cut-off"); a pattern written
as ``re:...`` is a regular expression (case-insensitive) used as it is. A target without patterns
is found by its own name without a leading article ("the merger" -> "merger").
``suggest_targets(text)`` proposes candidates for articles without a target file.

**Target-dependent sentiment** (``target_sentiment``) is a transparent linear model over
target-aware features. ``features(sentence, start, end)`` turns one (sentence, target span) into
named features a student can read: the words of the sentence with the target masked as ``<T>``,
the words of the target's clause (negated words marked ``NEG_``), the words nearest the target by
side and distance, the target's own words (``t=``), dependency-free rules about the target's role
("<T>'s threats", "threats against <T>", "<T> said") and lexicon scores (VADER and AFINN) of the
clause, the window and the sentence. The weights of a multinomial logistic regression over these
features, trained on NewsMTSC by ``benchmarks/train_target_sentiment.py``, are shipped as plain
data in ``helpers/data/target_sentiment_model.npz`` with the vocabulary in
``target_sentiment_model.json``; inference is numpy only (no scikit-learn, no pickle).
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from helpers.articles import ArticleError
from helpers.resources import DATA_DIR, package_file, stopwords, vader_analyzer

MENTION_COLUMNS = ["target", "start", "end", "text"]
SUGGESTION_COLUMNS = ["target", "patterns", "count", "source"]

MODEL_NPZ = DATA_DIR / "target_sentiment_model.npz"
MODEL_JSON = DATA_DIR / "target_sentiment_model.json"
LABELS = ("negative", "neutral", "positive")
MASK = "<T>"

# --- targets: definitions, mentions, suggestions ---------------------------------------------

def _normalise_target(entry: Any, where: str) -> dict[str, Any]:
    """One target as ``{"target": name, "patterns": [...]}``; a bare string is its own pattern."""
    if isinstance(entry, str):
        entry = {"target": entry}
    if not isinstance(entry, dict) or not str(entry.get("target") or "").strip():
        raise ArticleError(f"{where}: every target needs a 'target' name (got {entry!r})")
    name = str(entry["target"]).strip()
    patterns = entry.get("patterns") or [re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE)]
    if isinstance(patterns, str):
        patterns = [patterns]
    patterns = [str(p) for p in patterns if str(p).strip()]
    for pattern in patterns:
        _compile_pattern(pattern, where)
    return {"target": name, "patterns": patterns}


def load_targets(source: str | Path | dict | Iterable | None) -> list[dict[str, Any]]:
    """Targets from a ``NAME.targets.json`` path, its parsed content, or a list of dicts/names.

    Raises ``ArticleError`` with one plain sentence when the file or an entry is unusable.
    """
    if source is None:
        return []
    where = "targets"
    if isinstance(source, (str, Path)) and (isinstance(source, Path) or source.endswith(".json")):
        path = Path(source)
        where = str(path)
        if not path.is_file():
            raise ArticleError(f"{path} does not exist")
        try:
            source = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ArticleError(f"{path} is not valid JSON ({error})") from None
    if isinstance(source, dict):
        source = source.get("targets", [])
    if isinstance(source, str):
        source = [source]
    if not isinstance(source, Iterable):
        raise ArticleError(f"{where}: expected a list of targets")
    targets = [_normalise_target(entry, where) for entry in source]
    seen: set[str] = set()
    return [t for t in targets if not (t["target"] in seen or seen.add(t["target"]))]


def _compile_pattern(pattern: str, where: str = "targets") -> re.Pattern[str]:
    """A target pattern as a compiled case-insensitive regex (see the module docstring)."""
    if pattern.startswith("re:"):
        try:
            return re.compile(pattern[3:], re.IGNORECASE)
        except re.error as error:
            raise ArticleError(f"{where}: pattern {pattern!r} is not a valid regular expression ({error})") from None
    words = [re.escape(word) for word in re.split(r"[\s-]+", pattern.strip()) if word]
    body = r"[\s-]+".join(words).replace("\\'", "['’]").replace("'", "['’]")
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_target_mentions(text: str, targets: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """One row per mention of a target in ``text``: ``target, start, end, text``.

    Longer matches win over shorter overlapping ones of the same target; different targets
    may overlap ("the mayor's plan" and "the mayor").
    """
    return pd.DataFrame(mention_rows(text, targets), columns=MENTION_COLUMNS)


def mention_rows(text: str, targets: Iterable[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    """The rows of ``find_target_mentions`` as ``(target, start, end, text)`` tuples, in its order."""
    rows = []
    for target in load_targets(list(targets)):
        spans: list[tuple[int, int]] = []
        for pattern in target["patterns"]:
            spans.extend(m.span() for m in _cached_pattern(pattern).finditer(text) if m.end() > m.start())
        kept: list[tuple[int, int]] = []  # disjoint spans in text order: only the neighbours can overlap
        for start, end in sorted(set(spans), key=lambda span: (-(span[1] - span[0]), span[0])):
            at = bisect.bisect_left(kept, (start, end))
            if (at == 0 or kept[at - 1][1] <= start) and (at == len(kept) or end <= kept[at][0]):
                kept.insert(at, (start, end))
        rows.extend((target["target"], start, end, text[start:end]) for start, end in kept)
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))  # stable, like the frame's sort


@lru_cache(maxsize=1024)
def _cached_pattern(pattern: str) -> re.Pattern[str]:
    return _compile_pattern(pattern)


_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{3,400})[\"“”]")
_WORD_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'.-]*[A-Za-z]|[A-Z]{2,})"
_NAME = re.compile(rf"\b{_WORD_CAP}(?:\s+(?:of\s+|the\s+|al\s+)?{_WORD_CAP})*")
_PHRASE_STOP = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my"})


def _gives_way(item: tuple[int, int, str, str], other: tuple[int, int, str, str]) -> bool:
    """True when candidate ``other`` is longer, contains ``item`` as whole words and is at least half as frequent."""
    inner, outer = item[2].lower(), other[2].lower()
    return (len(outer) > len(inner) and other[0] * 2 >= item[0] and inner in outer  # cheap tests first
            and re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None)


def suggest_targets(text: str, n: int = 8) -> list[dict[str, Any]]:
    """Candidate targets for an article without a target file, found by rules (no tagger needed).

    Two sources: frequent capitalised names (a run of capitalised words without leading
    stopwords, counted whole and by its last word, so "President Jane Roe" also counts for
    "Roe"), and frequent content words and two-word phrases inside
    quotation marks (what speakers talk about). Each candidate comes as a target dict with
    its name as the pattern; the ``n`` most frequent are returned, names first on ties.
    """
    stop = stopwords()
    names: dict[str, int] = defaultdict(int)
    for match in _NAME.finditer(text):
        name = re.sub(r"['’]s?$", "", match.group())
        name = name if re.search(r"\b(?:[A-Z]\.)+$", name) else name.rstrip(".")  # keep "U.N." whole
        words = name.split()
        while words and words[0].lower() in stop:
            words = words[1:]
        name = " ".join(words)
        if len(name) < 3 or name.lower() in stop:
            continue
        names[name] += 1
        if len(words) > 1 and len(words[-1]) > 2 and words[-1].lower() not in stop:
            names[words[-1]] += 1
    candidates = [(count, 1, name, "name") for name, count in names.items() if count >= 2]
    phrases: dict[str, int] = defaultdict(int)
    for match in _QUOTED.finditer(text):
        words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]+", match.group(1))]
        content = [w for w in words if w not in stop and w not in _PHRASE_STOP and len(w) > 3]
        for word in content:
            phrases[word] += 1
        for left, right in zip(words, words[1:]):
            if left not in stop and right not in stop and len(left) > 2 and len(right) > 2:
                phrases[f"{left} {right}"] += 1
    candidates += [(count, 0, phrase, "quoted") for phrase, count in phrases.items() if count >= 2]
    # A word inside a longer candidate that is at least half as frequent gives way to it
    # ("Council" to "Riverside Council", "bridge" to "bridge plan").
    candidates = [item for item in candidates if not any(_gives_way(item, other) for other in candidates)]
    candidates.sort(key=lambda item: (-item[0], -item[1], item[2]))
    chosen: list[dict[str, Any]] = []
    for count, _is_name, name, source in candidates:
        if any(name.lower() in c["target"].lower() or c["target"].lower() in name.lower() for c in chosen):
            continue
        chosen.append({"target": name, "patterns": [name], "count": count, "source": source})
        if len(chosen) == n:
            break
    return chosen


# --- target-dependent sentiment: features and the shipped linear model ------------------------

_TOKEN = re.compile(r"<T>|\w+(?:[-.]\w+)*|['’]\w+|[^\w\s]")
_NEGATORS = frozenset({"not", "no", "never", "'t", "’t", "without", "nor", "none", "nobody", "nothing",
                       "neither", "cannot", "hardly", "barely", "lack", "lacks", "lacked", "fail", "failed",
                       "fails", "refused", "refuses", "refuse"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", "but", "while", "although", "though", "whereas",
                            "because", "since", "who", "which", "that", "after", "before", "when", "and", "or",
                            '"', "“", "”"})
# Words that end a negation's scope besides punctuation (as in VADER and Das & Chen).
_SCOPE_BREAKS = frozenset({",", ";", ":", ".", "!", "?", "but", "and", "or", "while", "although", '"', "“", "”"})
_PREPOSITIONS = frozenset({"against", "for", "of", "on", "by", "with", "to", "from", "about", "toward", "towards",
                           "over", "at", "in", "behind", "under", "like", "than", "as", "including"})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "it", "its", "we", "us", "i",
                       "you", "who", "himself", "herself", "themselves"})
_SPEECH = frozenset({"said", "says", "say", "told", "tells", "tweeted", "wrote", "writes", "added", "argued",
                     "argues", "claimed", "claims", "noted", "insisted", "stated", "announced", "explained",
                     "asked", "responded", "replied", "according", "suggested", "warned", "called"})
WINDOW = 6


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens with their character spans."""
    return [(m.group().lower() if m.group() != MASK else MASK, m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def afinn_lexicon() -> dict[str, float]:
    """AFINN-165 word valences (-5..+5), read from the afinn package's data file."""
    path = package_file("afinn", "data/AFINN-en-165.txt")
    lexicon = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition("\t")
        if word:
            lexicon[word] = float(value)
    return lexicon


@lru_cache(maxsize=1024)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(token for token, _s, _e in tokenize(text))


def _words_of(text: str) -> list[str]:
    """The lower-cased tokens of ``text`` (memoised: target names repeat)."""
    return list(_word_tuple(text))


def masked_tokens(sentence: str, start: int, end: int) -> tuple[list[str], int]:
    """Tokens of the sentence with the target replaced by one ``<T>`` token, and its index.

    A possessive glued to the target ("the mayor's") stays a separate ``'s`` token after ``<T>``.
    """
    masked = f"{sentence[:start]} {MASK} {sentence[end:]}"
    words = [token for token, _s, _e in tokenize(masked)]
    return words, words.index(MASK)


def _clause_bounds(words: list[str], at: int) -> tuple[int, int]:
    """Token range of the clause around index ``at`` (between clause breaks)."""
    left = at
    while left > 0 and words[left - 1] not in CLAUSE_BREAKS:
        left -= 1
    right = at + 1
    while right < len(words) and words[right] not in CLAUSE_BREAKS:
        right += 1
    return left, right


def _negated(words: list[str]) -> list[bool]:
    """True for each word inside a negation's scope (after a negator, up to the next break)."""
    flags, active = [], False
    for word in words:
        if word in _SCOPE_BREAKS:
            active = False
        flags.append(active)
        if word in _NEGATORS or word.endswith("n't"):
            active = True
    return flags


@lru_cache(maxsize=65536)
def word_valence(word: str) -> tuple[float, float]:
    """(VADER valence / 4, AFINN valence / 5) of a lower-cased word."""
    return vader_analyzer().lexicon.get(word, 0.0) / 4.0, afinn_lexicon().get(word, 0.0) / 5.0


def features(sentence: str, start: int, end: int) -> dict[str, float]:
    """Named features of the target ``sentence[start:end]`` in its sentence (see the module docstring)."""
    words, at = masked_tokens(sentence, start, end)
    target_words = _words_of(sentence[start:end])
    negated = _negated(words)
    c_left, c_right = _clause_bounds(words, at)
    found: dict[str, float] = defaultdict(float)
    # Bag of words and bigrams of the masked sentence, scaled so long sentences do not dominate.
    scale = 1.0 / math.sqrt(max(len(words), 1))
    for index, word in enumerate(words):
        found[f"w={word}"] += scale
        if index:
            found[f"b={words[index - 1]}_{word}"] += scale
    # Clause of the target, with negated words marked.
    lex = {"cl": [0.0, 0.0, 0.0, 0.0], "win": [0.0, 0.0, 0.0, 0.0], "sent": [0.0, 0.0, 0.0, 0.0]}
    for index, word in enumerate(words):
        if word == MASK:
            continue
        vader, afinn = word_valence(word)
        sign = -1.0 if negated[index] else 1.0
        if c_left <= index < c_right:
            found[f"c={'NEG_' if negated[index] else ''}{word}"] = 1.0
        distance = abs(index - at)
        for scope, inside in (("cl", c_left <= index < c_right), ("win", distance <= WINDOW), ("sent", True)):
            if inside:
                values = lex[scope]
                values[0] += max(sign * vader, 0.0)
                values[1] += max(-sign * vader, 0.0)
                values[2] += max(sign * afinn, 0.0)
                values[3] += max(-sign * afinn, 0.0)
        if distance <= 3:
            side = "L" if index < at else "R"
            found[f"{side}{distance}={word}"] = 1.0
            found[f"{side}={word}"] = 1.0
    for scope, (vpos, vneg, apos, aneg) in lex.items():
        found[f"lex:{scope}:vader+"] = min(vpos, 3.0)
        found[f"lex:{scope}:vader-"] = min(vneg, 3.0)
        found[f"lex:{scope}:afinn+"] = min(apos, 3.0)
        found[f"lex:{scope}:afinn-"] = min(aneg, 3.0)
        found[f"lex:{scope}:net"] = max(min(vpos - vneg + apos - aneg, 3.0), -3.0)
    # Role of the target, by position and the words next to it (no parser needed).
    before = words[at - 1] if at else "<s>"
    after = words[at + 1] if at + 1 < len(words) else "</s>"
    role = "subject" if at == c_left or before in {"<s>", "and", "but", "that"} else "other"
    if before in _PREPOSITIONS:
        role = f"pp_{before}"
    if after in {"'s", "’s", "'"}:
        role = "possessor"
        if at + 2 < len(words):
            found[f"poss={words[at + 2]}"] = 1.0
    found[f"role={role}"] = 1.0
    net = lex["cl"][0] - lex["cl"][1] + lex["cl"][2] - lex["cl"][3]
    found[f"role={role}:net"] = max(min(net, 3.0), -3.0)
    if after in _SPEECH or (at + 2 < len(words) and words[at + 2] in _SPEECH):
        found["tgt_speaks"] = 1.0
    if at == 0:
        found["tgt_first"] = 1.0
    if any(negated[c_left:c_right]):
        found["clause_negated"] = 1.0
    if target_words and target_words[-1] in _PRONOUNS:
        found["tgt_pronoun"] = 1.0
    for word in target_words:
        found[f"t={word}"] = 1.0
    return dict(found)


class TargetSentimentModel:
    """Linear model from plain data: vocabulary (JSON) and weights (NPZ)."""

    def __init__(self, vocabulary: list[str], coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any]):
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.vocabulary = vocabulary
        self.coef = coef
        self.intercept = intercept
        self.meta = meta
        # Plain-float copies for per-call inference (numpy per feature costs more than it saves).
        self._columns = [tuple(column) for column in coef.T.tolist()]
        self._intercept = tuple(intercept.tolist())

    def decision(self, named: dict[str, float]) -> tuple[np.ndarray, list[tuple[str, float, np.ndarray]]]:
        """Class scores for a feature dict, and the known features with their values and weights."""
        scores, used = self._decision(named)
        return np.array(scores), [(name, value, np.array(weights)) for name, value, weights in used]

    def _decision(self, named: dict[str, float]) -> tuple[list[float], list[tuple[str, float, tuple[float, ...]]]]:
        """``decision`` in plain floats: the same operations in the same order (identical results)."""
        index, columns = self.index, self._columns
        known = [(name, value, index[name]) for name, value in named.items() if value and name in index]
        # Rows were L2-normalised over the known features in training; do the same here.
        norm = math.sqrt(sum(value * value for _name, value, _column in known)) or 1.0
        scores = list(self._intercept)
        used = []
        for name, value, column in known:
            weights = columns[column]
            scaled = value / norm
            for k, weight in enumerate(weights):
                scores[k] += scaled * weight
            used.append((name, scaled, weights))
        return scores, used

    def predict(self, sentence: str, start: int, end: int, top: int = 5) -> dict[str, Any]:
        """Label, probability of that label, all probabilities and the features that pushed most."""
        plain, used = self._decision(features(sentence, start, end))
        scores = np.array(plain)
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        best = int(np.argmax(probabilities))
        # Evidence: the features that moved the chosen class most against the others.
        pushes = []
        others = [k for k in range(len(plain)) if k != best]
        for name, value, weights in used:
            rest = 0.0
            for k in others:
                rest += weights[k]
            push = value * (weights[best] - rest / len(others))
            pushes.append((name, round(push, 3)))
        pushes.sort(key=lambda item: (-item[1], item[0]))
        return {
            "label": LABELS[best],
            "score": round(float(probabilities[best]), 4),
            "probabilities": {label: round(float(p), 4) for label, p in zip(LABELS, probabilities)},
            "features": [item for item in pushes[:top] if item[1] > 0],
        }

    def top_features(self, label: str, n: int = 15) -> list[tuple[str, float]]:
        """The ``n`` features with the largest weight toward ``label`` relative to the other classes."""
        row = LABELS.index(label)
        relative = self.coef[row] - np.delete(self.coef, row, axis=0).mean(axis=0)
        order = np.lexsort((np.array(self.vocabulary), -relative))[:n]
        return [(self.vocabulary[i], round(float(relative[i]), 3)) for i in order]


def save_model(vocabulary: list[str], coef: np.ndarray, intercept: np.ndarray, meta: dict[str, Any]) -> None:
    """Write the model as plain data: weights in NPZ, vocabulary and metadata in JSON."""
    np.savez_compressed(MODEL_NPZ, coef=coef.astype(np.float32), intercept=intercept.astype(np.float64))
    MODEL_JSON.write_text(json.dumps({**meta, "labels": list(LABELS), "vocabulary": vocabulary},
                                     ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load_model() -> TargetSentimentModel:
    """The shipped model (loaded once; ``allow_pickle=False`` keeps the NPZ plain data)."""
    if not MODEL_NPZ.is_file() or not MODEL_JSON.is_file():
        raise FileNotFoundError(f"{MODEL_NPZ.name} is missing; run benchmarks/train_target_sentiment.py")
    meta = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    with np.load(MODEL_NPZ, allow_pickle=False) as arrays:
        coef = arrays["coef"].astype(np.float64)
        intercept = arrays["intercept"].astype(np.float64)
    vocabulary = meta.pop("vocabulary")
    return TargetSentimentModel(vocabulary, coef, intercept, meta)
