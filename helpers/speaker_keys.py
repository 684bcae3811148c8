"""One speaker across articles: the corpus-level ``speaker_key`` and the corpus speakers table.

Inside one article, ``helpers.speakers`` already joins the ways a source is named ("Roe",
"Ms. Roe", "she" -> "Jane Roe" when the article links them). Across articles nothing does:
this module gives every quote a ``speaker_key`` that is the same wherever the same person is
meant, by a rule that reads only the names (never the order or the machine the articles ran
on), so a streamed, resumed or distributed run gets the same keys.

The rule, in order:

1. **Read the name.** Titles and honorifics go ("Governor Jane Q. Roe" -> "Jane Q Roe", "Ms. Roe"
   -> "Roe"; ``helpers.speakers.read_mention``), then case, accents, dots and possessives. A
   person's name splits into first name, middle names or initials, last name and a suffix ("Jr",
   "III": a suffix always tells people apart).
2. **Persons with a first and a last name** get ``person:first-last`` (+ suffix). Middle names and
   initials are dropped ("Jane Q. Roe" = "Jane Roe", "Jane Quincy Roe" = "Jane Roe") unless the
   corpus has the same first and last name with two different middle parts ("John A. Doe", "John
   B. Doe"): then the middle initials are kept in the key, and the form without them stays on its
   own. Different first names are different people ("Jane Roe" / "John Roe").
3. **A surname alone** (an article that never gives the first name, or an unresolved "Ms. Roe")
   joins the full name with that last name that appears in the most articles of the corpus, if it
   is the only one or appears in at least ``DOMINANCE`` times as many articles as the next ("Roe"
   -> "Jane Roe" when John Roe is quoted rarely); otherwise it stays ``person:roe`` (ambiguous).
4. **Organisations** (a proper name: "World Health Organization", "Hamas") get ``organisation:``
   + the name without a leading "the"; acronyms are not expanded ("WHO" stays apart).
5. **Unnamed sources, generic groups and documents** ("a ministry spokesperson", "critics", "the
   report") are never merged across articles: ``unnamed:ARTICLE_ID:name``. Two articles' "officials"
   are not known to be the same people.

Step 3 needs the whole corpus, so keys are given in a final pass over the written table:
``KeyBook.add`` reads every (article, speaker) once, then ``KeyBook.key`` answers.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from helpers.grammar import GRAMMAR

SPEAKER_TYPES = ("person", "organisation", "group", "document", "unnamed")
SUFFIXES = frozenset("jr sr ii iii iv".split())
# honorifics that say a person's gender ("Mr. Roe said"): evidence beside the pronouns
GENDERED_TITLES = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
DOMINANCE = 2.0   # a lone surname joins a full name seen in >= this many times the articles of the next
_PUNCTUATION = re.compile(r"[^\w\s-]")


@dataclass(frozen=True)
class PersonName:
    """A person's name split for matching (all lower case, without accents)."""

    first: str
    middles: tuple[str, ...]   # initials of the middle names ("w" for "W.", "r" for "Rodham")
    last: str
    suffix: str

    @property
    def base(self) -> tuple[str, str, str]:
        return self.first, self.last, self.suffix


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed ("Mr. José's" -> "mr joses")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("'s ", " ").removesuffix("'s"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub("", plain).casefold().split())


@lru_cache(maxsize=65536)
def read_name(speaker: str) -> tuple[str, str]:
    """``(kind, name)`` of a canonical speaker name: ``helpers.speakers.read_mention`` without titles."""
    from helpers.speakers import read_mention

    reading = read_mention(speaker)
    return reading.kind, reading.name or speaker


def speaker_type(speaker: str) -> str:
    """``person | organisation | group | document | unnamed`` of a canonical speaker name ("" if none).

    A group whose name is a proper name (a capitalised word that is not a role noun: "Hamas",
    "World Health Organization") is an organisation; "critics" or "police" stay a group.
    """
    if not speaker:
        return ""
    kind, name = read_name(speaker)
    if kind == "group":
        return "organisation" if _is_proper(name) else "group"
    return {"person": "person", "role": "unnamed", "document": "document"}.get(kind, "unnamed")


def _is_proper(name: str) -> bool:
    from helpers.quotes import role_lexicon

    roles = role_lexicon()
    return any(word[:1].isupper() and fold(word) not in roles for word in name.split() if fold(word))


def person_name(speaker: str) -> PersonName | None:
    """The parts of a person's name, or None when nothing is left once titles go."""
    _kind, name = read_name(speaker)
    words = fold(name).split()  # a hyphenated name ("Al-Quds", "Jean-Pierre") stays one word
    while words and words[0] in GENDERED_TITLES:
        words = words[1:]
    suffix = words.pop() if len(words) > 1 and words[-1] in SUFFIXES else ""
    if not words:
        return None
    if len(words) == 1:
        return PersonName("", (), words[0], suffix)
    return PersonName(words[0], tuple(w[0] for w in words[1:-1]), words[-1], suffix)


def mention_gender(mention: str) -> str:
    """``male | female | ""``: what a mention says about gender (he/she, Mr./Mrs./Ms.)."""
    words = fold(mention).split()
    if not words:
        return ""
    if len(words) == 1 and words[0] in GRAMMAR.male_pronouns:
        return "male"
    if len(words) == 1 and words[0] in GRAMMAR.female_pronouns:
        return "female"
    return GENDERED_TITLES.get(words[0], "")


def _slug(*parts: str) -> str:
    return "-".join(p for p in " ".join(parts).split() if p)


class KeyBook:
    """The corpus evidence for ``speaker_key``: add every (article, speaker, type) once, then ask ``key``."""

    def __init__(self) -> None:
        self.middles: dict[tuple[str, str, str], set[tuple[str, ...]]] = defaultdict(set)
        self.articles: Counter = Counter()   # (base, middles) -> articles naming the person so
        self._surnames: dict[str, str] | None = None

    def add(self, article_id: str, speaker: str, kind: str) -> None:
        """Note one speaker of one article (call once per article and speaker)."""
        name = person_name(speaker) if kind == "person" else None
        if name is None or not name.first:
            return
        self.middles[name.base].add(name.middles)
        self.articles[(name.base, name.middles)] += 1
        self._surnames = None

    def _full_key(self, name: PersonName) -> str:
        variants = {m for m in self.middles.get(name.base, ()) if m}
        middles = name.middles if len(variants) > 1 else ()
        return "person:" + _slug(name.first, *middles, name.last, name.suffix)

    def _surname_keys(self) -> dict[str, str]:
        """Last name (+ suffix) -> the full-name key a lone surname joins (rule 3)."""
        if self._surnames is None:
            by_last: dict[str, Counter] = defaultdict(Counter)
            for (base, middles), n in self.articles.items():
                first, last, suffix = base
                by_last[_slug(last, suffix)][self._full_key(PersonName(first, middles, last, suffix))] += n
            self._surnames = {}
            for last, keys in by_last.items():
                (best, n_best), *rest = sorted(keys.items(), key=lambda item: (-item[1], item[0]))
                if not rest or n_best >= DOMINANCE * rest[0][1]:
                    self._surnames[last] = best
        return self._surnames

    def key(self, article_id: str, speaker: str, kind: str) -> str:
        """The corpus-level key of ``speaker`` (of type ``kind``) in article ``article_id``."""
        if not speaker:
            return ""
        if kind == "person":
            name = person_name(speaker)
            if name is not None and name.first:
                return self._full_key(name)
            if name is not None:
                last = _slug(name.last, name.suffix)
                return self._surname_keys().get(last, "person:" + last)
        if kind == "organisation":
            words = fold(read_name(speaker)[1]).split()
            name = _slug(*(words[1:] if words[:1] == ["the"] and len(words) > 1 else words))
            if name:
                return "organisation:" + name
        # a name with no letters left ("'s", an emoji) is never merged either
        return f"unnamed:{article_id}:{_slug(fold(speaker)) or speaker.strip()}"
