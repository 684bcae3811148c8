"""Targets: what stances are about, where they are mentioned, and the sentiment toward them.

**Targets** are defined by the user as plain names (``["Hillary Clinton", "super PACs"]``) or as a name
and patterns, in a notebook's parameters or in the article's sidecar ``NAME.targets.json``::

    {"targets": [{"target": "the merger", "patterns": ["merger", "takeover"]}, ...]}

A pattern is a word or phrase matched case-insensitively at word boundaries, where the spaces of a phrase
match any run of whitespace or hyphens ("cut off" matches "cut-off"); a pattern written as ``re:...`` is a
regular expression (case-insensitive) used as it is. A target's own name as its pattern (the default)
stands for the mention rules of ``derive_patterns``: a person's surname, plural and possessive, without
namesakes ("Bill Clinton" is not "Hillary Clinton"); an organisation's acronym; a phrase's plural.
``pronoun_mentions`` adds "he"/"she" in a quote that refer back to a named target.
``suggest_targets(text)`` proposes candidates (named entities and quoted noun phrases, ranked by how much
other speakers talk about them) for articles without a target file.

**Target-dependent sentiment** (``target_sentiment``) is a transparent linear model over
target-aware features. ``features(sentence, start, end)`` turns one (sentence, target span) into
named features a student can read: the words of the sentence with the target masked as ``<T>``,
the words of the target's clause (negated words marked ``NEG_``), the words nearest the target by
side and distance, the target's own words (``t=``), dependency-free rules about the target's role
("<T>'s threats", "threats against <T>", "<T> said"), lexicon scores (VADER and AFINN) of the
clause, the window and the sentence, and the target's place in the dependency parse
(``dependency_features``: its relation and governor, the words a few arcs away, and the path to each
evaluative word with its sign). The weights of a multinomial logistic regression over these
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
from helpers.grammar import GRAMMAR
from helpers.resources import DATA_DIR, package_file, read_word_list, stopwords, vader_analyzer
from helpers.speakers import news_outlets, organisation_words

MENTION_COLUMNS = ["target", "start", "end", "text"]
SUGGESTION_COLUMNS = ["target", "patterns", "count", "source"]

MODEL_NPZ = DATA_DIR / "target_sentiment_model.npz"
MODEL_JSON = DATA_DIR / "target_sentiment_model.json"
LABELS = ("negative", "neutral", "positive")
MASK = "<T>"
_NAME_LINKS = frozenset({"of", "the", "and", "for", "de", "al", "bin", "van", "von", "da", "la", "le", "&"})


# --- targets: definitions, mentions, suggestions ---------------------------------------------

def _bare(name: str) -> str:
    """A target name without a leading article ("the merger" -> "merger")."""
    return re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)


def _capitalised_words(name: str) -> list[str]:
    """The words of a proper name, or [] when any content word is lower case (a phrase such as "super PACs")."""
    words = name.split()
    content = [w for w in words if w.lower() not in _NAME_LINKS]
    return words if content and all(w[:1].isupper() or w[:1].isdigit() for w in content) else []


def name_kind(name: str) -> str:
    """person | organisation | phrase for a plain-string target (from its words; no article needed).

    A person: two to four capitalised words, none of them an organisation head word
    (``data/organisation_words.txt``), and not an all-capitals acronym.
    """
    words = _capitalised_words(_bare(name))
    if not words:
        return "phrase"
    if len(words) == 1 or any(w.lower() in organisation_words() for w in words) or any(w.lower() in _NAME_LINKS for w in words):
        return "organisation"
    return "person" if 2 <= len(words) <= 4 and not any(w.isupper() and len(w) > 1 for w in words) else "organisation"


def _plural_regex(words: list[str]) -> str:
    """A regex for words separated by spaces or hyphens, the last one optionally plural ("PAC" / "PACs")."""
    escaped = [re.escape(w).replace("'", "['’]") for w in words]
    last = words[-1]
    if last[-1:].isalpha():
        stem = last[:-1] if last.endswith("s") and len(last) > 3 and not last.endswith("ss") else last
        escaped[-1] = re.escape(stem) + ("(?:s|es)?" if not last.isupper() else "s?")
    return r"(?<!\w)" + r"[\s-]+".join(escaped) + r"(?!\w)"


def derive_patterns(name: str, kind: str | None = None) -> list[str]:
    """Patterns for a target given as a plain string, by the same rules for every target.

    A person ("Hillary Clinton"): the full name and the surname, plural and possessive included
    ("Clinton", "Clintons", "Clinton's"); a surname preceded by another first name ("Bill Clinton") is
    left out by ``mention_rows``. An organisation of several words: the name and its acronym
    ("Syrian Democratic Forces", "SDF", matched in capitals only). A phrase: its words, the last one
    singular or plural ("super PAC", "super PACs").
    """
    bare = _bare(name)
    words = bare.split()
    kind = kind or name_kind(bare)
    patterns = ["re:" + _plural_regex(words)]
    if kind == "person" and len(words) > 1:
        patterns.append("re:" + _plural_regex(words[-1:]))
    elif kind == "organisation" and len(words) > 1:
        initials = "".join(w[0] for w in words if w.lower() not in _NAME_LINKS and w[:1].isupper())
        if len(initials) > 1:
            patterns.append(rf"re:(?-i:(?<!\w){initials}(?!\w))")
    if kind == "organisation":
        from helpers.speakers import country_words

        # a country by its adjective or its people ("Turkish troops", "Americans"), never by its capital
        patterns.extend(rf"re:(?-i:(?<![\w.]){re.escape(word)}(?!\w))" for word in country_words(bare))
    return patterns


def _normalise_target(entry: Any, where: str) -> dict[str, Any]:
    """One target as ``{"target": name, "patterns": [...]}``; a bare string, or an entry without patterns,
    has its own name (without a leading article) as its pattern, which ``mention_rows`` expands by the
    rules of ``derive_patterns``."""
    if isinstance(entry, str):
        entry = {"target": entry}
    if not isinstance(entry, dict) or not str(entry.get("target") or "").strip():
        raise ArticleError(f"{where}: every target needs a 'target' name (got {entry!r})")
    name = str(entry["target"]).strip()
    patterns = entry.get("patterns") or [_bare(name)]
    if isinstance(patterns, str):
        patterns = [patterns]
    patterns = [str(p) for p in patterns if str(p).strip()]
    for pattern in patterns:
        _compile_pattern(pattern, where)
    return {"target": name, "patterns": patterns}


def expanded_patterns(target: dict[str, Any]) -> tuple[list[str], bool]:
    """The patterns a target is matched with, and whether the person rules (namesakes left out) apply.

    A pattern that is the target's own name (without a leading article) stands for all the mentions
    ``derive_patterns`` gives ("Hillary Clinton": also "Clinton", "Clintons", "Clinton's"); other
    patterns are used as written.
    """
    name = target["target"]
    own = _bare(name).lower()
    patterns, derived = [], False
    for pattern in target["patterns"]:
        if not pattern.startswith("re:") and pattern.lower() == own:
            patterns.extend(derive_patterns(name))
            derived = True
        else:
            patterns.append(pattern)
    return patterns, derived and name_kind(name) == "person"


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
        patterns, person = expanded_patterns(target)
        for pattern in patterns:
            spans.extend(m.span() for m in _cached_pattern(pattern).finditer(text) if m.end() > m.start())
        if person:
            spans = [span for span in spans if not is_namesake(text, span, target["target"])]
        kept: list[tuple[int, int]] = []  # disjoint spans in text order: only the neighbours can overlap
        for start, end in sorted(set(spans), key=lambda span: (-(span[1] - span[0]), span[0])):
            at = bisect.bisect_left(kept, (start, end))
            if (at == 0 or kept[at - 1][1] <= start) and (at == len(kept) or end <= kept[at][0]):
                kept.insert(at, (start, end))
        rows.extend((target["target"], start, end, text[start:end]) for start, end in kept)
    return sorted(rows, key=lambda row: (row[1], row[2], row[0]))  # stable, like the frame's sort


_THIRD_PERSON = re.compile(r"(?<!\w)(he|him|his|she|her)(?!\w)", re.IGNORECASE)
PRONOUN_REACH = 600  # characters back from a pronoun to the person it refers to


def pronoun_mentions(text: str, start: int, end: int, mentions: list[tuple[str, int, int, str]],
                     exclude: str = "") -> list[tuple[str, int, int, str]]:
    """Mentions of person targets by a third-person pronoun inside ``text[start:end]`` (a quote's content).

    "he", "him", "his", "she", "her" refer to the nearest earlier mention of a named target (a mention
    starting with a capital letter after any "the", or any mention of a person target, at most ``PRONOUN_REACH`` characters before), unless a gender read
    from the name (an honorific in the article or a known first name) disagrees, or that target is
    ``exclude`` (the quote's own speaker talking about themselves is not a stance toward a target).
    Rows are ``(target, start, end, text)`` like ``mention_rows``.
    """
    from helpers.speakers import name_gender

    found = []
    named = [m for m in mentions if _bare(m[3])[:1].isupper() or name_kind(m[0]) == "person"]  # "the President"
    for match in _THIRD_PERSON.finditer(text, start, end):
        earlier = [m for m in named if match.start() - PRONOUN_REACH <= m[1] and m[2] <= match.start()]
        if not earlier:
            continue
        target, _s, _e, _name = max(earlier, key=lambda m: m[1])
        if target == exclude or _is_institution(target) or not _may_be_a_person(target, text):
            continue
        gender = name_gender(target, text)
        pronoun = match.group(1).lower()
        female = pronoun in GRAMMAR.female_pronouns
        if gender != "unknown" and female != (gender == "female"):
            continue
        found.append((target, match.start(), match.end(), match.group()))
    return found


# "It" opening a sentence of a quote, unless it stands for what follows ("It is clear that ...", "It is time
# to ...", "It seems ..."): then it refers to nothing before it.
_THING_PRONOUN = re.compile(r"(?:^|(?<=[.!?:;]))\s*(It|This(?= (?:is|was|will|would|has|had|could|should|must|can|"
                            r"may|might|does|did|means|shows)\b))(?!\w)(?!'s time|\s+(?:seems|appears|remains|takes|looks|"
                            r"(?:is|was|will be|would be) (?:time|(?:not )?\w+ (?:that|to|whether|if))\b))")
THING_PRONOUN_REACH = 400  # characters back from "It" to the policy or action it refers to
# Verbs that name their object with a description ("called the move a smash and grab"): the description's words
# are the speaker's evaluation of the object.
NAMING_VERBS = frozenset({"call", "describe", "label", "brand", "characterise", "characterize", "dub", "term", "deem"})
# "it" named by one of them ("called it a non-starter", "described it as reckless"), any form of the verb
_NAMED_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(verb.removesuffix("e") for verb in NAMING_VERBS)) + r")\w*"
                            r"\s+(it|this)\b(?!\s+(?:a\s+day|morning|afternoon|evening|week|weekend|month|year|time)\b)"
                            r"(?=\s+(?:an?\b|as\b|[\"“‘']))",   # what it is called follows: "a ...", "as ...", a quote
                            re.IGNORECASE)


def thing_pronoun_mentions(text: str, start: int, end: int, mentions: list[tuple[str, int, int, str]]
                           ) -> list[tuple[str, int, int, str]]:
    """Mentions of a policy or action target by "It" or "This" opening a sentence of a quote (``text[start:end]``),
    or named by a verb that describes it ("called it a non-starter").

    'The bill was drafted by Greenwich, who said "It follows decades of work"': "It" is the bill, the
    nearest earlier mention of a target that is a phrase (not a person or an organisation), at most
    ``THING_PRONOUN_REACH`` characters before. Rows are ``(target, start, end, text)`` like ``mention_rows``.
    """
    found = []
    things = [m for m in mentions if name_kind(m[0]) == "phrase"]
    lead = max(0, start - 12)   # the naming verb may be the cue just before the quote ("called it "...")
    named = [match for match in _NAMED_PRONOUN.finditer(text[lead:end]) if lead + match.start(1) >= start]
    for match, offset in [*((m, start) for m in _THING_PRONOUN.finditer(text[start:end])), *((m, lead) for m in named)]:
        at = offset + match.start(1)
        earlier = [m for m in things if at - THING_PRONOUN_REACH <= m[1] and m[2] <= at]
        if earlier:
            target = max(earlier, key=lambda m: m[1])[0]
            found.append((target, at, at + len(match.group(1)), match.group(1)))
    return found


def _may_be_a_person(name: str, text: str) -> bool:
    """A target "he" or "she" can stand for: a person's name, or one word the article gives a first name
    ("Marlow" beside "Ann Marlow"); not a group ("Republicans") or a place."""
    from helpers.speakers import first_names

    if name_kind(name) == "person":
        return True
    words = _capitalised_words(_bare(name))
    if len(words) != 1:
        return False
    return any(first_names().get(given.lower()) for given in re.findall(rf"\b([A-Z][a-z]+) {re.escape(words[0])}\b", text))


def _is_institution(name: str) -> bool:
    """An acronym or a name with an organisation's head word ("UNESCO", "the Health Ministry"): never "he" or "she"."""
    words = _capitalised_words(_bare(name))
    return any((w.isupper() and len(w) > 1) or w.lower() in organisation_words() for w in words)


def is_namesake(text: str, span: tuple[int, int], name: str) -> bool:
    """True when the surname at ``text[span]`` follows another first name ("Bill Clinton" for "Hillary Clinton").

    The word before the surname is another person's first name when it is capitalised, is not one of the
    target's own words, not a title or role ("President", "Senator": ``data/role_nouns.txt``), and not a
    sentence opener.
    """
    from helpers.quotes import role_lexicon

    before = re.search(r"([A-Z][\w.’'-]*) +$", text[max(0, span[0] - 40):span[0]])
    if not before:
        return False
    word = before.group(1)
    own = {w.lower() for w in _bare(name).split()}
    if word.lower().rstrip(".") in own or role_lexicon().get(word.lower().rstrip(".")) in {"person", "title", "group"}:
        return False
    openers = (GRAMMAR.determiners | GRAMMAR.leading_noise | GRAMMAR.personal_pronouns | GRAMMAR.relative_pronouns
               | GRAMMAR.weekdays | GRAMMAR.months | GRAMMAR.male_honorifics | GRAMMAR.female_honorifics)
    if word.lower() in openers or word.lower().rstrip(".") in openers or word.lower() in _NAME_LINKS:
        return False
    from helpers.speakers import first_names

    opens_sentence = re.search(r"(?:^|[.!?\"“:;]\s*)$", text[:span[0] - len(before.group(0))]) is not None
    return not word.isupper() and (word.lower() in first_names() or not opens_sentence)


@lru_cache(maxsize=1024)
def _cached_pattern(pattern: str) -> re.Pattern[str]:
    return _compile_pattern(pattern)


ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "place", "LAW": "issue",
                "EVENT": "issue", "FAC": "place", "LOC": "place"}
_EDGE_WORDS = GRAMMAR.determiners | GRAMMAR.leading_noise


def _clean_candidate(words: list[str]) -> str:
    """A candidate's name without leading determiners and a trailing possessive ("the Kurds'" -> "Kurds")."""
    while words and words[0].lower() in _EDGE_WORDS:
        words = words[1:]
    name = " ".join(words)
    return re.sub(r"['’]s?$", "", name).strip(" .,;:-–—\"“”")


def is_unusable_target(name: str) -> bool:
    """True for names an analyst never wants as a target: function words, weekdays, months, dates,
    numbers, outlets (``data/news_outlets.txt``), single letters."""
    words = name.lower().split()
    closed = stopwords() | GRAMMAR.weekdays | GRAMMAR.months | GRAMMAR.personal_pronouns | GRAMMAR.author_voice
    return (len(name) < 2 or not words or all(w.strip(".'’") in closed for w in words)
            or any(w in GRAMMAR.weekdays | GRAMMAR.months for w in words) or bool(re.search(r"\d", name))
            or name.lower() in news_outlets() or _bare(name).lower() in news_outlets() or "'" in words[0][:1])


def _entity_candidates(parsed: list[Any]) -> dict[str, str]:
    """Named entities of the parsed sentences: cleaned name -> kind (person, organisation, group, place, issue)."""
    found: dict[str, str] = {}
    for sentence in parsed:
        for entity in sentence.doc.ents:
            kind = ENTITY_KINDS.get(entity.label_)
            name = _clean_candidate(entity.text.split())
            if kind and name and not is_unusable_target(name):
                found.setdefault(name, kind)
    return found


def _phrase_candidates(parsed: list[Any], quote_spans: list[tuple[int, int]]) -> dict[str, str]:
    """Key noun phrases the speakers use: the head nouns of noun chunks inside quotes ("ceasefire", "talks")."""
    from helpers.quotes import role_lexicon

    roles = role_lexicon()
    counts: dict[str, int] = defaultdict(int)
    for sentence in parsed:
        for chunk in sentence.doc.noun_chunks:
            root = chunk.root
            at = sentence.offset(root)
            if root.pos_ != "NOUN" or root.ent_type_ or not any(a <= at < b for a, b in quote_spans):
                continue
            word = root.text.lower()
            if len(word) > 3 and word not in roles and not is_unusable_target(word) and word.isalpha():
                compounds = [t.text.lower() for t in root.lefts if t.dep_ == "compound" and t.is_alpha and not t.ent_type_]
                counts[" ".join([*compounds, root.lemma_.lower()])] += 1
    return {word: "issue" for word, count in counts.items() if count >= 2}


def _merge_people(candidates: dict[str, str]) -> dict[str, str]:
    """One name per person: a single word that is a person's first name or surname ("Trump", "Biden",
    "Bidens", "Jamal") gives way to the full name; a singular gives way to its plural ("Kurd", "Kurds")."""
    parts = {word.lower(): name for name, kind in candidates.items() if kind == "person" and len(name.split()) > 1
             for word in name.split()}
    merged = {}
    for name, kind in candidates.items():
        single = name.lower().removesuffix("s") if name.lower().removesuffix("s") in parts else name.lower()
        if len(name.split()) == 1 and single in parts:
            continue
        if name + "s" in candidates:
            continue
        merged[name] = kind
    return merged


def suggest_targets(text: str, n: int = 8, quotes: Any = None) -> list[dict[str, Any]]:
    """Candidate targets for an article without a target file, ranked by how much quoted speakers talk about them.

    Candidates are the named entities of the article (people, organisations, parties, places and
    nationalities as groups, laws and events; spaCy) and the head nouns the quotes use at least twice
    (policies, issues). A person's surname joins the full name. Each candidate's mentions are found by
    the rules of plain-string targets (``derive_patterns``); ``count`` is the number of its mentions
    inside quotes of speakers other than itself. Never suggested: function words, weekdays, months,
    dates and numbers, news outlets, and speakers no other speaker talks about. ``quotes`` is the
    attribution table of the article (computed when not given).
    """
    from helpers.segment import sentence_spans
    from helpers.syntax import mostly_words, parse_spans

    if quotes is None:
        from helpers.speakers import attribute

        quotes, _speakers = attribute(text)
    records = [] if quotes is None or len(quotes) == 0 else quotes.to_dict("records")
    quote_spans = [(int(q["start"]), int(q["end"])) for q in records]
    parsed = parse_spans(text, [(start, end) for _p, start, end in sentence_spans(text)
                                if mostly_words(text, start, end)], entities=True)
    candidates = {**_phrase_candidates(parsed, quote_spans), **_merge_people(_entity_candidates(parsed))}
    targets = load_targets(list(candidates))
    speaker_words = [(q, set(str(q.get("speaker") or "").lower().split())) for q in records]
    chosen = []
    for target, kind in zip(targets, candidates.values()):
        names = set(target["target"].lower().split())
        inside = 0
        found = mention_rows(text, [target])
        if kind == "issue" and len(found) < 3:
            continue
        for _t, start, _end, _text in found:
            for quote, words in speaker_words:
                if quote["start"] <= start < quote["end"] and not (names & words):
                    inside += 1
                    break
        if inside:
            chosen.append({"target": target["target"], "patterns": target["patterns"], "count": inside, "source": kind})
    chosen.sort(key=lambda item: (-item["count"], item["source"] == "issue", item["target"]))
    return chosen[:n]


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
    found.update(dependency_features(sentence, start, end))
    return dict(found)


@lru_cache(maxsize=1)
def enacting_verbs() -> frozenset[str]:
    """Lemmas of verbs that carry out a policy or action ("launch", "declare", "convert"): ``data/enacting_verbs.txt``."""
    return frozenset(read_word_list("enacting_verbs.txt"))


OWNER_SENTENCE_CHARS = 2000   # longer "sentences" are not read for who carries out an action


def action_owners(text: str, mentions: list[tuple[str, int, int, str]]) -> dict[str, set[str]]:
    """Who carries out each policy or action target, as the article tells it: per target, the names of its
    owners ("Germany's ban", "Erdoğan launched the offensive", "the ban imposed by Germany", "Johnson
    suspended Parliament"). Only capitalised names count; a verb that is not one of ``enacting_verbs`` does
    not make its subject an owner ("Pompeo praised the ban")."""
    from helpers.segment import sentence_spans

    spans = [(start, end) for _paragraph, start, end in sentence_spans(text)]
    starts = [start for start, _end in spans]
    owners: dict[str, set[str]] = defaultdict(set)
    for target, start, end, _words in mentions:
        if name_kind(target) != "phrase":
            continue
        s_start, s_end = spans[max(0, bisect.bisect_right(starts, start) - 1)] if spans else (0, len(text))
        if max(s_end, end) - s_start > OWNER_SENTENCE_CHARS:
            continue   # not a sentence of prose (a run-on page, a list): nothing to parse for an owner
        doc = parse_sentence(text[s_start:max(s_end, end)])
        span = doc.char_span(start - s_start, end - s_start, alignment_mode="expand") if doc is not None else None
        if span is None or not len(span):
            continue
        owners[target].update(_owners_of(span.root))
    return dict(owners)


def _owners_of(head: Any) -> set[str]:
    """The capitalised names that own the action ``head`` names: its possessor, the subject or "by"-agent of
    the verb it is (or of the enacting verb whose object it is)."""
    def name(token: Any) -> str:
        if not token.text[:1].isupper() or token.pos_ != "PROPN":
            return ""
        first = token.i
        while first > 0 and token.doc[first - 1].pos_ == "PROPN" and token.doc[first - 1].head is token:
            first -= 1
        return token.doc[first:token.i + 1].text

    found = {name(c) for c in head.children if c.dep_ == "poss"}
    verb = head if head.pos_ == "VERB" else None
    if verb is None and head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in enacting_verbs():
        verb = head.head
    if verb is not None:
        found |= {name(c) for c in verb.children if c.dep_ == "nsubj"}
        found |= {name(p) for agent in verb.children if agent.dep_ == "agent" for p in agent.children if p.dep_ == "pobj"}
    found |= {name(p) for participle in head.children if participle.dep_ == "acl"
              for agent in participle.children if agent.dep_ == "agent" for p in agent.children if p.dep_ == "pobj"}
    return {owner for owner in found if owner}


@lru_cache(maxsize=512)
def parse_sentence(sentence: str) -> Any:
    """The spaCy parse of one sentence, or None for an empty one (memoised: every target of a sentence, the
    model's features and the stance rules read the same parse)."""
    from helpers.syntax import parse_spans

    parsed = parse_spans(sentence, [(0, len(sentence))])
    return parsed[0].doc if parsed else None


DEP_BAG_REACH = 3   # arcs from the target within which a word's lemma is a feature
DEP_PATH_REACH = 4  # arcs from the target within which an evaluative word's path is a feature
DEP_MIN_VALENCE = 0.5  # VADER points: weaker words are not evaluative


def _has_negation(token: Any) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _parse_valence(token: Any) -> float:
    """VADER valence (points) of a parsed word, or of its lemma when the word form has none."""
    return word_valence(token.text.lower())[0] * 4 or word_valence(token.lemma_.lower())[0] * 4


def dependency_features(sentence: str, start: int, end: int) -> dict[str, float]:
    """Features of the target ``sentence[start:end]`` read from the dependency parse.

    The target's relation to its governor (``dep=nsubj``, ``gov=criticise``, ``depgov=dobj_condemn``, and through a
    preposition ``prepgov=against_protest``); the lemmas of the words at most ``DEP_BAG_REACH`` arcs away
    (``dw=``, ``NEG_`` when negated), which follow the grammar where word windows follow the order; for each
    evaluative word at most ``DEP_PATH_REACH`` arcs away, the path of relations from the target up to the two
    words' common ancestor and down to the word, with the word's sign (``dpath=nsubj^>acomp:-``: the target
    is the subject of a negative complement); and the valence of those words, each divided by its distance
    (``dlex+``, ``dlex-``). A negation on the target's governor or the next word up flips every sign.
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return {"dep:none": 1.0}
    found: dict[str, float] = {}
    head = span.root
    own = {token.i for token in span}
    found[f"dep={head.dep_}"] = 1.0
    governor = head.head
    if governor.i != head.i:
        found[f"gov={governor.lemma_.lower()}"] = 1.0
        found[f"depgov={head.dep_}_{governor.lemma_.lower()}"] = 1.0
        if head.dep_ == "pobj" and governor.head.i != governor.i:
            found[f"prepgov={governor.text.lower()}_{governor.head.lemma_.lower()}"] = 1.0
    chain = [head, *head.ancestors]
    height = {token.i: k for k, token in enumerate(chain)}
    negated_predicate = any(_has_negation(token) for token in chain[:3])
    if negated_predicate:
        found["dep:neg_pred"] = 1.0
    near = {"+": 0.0, "-": 0.0}
    for token in doc:
        if token.i in own:
            continue
        node, down = token, []
        while node.i not in height and node.head.i != node.i and len(down) < 8:
            down.append(node.dep_)
            node = node.head
        if node.i not in height:
            continue
        distance = height[node.i] + len(down)
        if distance > DEP_PATH_REACH:
            continue
        negated = negated_predicate or _has_negation(token) or _has_negation(node)
        if distance <= DEP_BAG_REACH:
            found[f"dw={'NEG_' if negated else ''}{token.lemma_.lower()}"] = 1.0
        value = _parse_valence(token)
        if abs(value) >= DEP_MIN_VALENCE:
            signed = -value if negated else value
            sign = "+" if signed > 0 else "-"
            near[sign] += abs(value) / 4 / max(distance, 1)
            path = "^".join(t.dep_ for t in chain[:height[node.i]]) + ">" + ">".join(reversed(down))
            found[f"dpath={path}:{sign}"] = 1.0
    found["dlex+"] = min(near["+"], 3.0)
    found["dlex-"] = min(near["-"], 3.0)
    return found


_SCOPES = {"cl": "the target's clause", "win": "the six words around the target", "sent": "the sentence"}
_ROLES = {"subject": "the target is the subject", "possessor": "the target is a possessor (\"the target's ...\")",
          "other": "the target is inside its clause"}
_FLAGS = {"tgt_speaks": "the target is the one speaking", "tgt_first": "the sentence opens with the target",
          "clause_negated": "a negation in the target's clause", "tgt_pronoun": "the target is a pronoun"}


_RELATIONS = {"nsubj": "the subject", "nsubjpass": "the subject of a passive", "dobj": "the object",
              "obj": "the object", "pobj": "the object of a preposition", "poss": "the owner",
              "compound": "part of a name",
              "conj": "one of a list", "appos": "a description", "attr": "what something is", "dative": "the recipient"}
_PARSE_FLAGS = {"dep:none": "the parse did not find the target", "dep:neg_pred": "a negation on the target's verb",
                "dlex+": "positive words close to the target in the grammar",
                "dlex-": "negative words close to the target in the grammar"}


_LINKS = {0: "at", 1: "one link from", 2: "two links from", 3: "three links from", 4: "four links from"}


def _describe_parse_feature(key: str, value: str) -> str:
    """The parse features of ``dependency_features`` in plain words."""
    if key == "dep":
        return f"the target is {_RELATIONS.get(value, f'in the relation {value!r}')} in its sentence"
    if key == "gov":
        return f'the target depends on "{value}"'
    if key == "depgov":
        relation, _, word = value.partition("_")
        if relation == "pobj":
            return f'the target comes after "{word}"'
        return f'the target is {_RELATIONS.get(relation, f"in the relation {relation!r} to")} of "{word}"'
    if key == "prepgov":
        preposition, _, word = value.partition("_")
        return f'the target comes after "{preposition}" with "{word}"'
    if key == "dw":
        negated = " (negated)" if value.startswith("NEG_") else ""
        return f'"{value.removeprefix("NEG_")}"{negated} close to the target in the grammar'
    path, _, sign = value.rpartition(":")
    links = len([step for step in path.replace(">", "^").split("^") if step])
    distance = _LINKS.get(links, f"{links} links from")
    return f"a {'positive' if sign == '+' else 'negative'} word {distance} the target in the grammar"


def describe_feature(name: str) -> str:
    """A model feature in words a journalist can read (``c=threat`` -> 'the word "threat" in the target's clause')."""
    key, _, value = name.partition("=")
    if name in _PARSE_FLAGS:
        return _PARSE_FLAGS[name]
    if key in {"dep", "gov", "depgov", "prepgov", "dw", "dpath"}:
        return _describe_parse_feature(key, value)
    if name.startswith("lex:"):
        _lex, scope, kind = name.split(":")
        tone = {"vader+": "positive words (VADER)", "vader-": "negative words (VADER)", "afinn+": "positive words (AFINN)",
                "afinn-": "negative words (AFINN)", "net": "the overall tone"}[kind]
        return f"{tone} in {_SCOPES[scope]}"
    if name in _FLAGS:
        return _FLAGS[name]
    if key == "role":
        role, _, net = value.partition(":")
        text = _ROLES.get(role) or f'the target comes after "{role.removeprefix("pp_")}"'
        return f"{text}{' and the tone of its clause' if net else ''}"
    words = value.replace("NEG_", "")
    negated = " (negated)" if value.startswith("NEG_") else ""
    where = {"c": "in the target's clause", "w": "in the sentence", "b": "in the sentence", "t": "in the target's own name",
             "poss": "owned by the target", "L": "just before the target", "R": "just after the target"}
    place = where.get(key) or where.get(key[:1], "near the target")
    return f'"{words.replace("_", " ")}"{negated} {place}'


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

    def predict(self, sentence: str, start: int, end: int, top: int = 5, ignore: tuple[str, ...] = ()
                ) -> dict[str, Any]:
        """Label, probability of that label, all probabilities and the features that pushed most.

        ``ignore``: prefixes of features left out (``("t=",)`` reads the context only, not who the target is).
        """
        named = features(sentence, start, end)
        if ignore:
            named = {name: value for name, value in named.items() if not name.startswith(ignore)}
        plain, used = self._decision(named)
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
