"""Speakers: from the mention next to each cue to one canonical source per real speaker, with a side.

``attribute(text, corrections=None) -> (quotes, speakers)`` runs ``helpers.quotes.extract_quotes``
and then, in this order:

1. **Reads each mention**: a pronoun ("He"), a person ("White House press secretary Jane Roe"
   -> name "Jane Roe", role "press secretary"), a role without a name ("A ministry spokesperson
   in the capital" -> "ministry spokesperson"), a group or institution ("Egyptian sources",
   "The World Bank"), or a document ("the report"). Titles and descriptors before a name are
   separated from it with ``data/role_nouns.txt`` and ``data/side_descriptors.tsv``.
2. **Resolves short forms**: a surname or first name takes the fullest name in the article that
   ends (or starts) with it ("Roe" -> "Jane Roe").
3. **Resolves pronouns**: he/she/I -> the nearest preceding person who is the source of an
   attribution (the subject of the previous attribution first); they/it/we -> the nearest
   preceding group or institution, else person.
4. **Links roles to names only where the article does**: an apposition ("Jane Roe, the mayor of X,
   said") or a title before the name ("Mayor Jane Roe") gives the person that role; a later
   *definite* role mention ("the mayor said") is then that person. An *indefinite* role ("a
   spokesperson said") introduces someone new and stays its own speaker, even when the article
   quotes a named person of the same organisation elsewhere: it never says they are the same.
5. **Sides** come from the descriptors in the mention and its apposition ("Israeli government
   spokesman" -> Israel, "White House" -> United States, "UN agency" -> United Nations); a speaker
   takes the side of its first mention that has one; none when the article gives no affiliation.
6. **Corrections** (the article's ``NAME.corrections.json`` sidecar, or a dict) rename, merge,
   reassign and drop, and set sides; see ``apply_corrections``. Every later step calls
   ``attribute``/``article_quotes``, so the corrections flow into sentiment and stance.
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

import pandas as pd

from helpers.articles import Article, ArticleError, InputWarning
from helpers.grammar import GRAMMAR
from helpers.quotes import DETERMINERS, PRONOUNS, quote_frame, quote_records, role_lexicon, word_set
from helpers.resources import DATA_DIR, read_word_list, stopwords
from helpers.segment import sentence_spans, paragraph_spans

if TYPE_CHECKING:
    from helpers.syntax import Entity

SPEAKER_COLUMNS = ["speaker_id", "speaker", "side", "mentions", "n_quotes", "n_direct", "n_indirect"]
SPEAKER_EXTRA_COLUMNS = ["n_mixed", "n_reactions", "speaker_type", "gender", "n_pronoun", "n_uncertain", "kind", "roles"]
VOICE_KINDS = ("direct", "indirect", "mixed")  # reactions are not a voice: they go to the stance step
NOT_NAMES = GRAMMAR.not_names
PREPOSITIONS = GRAMMAR.prepositions
LOCATIVE = re.compile(r"\s+(?:in|at|from)\s+(?:the\s+)?[\w.’'-]+(?:\s+[\w.’'-]+){0,3}$")


@lru_cache(maxsize=None)
def organisation_words() -> frozenset[str]:
    """Head nouns that make a name an organisation ("ministry", "council", ``data/organisation_words.txt``)."""
    return word_set("organisation_words.txt")


@lru_cache(maxsize=1)
def news_outlets() -> frozenset[str]:
    """Names of news outlets, lower case (``data/news_outlets.txt``): a source that is an outlet keeps its whole
    name ("USA Today"), and an outlet is never suggested as a stance target."""
    return frozenset(read_word_list("news_outlets.txt"))


@lru_cache(maxsize=1)
def side_descriptors() -> tuple[tuple[str, str, str], ...]:
    """(descriptor, side, type) of every line of ``data/side_descriptors.tsv``."""
    rows = []
    for line in (DATA_DIR / "side_descriptors.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        descriptor, side, kind, *_ = [part.strip() for part in line.split("\t")] + ["", ""]
        rows.append((descriptor, side, kind))
    return tuple(rows)


@lru_cache(maxsize=None)
def side_lexicon() -> tuple[dict[str, str], re.Pattern[str]]:
    """Descriptor -> side from ``data/side_descriptors.tsv``, and one pattern matching any descriptor."""
    sides = {descriptor: side for descriptor, side, _kind in side_descriptors()}
    alternatives = "|".join(re.escape(d) for d in sorted(sides, key=len, reverse=True))
    return sides, re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


_DEMONYM = re.compile(r"[A-Z]\w+(?:ish|ian|an|ese|i|ic)s?")


@lru_cache(maxsize=None)
def country_words(country: str) -> tuple[str, ...]:
    """The other names of a country and its people in ``data/side_descriptors.tsv`` ("Turkey": "Turkish",
    "Turks", "Türkiye"; "United States": "US", "U.S.", "American"), () for anything that is not a country
    there. Capitals and institutions ("Ankara", "the Pentagon") speak for a government, not for the country
    a stance is about, and are left out."""
    initials = "".join(word[0] for word in country.split() if word[:1].isupper())
    words = []
    for descriptor, side, kind in side_descriptors():
        if side != country or kind != "country" or descriptor == country:
            continue
        # "Turkish" shares the name's start; a country of several words may not ("British", "American")
        if descriptor[:3] == country[:3] or (len(initials) > 1 and (
                _DEMONYM.fullmatch(descriptor) or descriptor.replace(".", "").startswith(initials))):
            words.append(descriptor)
    return tuple(words)


# US party-and-state labels after a name: "Sen. Jane Roe, D-N.Y." / "(R-Texas)"
_PARTY_LABEL = re.compile(r"(?<![\w-])([DR])-[A-Z][A-Za-z.]*")


def side_of(phrase: str) -> str:
    """The side of the leftmost descriptor in ``phrase`` ("" when none); a "D-N.Y."/"R-Texas" label gives the party."""
    sides, pattern = side_lexicon()
    match = pattern.search(phrase or "")
    label = _PARTY_LABEL.search(phrase or "")
    if label and (not match or label.start() < match.start()):
        return "Democratic Party" if label.group(1) == "D" else "Republican Party"
    return sides[match.group()] if match else ""


def narration_side(full_name: str, text: str) -> str:
    """The side the article gives a person where it introduces them with descriptors and titles before the
    full name ("Turkish President Recep Tayyip Erdoğan", "Democratic Senator Jane Roe"); "" when none does."""
    lead = r"((?:[A-Z][\w.'’-]*[ \t]+){1,4})"
    for match in re.finditer(lead + re.escape(full_name) + r"\b", text):
        side = side_of(match.group(1))
        if side:
            return side
    return ""


def descriptor_words(phrase: str) -> set[str]:
    """The words of ``phrase`` that belong to side descriptors ("U.S.", "White", "House", ...)."""
    _sides, pattern = side_lexicon()
    return {word for match in pattern.finditer(phrase) for word in match.group().split()}


@dataclass
class Reading:
    """What a mention says about its source."""

    kind: str                 # pronoun | person | role | group | document | none
    name: str = ""            # canonical candidate ("Jane Roe", "ministry spokesperson", "he")
    roles: set[str] = field(default_factory=set)
    definite: bool = False    # "the mayor" (may refer back) vs "a spokesperson" (someone new)
    side: str = ""


def read_mention(mention: str, descriptor: str = "") -> Reading:
    """Classify a mention and split titles/roles from the name; an apposition that names the source the
    mention only describes ("a Republican, Mark Amodei,", "the Senate Minority Leader, Chuck Schumer,",
    "one of these groups, the Syrian Democratic Forces (SDF),") gives the name, the mention its roles and side."""
    reading = _read_words(mention, descriptor)
    named = _read_words(re.sub(r"\s*\([^)]*\)$", "", descriptor)) if descriptor else Reading("none")
    if reading.kind not in ("role", "group") or not named.name or not named.name[:1].isupper():
        return reading
    plain = not any(word[:1].isupper() for word in mention.split()[1:] + mention.split()[:1]
                    if word.lower() not in DETERMINERS)
    if named.kind == "person" and (reads_as_full_name(named.name) or first_names().get(_folded(named.name.split()[0]))):
        named.roles |= reading.roles
        named.side = named.side or reading.side
        return named
    if plain:   # "television broadcaster PBS", "one of these groups, the SDF": a collective's name
        return Reading("group", named.name, reading.roles | named.roles, named.definite, named.side or reading.side)
    return reading


_CONJUNCTION = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _conjuncts(name: str) -> list[str]:
    """The parts of a joint name: "Shoukry, Dendias and Le Drian" -> three names."""
    return [part for part in _CONJUNCTION.split(name) if part]


def _joint_reading(mention: str, side: str) -> Reading | None:
    """ "Dick Durbin and Adam Schiff", "Woolworths and Coles", "Shoukry, Dendias and Le Drian": sources named
    together speak together, as one group named by all of them (not by the last one alone). None unless every
    part names someone."""
    if " and " not in mention:
        return None
    parts = _conjuncts(mention)
    if len(parts) < 2 or len(parts) > 6:
        return None
    if any(part.split()[0].lower() in GRAMMAR.relative_pronouns or part.split()[0].lower() in PRONOUNS for part in parts):
        return None   # "..., which is linked to ...": a clause, not another source
    readings = [_read_words(part) for part in parts]
    if not all(r.kind in ("person", "group") and r.name[:1].isupper() for r in readings):
        return None
    roles = set().union(*(r.roles for r in readings))
    return Reading("group", _rejoin(mention, [r.name for r in readings]), roles, False,
                   side or next((r.side for r in readings if r.side), ""))


def _rejoin(joint: str, names: list[str]) -> str:
    """The joint name with its parts replaced by ``names``, keeping its commas and "and"s."""
    pieces = re.split(f"({_CONJUNCTION.pattern})", joint)
    parts = [index for index, piece in enumerate(pieces) if index % 2 == 0 and piece]
    for index, name in zip(parts, names):
        pieces[index] = name
    return "".join(pieces)


def _joint_gender(name: str, text: str) -> str:
    """The gender all persons of a joint source share ("Antoine Quirin and Nicolas Redouane": male), else
    unknown."""
    genders = {name_gender(member, text) for member in joint_members(name)}
    return genders.pop() if len(genders) == 1 else "unknown"


def joint_members(name: str) -> list[str]:
    """The persons a joint source names ("Dick Durbin and Adam Schiff" -> both; "Pierce and Carroll" -> both
    surnames), [] for anyone else."""
    if " and " not in name:
        return []
    parts = _conjuncts(name)
    return [part for part in parts if _read_words(part).kind == "person" and len(part.split()) >= 2]


_NOT_SOURCES = frozenset("something nothing anything everything it's that this".split())
# "<owner>'s <up to two words> <document noun>"
_DOCUMENT_OF = re.compile(r"((?:[Tt]he\s+)?[^'’]+?)['’]s\s+(?:[\w-]+\s+){0,2}([\w-]+)")


def _read_words(mention: str, descriptor: str = "") -> Reading:
    """``read_mention`` on the mention's own words (the apposition only gives roles and a side)."""
    mention = re.sub(r"\s+(?:on|via)\s+[A-Z]\w+$", "", _without_time_phrase(mention))   # "Erick Rowan on Instagram"
    words = mention.split()
    # a question's auxiliary or a gerund the parse left before a name ("Does Rubenwardy", "Enrolling Minetest")
    while len(words) > 1 and words[1][:1].isupper() and (words[0].lower() in GRAMMAR.question_auxiliaries or (
            words[0].endswith("ing") and words[0][:1].isupper() and words[0].lower() not in first_names())):
        words = words[1:]
    mention = " ".join(words)
    if not words or not re.search(r"[^\W\d_]{2}", mention.replace("'s", "").replace("’s", "")) \
            or mention.lower() in _NOT_SOURCES:
        return Reading("none")   # "'s" of "let's say", "something" of "something to say" name no one
    for size in (3, 2, 1):
        # "state-owned Iranian news agency Fars", "the daily Le Monde": the outlet by its name
        if len(words) > size and words[-size - 1].lower() in OUTLET_NOUNS \
                and " ".join(words[-size:]).lower() in news_outlets():
            return Reading("group", " ".join(words[-size:]), side=side_of(mention))
    if " " in mention.lower().removeprefix("the ") and mention.lower().removeprefix("the ") in news_outlets():
        # "USA Today", "The New York Times" (a one-word outlet may be a person too: "Bloomberg")
        return Reading("group", mention.removeprefix("The ").removeprefix("the "), definite=words[0].lower() == "the")
    roles_lexicon = role_lexicon()
    # an apposition that says what the source is gives a side ("a UN official"); one that says what it
    # was doing or where does not ("speaking at a news conference in Lima", "who visited Kyiv")
    describes = descriptor and descriptor.split()[0].lower() not in ("who", "which") and \
        not descriptor.split()[0].lower().endswith("ing")
    side = side_of(mention) or (side_of(descriptor) if describes else "")
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return Reading("pronoun", words[0].lower(), side=side)
    owned = _DOCUMENT_OF.fullmatch(mention)
    if owned and roles_lexicon.get(owned.group(2).lower()) == "document":
        # "Trump's statement", "PG&E's schedule", "the council's briefing paper": the document's author
        author = _read_words(owned.group(1))
        if author.kind in ("person", "group") and author.name:
            return author
    joint = _joint_reading(mention, side)
    if joint is not None:
        return joint
    person, _of, affiliation = mention.partition(" of ")
    if affiliation and " of " not in person:
        # "Anna Franowska of the charity", "Senator Mitch McConnell of Kentucky": the person, of an
        # organisation or a place
        named = _read_words(person)
        if named.kind == "person" and reads_as_full_name(named.name) \
                and first_names().get(_folded(named.name.split()[0])):
            return Reading("person", named.name, named.roles, False, side or named.side or side_of(affiliation))
    roles = {w.lower().strip(".,").removesuffix("’s").removesuffix("'s") for w in words + descriptor.split()}
    roles = {w for w in roles if roles_lexicon.get(w) in ("person", "group", "document")}
    first = words[0].lower()
    definite = first in ("the", "this", "that", "these", "those", "both")
    # "one of the victims" keeps its quantifier: without it the phrase would open with "of"
    core = words[1:] if first in DETERMINERS and (len(words) < 2 or words[1].lower() != "of") else words
    # a trailing run of capitalized words that are not titles, roles or descriptors is a name
    descriptors = descriptor_words(mention)
    run: list[str] = []
    for position in range(len(core) - 1, -1, -1):
        word = core[position]
        bare = word.strip(",.").removesuffix("’s").removesuffix("'s")
        inside_name = bare in NAME_PARTICLES and run and position > 0 and core[position - 1][:1].isupper()
        if not inside_name and (not bare[:1].isupper() or bare.lower() in roles_lexicon
                                or f"{bare.lower()}." in roles_lexicon or word in descriptors):
            break
        run.insert(0, bare)   # "Osama bin Laden": a particle between capitalised words is part of the name
    given = next((k for k, word in enumerate(run) if first_names().get(_folded(word))), 0)
    if given > 0 and len(run) - given >= 2 and not any(first_names().get(_folded(word)) for word in run[:given]):
        run = run[given:]   # "Director of National Intelligence John Ratcliffe": the name opens at "John"
    if run and len(run) < len(core) and core[len(core) - len(run) - 1].lower() in PREPOSITIONS:
        run = []   # "the governor of Puerto Rico": the name is the place, the source is the governor
    # "the Turkish Ministry of Foreign Affairs": a name after an organisation word is the organisation's
    before = core[len(core) - len(run) - 1].lower().strip(".,") if len(run) < len(core) else ""
    named_organisation = len(run) == 1 and roles_lexicon.get(before) != "person" and any(
        w.lower().strip(".,") in organisation_words() for w in core)
    if run and len(run) <= 4 and not named_organisation and not any(w.lower() in organisation_words() for w in run):
        person_roles = {r for r in roles if roles_lexicon[r] == "person"}
        return Reading("person", " ".join(run), person_roles, definite, side)
    phrase = " ".join(core)
    organisation = any(w.lower().strip(".,") in organisation_words() for w in core)
    phrase = _strip_locative(phrase)   # "a spokesperson in the capital" -> "spokesperson"
    # the head noun comes before a prepositional phrase ("governor of the province", "head of the agency")
    head_words = re.split(r"\s(?:of|for|at|in|from|to|on)\s", phrase, maxsplit=1)[0].split()
    head = head_words[-1].lower().strip(".,") if head_words else ""
    kind_of_head = roles_lexicon.get(head, "")
    if kind_of_head == "document":
        return Reading("document", phrase, roles, definite, side)
    if kind_of_head == "person":
        return Reading("role", phrase, roles, definite, side)
    return Reading("group", phrase, roles, definite, side)


@lru_cache(maxsize=1)
def time_phrase() -> re.Pattern[str]:
    """A time phrase inside a name: a weekday, "today", "this summer", "last week", "as of Wednesday",
    "April 2015" (lower-case "today": "USA Today" is a name)."""
    months = "|".join(sorted(m.capitalize() for m in GRAMMAR.months))
    weekdays = "|".join(sorted(d.capitalize() for d in GRAMMAR.weekdays))
    periods = "spring|summer|autumn|fall|winter|week|weekend|month|year|morning|afternoon|evening|night"
    return re.compile(rf"(?:\b(?:on|this|last|next|early|late|earlier|later|as of|in)\s+)?"
                      rf"(?:\b(?:{weekdays})\b|\b(?:today|yesterday|tonight)\b|\b(?:this|last|next)\s+(?:{periods})\b"
                      rf"|\b(?:in|on)\s+(?:{months})\b|\b(?:{months})\s+\d)")


def _without_time_phrase(mention: str) -> str:
    """A mention without the time phrase the parse left in it: "Trump on Friday" -> "Trump", "Reports as of
    Wednesday" -> "Reports" (one that opens the mention is left: nothing would remain to name)."""
    match = time_phrase().search(mention)
    if not match or not mention[:match.start()].strip():
        return mention
    return mention[:match.start()].rstrip(" ,")


def _strip_locative(phrase: str) -> str:
    """Drop a trailing place ("in Gaza", "in the capital"), keep an affiliation ("in the mayor's office")."""
    match = LOCATIVE.search(phrase)
    if not match or not match.start():
        return phrase
    words = [w.lower().strip(".,") for w in match.group().split()]
    if any(w in organisation_words() or w.endswith(("’s", "'s")) for w in words):
        return phrase
    return phrase[:match.start()]


@dataclass
class _Cluster:
    speaker: str
    kind: str
    side: str = ""
    roles: set[str] = field(default_factory=set)
    mentions: list[str] = field(default_factory=list)
    gender: str = "unknown"
    entities: list[str] = field(default_factory=list)
    pronoun_votes: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=None)
def first_names() -> dict[str, str]:
    """First name (lower case) -> female | male, from ``data/first_names.tsv`` (1990 US Census)."""
    return _name_genders("first_names.tsv")


def _name_genders(filename: str) -> dict[str, str]:
    """``name<TAB>gender`` lines of a data file (comments start with "#")."""
    names = {}
    for line in (DATA_DIR / filename).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            names[name] = gender
    return names


@lru_cache(maxsize=1)
def world_first_names() -> dict[str, str]:
    """First name (lower case, accents folded) -> female | male for names of other countries, from
    ``data/first_names_world.tsv`` (nomquamgender); used only where the Census list has no entry."""
    return _name_genders("first_names_world.tsv")


def name_gender(name: str, text: str, world: bool = True) -> str:
    """female | male | unknown for a person's name: an honorific the article puts before the surname
    ("Mrs. Roe"), else a first name the Census gives to one sex far more than the other, else (with
    ``world``) one the world list (``world_first_names``) does. The world list only gives a gender to one
    already taken for a person: it is too wide to say whether a name is a person's ("Abu Dhabi")."""
    words = name.split()
    if not words:
        return "unknown"
    honorific = re.search(rf"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord|Madam)\.?\s+(?:[A-Z][\w’'.-]*\s+)?{re.escape(words[-1])}\b",
                          text)
    if honorific:
        title = honorific.group(1).lower()
        return "male" if title in GRAMMAR.male_honorifics else "female"
    if len(words) == 1:
        return "unknown"
    given = _folded(words[0]).strip(".")
    return first_names().get(given) or (world_first_names().get(given, "unknown") if world else "unknown")


_THIRD_PERSON = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


def narration_gender(name: str, text: str, others: frozenset[str] = frozenset()) -> str:
    """female | male | unknown from how the article itself refers to a person: the first "he/his/him" or
    "she/her" after each mention of the surname, when no one else may be meant (no word of ``others``, the
    names of the article's other people, and no first name stands between them) and it is within the sentence
    that follows; at least two such mentions, all of one gender ("Hawkins backed the plan. He said ..." and
    "Hawkins renewed his support ...")."""
    surname = name.split()[-1] if name.split() else ""
    if not surname:
        return "unknown"
    if len(name.split()) == 1 and _folded(surname) in first_names():
        return first_names()[_folded(surname)]   # a first name alone ("Rebecca:" in an interview)
    votes = set()
    count = 0
    for mention in re.finditer(rf"\b{re.escape(surname)}\b(?!\s*:)", text):   # not a speaker's label
        window = text[mention.end():mention.end() + 160].split("\n", 1)[0]
        pronoun = _THIRD_PERSON.search(window)
        if not pronoun or len(re.findall(r"[.!?]\s", window[:pronoun.start()])) > 1:
            continue
        between = re.findall(r"\b[A-Z][\w’'-]*", window[:pronoun.start()])
        if any(word in others or _folded(word) in first_names() for word in between):
            continue
        votes.add("female" if pronoun.group(1).lower() in GRAMMAR.female_pronouns else "male")
        count += 1
    return votes.pop() if count >= 2 and len(votes) == 1 else "unknown"


# letters that Unicode does not decompose into a base letter and an accent
_PLAIN_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ð": "d",
                                "þ": "th"})


def _folded(word: str) -> str:
    """Lower case without accents: the name lists spell "Agnès" as "agnes" and "Jarosław" as "jaroslaw"."""
    plain = unicodedata.normalize("NFKD", word.lower().translate(_PLAIN_LETTERS))
    return "".join(c for c in plain if not unicodedata.combining(c))


def looks_like_person(name: str, text: str) -> bool:
    """Evidence that a capitalised run names a person: a known first name, an honorific before it, or a
    person's title before it somewhere in the article ("President Trump", "Senator Graham")."""
    return name_gender(name, text, world=False) != "unknown" or _titled(name, text)


def _lone_first_name(name: str, text: str) -> bool:
    """A person named by a first name alone ("Her husband, David, agreed"): a known first name that is no
    one's surname in the article."""
    return " " not in name and bool(first_names().get(_folded(name))) and not re.search(
        rf"\b[A-Z][\w’'.-]+ {re.escape(name)}\b", text)


def _titles_before(name: str, text: str) -> set[str]:
    """The titles the article puts before ``name`` ("President" of "President Jane Roe"), as written."""
    if not name:
        return set()
    return {match.group(1) for match in re.finditer(rf"\b([A-Z][a-z]+)\.?\s+{re.escape(name)}\b", text)
            if role_lexicon().get(match.group(1).lower()) == "person"}


def _titled(name: str, text: str) -> bool:
    return bool(_titles_before(name, text))


def reads_as_full_name(name: str) -> bool:
    """A run the recogniser tags PERSON that reads as a full name ("Kyriakos Mitsotakis", "Agnès Callamard"):
    two to four capitalised words, none of them an organisation, role or side word."""
    words = name.split()
    return 2 <= len(words) <= 5 and all(word[:1].isupper() or 0 < index < len(words) - 1 and word in NAME_PARTICLES
                                        for index, word in enumerate(words)) and not any(
        word.lower().strip(".,") in organisation_words() or word.lower().strip(".,") in role_lexicon()
        for word in words) and not descriptor_words(name)


# lower-case words inside a person's name ("Mohammad bin Salman", "Ursula von der Leyen")
NAME_PARTICLES = GRAMMAR.name_particles
PRONOUN_GENDER = {"he": "male", "she": "female", "i": "unknown"}
RECENT_ATTRIBUTIONS = 30   # how many earlier attributions a pronoun looks back over
NARRATION_SENTENCES = 4   # ... and how many sentences back for a person named in narration
# named-entity labels that speak for a collective; the small pipeline often tags a lone surname ORG,
# so a label never overrides a first name or honorific
COLLECTIVE_ENTITIES = {"ORG": "organisation", "GPE": "organisation", "NORP": "group", "FAC": "organisation"}


def speaker_type(cluster: _Cluster) -> str:
    """person | organisation | group | document | unnamed, from the mentions, entities and role words."""
    if cluster.kind == "person":
        return "person"
    if cluster.kind == "document":
        return "document"
    if cluster.kind == "role":
        return "unnamed"
    name = cluster.speaker
    if " and " in name and all(part[:1].isupper() for part in name.split(" and ")):
        # sources named together: persons when every one of them is a person ("Quirin and Redouane")
        parts = _conjuncts(name)
        return "person" if len(joint_members(name)) == len(parts) else "organisation"
    labels = [COLLECTIVE_ENTITIES[label] for label in cluster.entities if label in COLLECTIVE_ENTITIES]
    if labels:
        return labels[0]
    if any(word.lower().strip(".,") in organisation_words() for word in name.split()):
        return "organisation"
    head = name.split()[-1]
    if head[:1].islower() or role_lexicon().get(head.lower()) in ("person", "group"):
        return "unnamed"   # "officials", "Egyptian sources", "critics": a classic unnamed source
    return "organisation"


def _full_names(text: str, readings: list[Reading]) -> list[str]:
    """Person names of two words or more given by mentions."""
    return [r.name for r in readings if r.kind == "person" and len(r.name.split()) >= 2] + [
        member for r in readings if r.kind == "group" for member in joint_members(r.name)]


def _persons_in_sentence(text: str, start: int, end: int, known=lambda name: False) -> list[Entity]:
    """The persons of one sentence, from the parse (a trailing possessive dropped): its PERSON entities, and
    names the recogniser tagged otherwise or missed ("Wilkins" as ORG, "Day" as nothing) that ``known`` says
    are people of the article."""
    from helpers.syntax import sentence_entities

    found = []
    for entity in sentence_entities(text, start, end):
        name = _without_title(entity.text.removesuffix("’s").removesuffix("'s").strip())
        if name[:1].isupper() and (entity.label == "PERSON" or entity.label in ("ORG", "PROPN") and known(name)):
            found.append(entity._replace(text=name))
    return found


def _without_title(name: str) -> str:
    """A name without the titles before it: "Crown Prince Mohammad bin Salman" -> "Mohammad bin Salman"."""
    words = name.split()
    titled = [index for index, word in enumerate(words[:-1]) if word.lower().strip(".,") in role_lexicon()]
    return " ".join(words[titled[-1] + 1:]) if titled else name


def _persons_before(text: str, low: int, high: int, sentence_starts: list[int], cue: int | None = None,
                    known=lambda name: False, pronoun: str | None = None) -> list[str]:
    """The persons the named-entity recogniser finds in ``text[low:high]``, at most ``NARRATION_SENTENCES``
    back: the latest sentence first, and in each sentence subjects first, a main clause's before an embedded
    one's, then the latest first.

    In the pronoun's own sentence only a subject qualifies, and not one inside the clause of the pronoun's
    own verb (``cue``): in "Speaking to Martin Smith, he said", "he" is not Smith. In an earlier sentence whose
    subject is the same ``pronoun`` only subjects qualify: in "He met John Jones", Jones is not "he".
    """
    from helpers.syntax import sentence_entities

    found: list[str] = []
    for back, start, end in _sentences_back(text, low, high, sentence_starts):
        own = back == 0
        # in "He met John Jones", Jones is not the "he" that runs on into the next sentences
        chained = pronoun is not None and not own and any(
            e.label == "PRON" and e.text.lower() == pronoun and low <= e.offset < high
            for e in sentence_entities(text, start, end))
        persons = [entity for entity in _persons_in_sentence(text, start, end, known) if low <= entity.offset < high
                   and (not own or entity.subject and (cue is None or cue not in entity.governors))
                   and not (chained and not entity.subject)]
        found.extend(entity.text for entity in sorted(reversed(persons), key=lambda e: (not e.subject, len(e.governors))))
    return list(dict.fromkeys(found))


def _sentences_back(text: str, low: int, high: int, sentence_starts: list[int]) -> Iterator[tuple[int, int, int]]:
    """The sentences reaching into ``text[low:high]``, from the one holding ``high`` back, at most
    ``NARRATION_SENTENCES`` of them: (how many sentences back, start, end)."""
    spans = sentence_spans(text)
    index = bisect_right(sentence_starts, high) - 1
    for back in range(NARRATION_SENTENCES):
        if index - back < 0 or spans[index - back][2] <= low:
            return
        _paragraph, start, end = spans[index - back]
        yield back, start, end


def _organisation_before(text: str, head: str, low: int, high: int, sentence_starts: list[int]) -> str:
    """The organisation the named-entity recogniser finds last in ``text[low:high]`` (at most
    ``NARRATION_SENTENCES`` back, a subject before other mentions of its sentence) that "the <head>" can
    stand for: any organisation for a generic noun ("the company"), else one whose name holds the noun
    ("the ministry" for "the Interior Ministry"). "" when there is none."""
    from helpers.syntax import sentence_entities

    for _back, start, end in _sentences_back(text, low, high, sentence_starts):
        named = [e for e in sentence_entities(text, start, end) if e.label == "ORG" and low <= e.offset < high
                 and (head in GENERIC_ORGANISATION_NOUNS | PRESS_NOUNS or head in e.text.lower().split())]
        for entity in sorted(reversed(named), key=lambda e: not e.subject):
            reading = read_mention(entity.text)
            outlet = reading.name.lower() in news_outlets()
            # "the newspaper" is a news outlet, "the company" is not; "the agency" may be either
            fits = outlet or head not in PRESS_NOUNS if head in OUTLET_NOUNS else not outlet
            if reading.kind in ("person", "group") and reading.name[:1].isupper() and fits:
                return reading.name
    return ""


def _person_subject_before(text: str, position: int, sentence_starts: list[int], known) -> tuple[int, str] | None:
    """The person who is the subject of the main clause of the sentence just before ``position`` (that
    sentence may end the paragraph before), as (offset, name)."""
    index = bisect_right(sentence_starts, max(0, position - 1)) - 1   # the sentence the quotation mark opens
    if index < 1:
        return None
    _paragraph, start, end = sentence_spans(text)[index - 1]
    subjects = [e for e in _persons_in_sentence(text, start, end, known) if e.subject and len(e.governors) <= 1]
    return (subjects[-1].offset, subjects[-1].text) if subjects else None


def _plural_subject_before(text: str, low: int, high: int, sentence_starts: list[int], cue: int | None) -> str | None:
    """The nearest plural subject of a main clause in ``text[low:high]`` ("The protesters marched ...", "Dick
    Durbin and Adam Schiff wrote ..."), this sentence or the one before; in the pronoun's own sentence, not the
    subject of its own verb (``cue``)."""
    from helpers.syntax import sentence_entities

    spans = sentence_spans(text)
    index = bisect_right(sentence_starts, high) - 1
    own = index
    while index >= 0 and spans[index][2] > low and own - index < 3:
        _paragraph, start, end = spans[index]
        # names coordinated as subject may be two sentences back; a plural common noun only one
        labels = ("PLURAL", "GROUP") if own - index < 2 else ("GROUP",)
        plural = [e for e in sentence_entities(text, start, end) if e.label in labels and e.subject
                  and low <= e.offset < high
                  and len(e.governors) <= 1 and (index != own or cue is None or cue not in e.governors)]
        if plural:
            return plural[-1].text
        index -= 1
    return None


# nouns for a member of a party: "the New York Democrat" is someone the article has named
PARTY_MEMBERS = frozenset({"democrat", "republican"})

# a person described by age only ("the 51-year-old", "the 34-year-old mother")
_AGE_DESCRIPTION = re.compile(r"\d+-year-old(?: [a-z]+)?")

# two capitalised words joined by "and" (with or without a comma), the least a group of names needs
_NAMES_JOINED = re.compile(r"[A-Z][\w’'.-]*,? and [A-Z]")

# words that give a group's size ("both officers", "the two ministers")
GROUP_SIZES = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}


def _named_group_before(text: str, mention: str, position: int) -> str | None:
    """The latest names coordinated before ``position`` that a plural description refers to: the group is
    as large as the description says ("both officers": two), or the description's noun stands beside
    the names ("officers Antoine Quirin and Nicolas Redouane")."""
    from helpers.syntax import sentence_entities

    words = mention.lower().split()
    if not words[-1].endswith("s") or role_lexicon().get(words[-1]) != "group":
        return None   # "both officers", not "the company"
    noun = words[-1].removesuffix("s")
    size = next((GROUP_SIZES[word] for word in words if word in GROUP_SIZES), None)
    for _paragraph, start, end in reversed([span for span in sentence_spans(text) if span[1] < position]):
        if not _NAMES_JOINED.search(text, start, end):
            continue   # no "Name and Name" here: no need to parse the sentence
        groups = [e for e in sentence_entities(text, start, end) if e.label == "GROUP" and e.offset < position]
        for group in reversed(groups):
            members = len(_conjuncts(group.text))
            if members == size or (size is None and re.search(rf"\b{re.escape(noun)}s?\b", text[start:end], re.I)):
                return group.text
    return None


def _document_before(text: str, row: dict, sentence_starts: list[int]) -> bool:
    """Whether the source was named as the author of a document just before its mention ("A report published
    last month by the city auditor found"): a later "it" may mean the document, which speaks for its author."""
    if row["mention_start"] is None:
        return False
    start = sentence_starts[max(0, bisect_right(sentence_starts, int(row["mention_start"])) - 1)]
    words = text[start:int(row["mention_start"])].lower().split()[-8:]
    bare = [word.strip(".,").removesuffix("’s").removesuffix("'s") for word in words]
    return any(role_lexicon().get(word) == "document" for word in bare) and (
        "by" in words[-2:] or any(w.endswith(("’s", "'s")) for w in words[-2:]))


def _mention_position(row: dict) -> int:
    """Where a row's source is named: its mention, else its quote (a quote with no mention of its own)."""
    return row["mention_start"] if row["mention_start"] is not None else row["start"]


def _sentence_floor(text: str, position: int, spans: list[int] | None = None, back: int = 1) -> int:
    """Start of the sentence ``back`` sentences before the one holding ``position`` (``spans``: the sentence
    starts, if known)."""
    if spans is None:
        spans = [start for _paragraph, start, _end in sentence_spans(text)]
    index = max(0, bisect_right(spans, position) - 1 - back)
    return spans[index] if spans else 0


class _NameIndex:
    """The full names of an article indexed once: by first and last word, and where each occurs."""

    def __init__(self, full_names: list[str], text: str):
        self.text = text
        self.by_word: dict[str, set[str]] = {}
        for full in full_names:
            words = full.split()
            self.by_word.setdefault(words[-1], set()).add(full)
            self.by_word.setdefault(words[0], set()).add(full)
            if len(words) >= 3:   # two-word surnames: "La Riva" of "Gloria La Riva"
                self.by_word.setdefault(" ".join(words[-2:]), set()).add(full)
        self._narration: dict[str, list[str]] = {}
        self._times_named: dict[str, int] = {}
        self._occurrences: dict[str, list[int]] = {}

    def candidates(self, name: str) -> list[str]:
        found = sorted(self.by_word.get(name, ()))
        if not found:
            if name not in self._narration:
                self._narration[name] = _names_in_narration(name, self.text)
            found = self._narration[name]
        return found

    def times_named(self, full: str) -> int:
        """How often the article names a person: in full, or by the title it gave them and their surname alone
        ("Governor Roe" counts for "Jane Roe" when the article wrote "Governor Jane Roe")."""
        if full not in self._times_named:
            surname = re.escape(full.split()[-1])
            self._times_named[full] = len(self.occurrences(full)) + sum(
                len(re.findall(rf"\b{re.escape(title)}\.?\s+{surname}\b", self.text))
                for title in _titles_before(full, self.text))
        return self._times_named[full]

    def occurrences(self, full: str) -> list[int]:
        """Every offset where ``full`` occurs (overlapping ones too), as ``str.find`` would see them."""
        if full not in self._occurrences:
            offsets, at = [], self.text.find(full)
            while at >= 0:
                offsets.append(at)
                at = self.text.find(full, at + 1)
            self._occurrences[full] = offsets
        return self._occurrences[full]

    def last_before(self, full: str, position: int) -> tuple[int, int]:
        """``text.rfind(full, 0, position)`` as (1, offset), else (0, -first offset)."""
        offsets = self.occurrences(full)
        index = bisect_right(offsets, position - len(full)) - 1
        if index >= 0 and offsets[index] >= 0 and position >= len(full):
            return (1, offsets[index])
        return (0, -(offsets[0] if offsets else -1))


def _expand_short_name(name: str, full_names: list[str], text: str, position: int = 0,
                       index: _NameIndex | None = None) -> str:
    """A one-word name -> the full name in the article ending (or starting) with it.

    When several people share it ("Trump" with two Trumps in the article), the one named last
    before ``position`` wins, else the first one named after it. ``index``: the same full names,
    indexed once per article (what ``resolve_records`` passes).
    """
    if len(name.split()) > 2:
        return name
    if index is None:
        index = _NameIndex(full_names, text)
    words = name.split()
    surname = len(words) == 2 and words[0].lower() in NAME_PARTICLES   # "La Riva" of "Gloria La Riva"
    candidates = index.candidates(name) if " " not in name or surname else sorted(index.by_word.get(name, ()))
    candidates = [full for full in candidates if full != name]
    if not candidates:
        return name
    if len(candidates) == 1:
        return candidates[0]
    # the person the article names most often ("Biden" is Joe Biden, not his son named once), counting the
    # titled surname too ("Governor Roe" after "Governor Jane Roe"), then the one named last before
    return max(candidates, key=lambda full: (index.times_named(full), index.last_before(full, position)))


def _names_in_narration(name: str, text: str) -> list[str]:
    """Full names ending with ``name`` that the article gives outside attributions ("envoy Jane Roe")."""
    roles_lexicon, noise = role_lexicon(), stopwords()
    found = set()
    for match in re.finditer(rf"((?:[A-Z][\w’'-]+\s+){{1,2}}){re.escape(name)}\b", text):
        words = [w for w in match.group(1).split() if w.lower() not in roles_lexicon and w not in descriptor_words(w)]
        if not words or any(w.lower() in noise or w.lower() in NOT_NAMES or w.endswith(("ly", "wards")) for w in words):
            continue
        found.add(" ".join(words + [name]))
    return sorted(found)


_ACRONYM = re.compile(r"((?:[A-Z][\w’'-]*,?\s+(?:(?:of|for|and|the|de|du)\s+){0,2}){1,7})\(([A-Z][A-Za-z.&]{1,7})\)")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the article defines: "the Syrian Democratic Forces (SDF)" -> {"SDF": "Syrian Democratic Forces"}."""
    found = {}
    for match in _ACRONYM.finditer(text):
        words = match.group(1).split()
        opened = [i for i, word in enumerate(words[:-1]) if word.endswith(",") and words[i + 1].lower() in DETERMINERS]
        if opened:   # "On Sunday, the Syrian Democratic Forces (SDF)": the name starts after the comma
            words = words[opened[-1] + 1:]
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        # keep the words whose initials spell the acronym, counted from the end
        letters = [c for c in match.group(2) if c.isupper()]
        capitals = [w for w in words if w[:1].isupper()]
        if capitals and len(capitals) >= len(letters) - 1:
            keep = list(words)
            while keep and keep[0][:1].upper() != letters[0] and len(keep) > len(letters):
                keep = keep[1:]
            found.setdefault(match.group(2), " ".join(keep) or " ".join(words))
    return found


def _interview_name(label: str, text: str) -> str:
    """An interview label ("JaneQRoe:") -> the name as the article writes it ("Jane Q. Roe"), if it does."""
    if " " in label or label.isupper():
        return label
    parts = re.findall(r"[A-Z][a-z’'-]*", label)
    merged: list[str] = []
    for part in parts:   # "McGuire", "MacLeod", "DeVos" are one name
        if merged and merged[-1] in ("Mc", "Mac", "De", "Le", "La", "Van", "Von", "Di", "Da", "O"):
            merged[-1] += part
        else:
            merged.append(part)
    parts = merged
    if len(parts) < 2:
        return label
    pattern = r"\b" + r"\.?\s*".join(re.escape(p) for p in parts) + r"\b\.?"
    written = next((m.group() for m in re.finditer(pattern, text) if " " in m.group()), "")
    return written.rstrip(".") if written else " ".join(parts)


def resolve_speakers(text: str, quotes: pd.DataFrame) -> pd.DataFrame:
    """Fill ``speaker``, ``speaker_id`` and ``side`` of an ``extract_quotes`` table."""
    records = [{k: (None if v is pd.NA else v) for k, v in row.items()} for row in quotes.to_dict("records")]
    return quote_frame(resolve_records(text, records))


def resolve_records(text: str, rows: list[dict]) -> list[dict]:
    """``resolve_speakers`` on plain rows (what ``attribute`` uses: no DataFrame until the end)."""
    rows = [dict(row) for row in rows]
    readings = [read_mention(row["mention"], row["descriptor"]) for row in rows]
    defined = acronyms(text)
    for index, row in enumerate(rows):
        if row["rule"] == "interview-turn":
            readings[index] = Reading("person", _interview_name(row["mention"], text), side=readings[index].side)
    # initials as a label ("NG:") stand for the interviewee whose name they abbreviate ("Natasha Gownaris:")
    interviewees = {r.name for r, row in zip(readings, rows) if row["rule"] == "interview-turn" and " " in r.name}
    for index, row in enumerate(rows):
        name = readings[index].name
        if row["rule"] == "interview-turn" and name.isupper() and len(name) <= 4:
            matches = [full for full in interviewees if "".join(w[0] for w in full.split()) == name]
            if len(matches) == 1:
                readings[index].name = matches[0]
        elif readings[index].name in defined:
            readings[index].name = defined[readings[index].name]
            readings[index].kind = "group"
            readings[index].side = readings[index].side or side_of(readings[index].name)
    for index, row in enumerate(rows):
        if readings[index].kind == "document" and readings[index].definite and row["mention_start"] is not None:
            readings[index] = _document_author(text, int(row["mention_start"]), readings[index]) or readings[index]
    full_names = _full_names(text, readings)
    names = _NameIndex(full_names, text)
    for index, row in enumerate(rows):
        reading = readings[index]
        if reading.kind == "person" and row.get("entity") in COLLECTIVE_ENTITIES and len(reading.name.split()) == 1 \
                and not names.candidates(reading.name) and not looks_like_person(reading.name, text):
            reading.kind = "group"   # "NBC", "Reuters": an organisation, not a surname of a person in the article
    sentence_starts = [start for _paragraph, start, _end in sentence_spans(text)]
    clusters: list[_Cluster] = []
    by_name: dict[str, int] = {}
    assigned: list[int | None] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: rows[i]["cue_start"] if rows[i]["cue_start"] is not None
                   else rows[i]["start"])

    def cluster_for(name: str, kind: str) -> int:
        key = name.lower()
        if key not in by_name:
            by_name[key] = len(clusters)
            clusters.append(_Cluster(name, kind, gender=name_gender(name, text) if kind == "person"
                                     else _joint_gender(name, text)))
        return by_name[key]

    reasons: dict[int, str] = {}

    def joint_cluster(joint: str, position: int) -> int:
        """The cluster of sources named together, each by the full name the article gives them."""
        parts = [_expand_short_name(part, full_names, text, position, names) for part in _conjuncts(joint)]
        return cluster_for(_rejoin(joint, parts), "group")

    def known_person(name: str) -> bool:
        """A person the article names in full (as a source or in narration), by that name or its surname."""
        return name in full_names or bool(names.by_word.get(name.split()[-1])) or any(
            looks_like_person(full, text) for full in names.candidates(name.split()[-1]))

    history: list[int] = []   # clusters of attributions in reading order
    last_position: dict[int, int] = {}   # cluster -> the furthest mention position of its attributions
    last_of_kind: dict[str, tuple[int, int]] = {}   # cluster kind -> (place in history, cluster) of the latest
    paragraph_starts = [start for start, _end in paragraph_spans(text)]

    def paragraph_floor(position: int) -> int:
        """Start of the paragraph before the one holding ``position`` (how far back a pronoun looks)."""
        index = max(0, bisect_right(paragraph_starts, position) - 2)
        return paragraph_starts[index] if paragraph_starts else 0
    for i in order:
        reading = readings[i]
        mention = rows[i]["mention"]
        cluster = None
        if reading.kind == "person":
            position = rows[i]["cue_start"] if rows[i]["cue_start"] is not None else rows[i]["start"]
            cluster = cluster_for(_expand_short_name(reading.name, full_names, text, position, names), "person")
        elif reading.kind == "pronoun":
            position = _mention_position(rows[i])
            if reading.name in PRONOUN_GENDER:
                cluster, reasons[i] = resolve_person_pronoun(
                    reading.name, position, history, clusters, last_position,
                    lambda low, high: _persons_before(text, low, high, sentence_starts, rows[i]["cue_start"],
                                                      known_person, reading.name),
                    paragraph_floor,
                    lambda name: cluster_for(_expand_short_name(name, full_names, text, position, names), "person"),
                    _sentence_floor(text, position, sentence_starts), text,
                    known_person, text[int(rows[i]["start"]):int(rows[i]["end"])])
            else:
                wanted = ("group", "document") if reading.name == "it" else ("group", "role", "document", "person")
                latest = [last_of_kind[k] for k in wanted if k in last_of_kind]
                cluster = max(latest)[1] if latest else None
                if reading.name == "they":
                    since = max((last_position.get(c, -1) for c in history[-1:]), default=-1)
                    group = _plural_subject_before(text, max(since, _sentence_floor(text, position, sentence_starts, 2)),
                                                   position, sentence_starts, rows[i]["cue_start"])
                    if group is not None:   # "The protesters marched to the square. They said ..."
                        named = read_mention(group)
                        together = _named_group_before(text, group, position) if named.definite else None
                        cluster = joint_cluster(together or named.name, position) \
                            if together or _joint_reading(named.name, "") else cluster_for(named.name or group, "group")
                if cluster is None:
                    reasons[i] = f"no earlier source for '{reading.name}'"
        elif reading.kind in ("role", "group", "document") and reading.name:
            if reading.definite and reading.kind == "role":
                # "the mayor said": the named person the article gave that role, else an earlier
                # unnamed source with that role ("a senior official ... the official said")
                head = reading.name.split()[-1].lower()
                linked = [c for c in reversed(history) if clusters[c].kind == "person" and reading.roles & clusters[c].roles]
                linked += [c for c in reversed(history) if clusters[c].kind == "role"
                           and clusters[c].speaker.split()[-1].lower() == head]
                position = _mention_position(rows[i])
                named = _role_named_before(text, head, position, paragraph_floor(position))
                if named is None and not linked:
                    # "Gov. Ron DeSantis ... (later) DeSantis brushed it off. "...," the governor said": a
                    # holder named further back who is still in view by surname
                    earlier = _role_named_before(text, head, position, 0)
                    if earlier is not None and re.search(rf"\b{re.escape(earlier[1].split()[-1])}\b",
                                                         text[paragraph_floor(position):position]):
                        named = earlier
                if named is not None and (not linked or last_position.get(linked[0], -1) < named[0]):
                    # "minister Stefano Patuanelli sent a letter ..., but the minister said": the nearer holder
                    holder = _expand_short_name(named[1], full_names, text, position, names)
                    linked.insert(0, cluster_for(holder, "person"))
                relative = _family_member(head, full_names, text) if not linked and named is None else ""
                if relative:
                    # "David and Louise Turpin ... The father said": the one man of the family named
                    linked.append(cluster_for(relative, "person"))
                    reasons[i] = f"'{mention}' taken as {relative}, the only {KIN_GENDER[head]} of the family named"
                if linked:
                    cluster = linked[0]
            elif reading.definite and reading.kind == "group" and _describes_one_organisation(reading.name):
                # "The Aviation Herald reported ... The industry publication said": the organisation named last
                position = _mention_position(rows[i])
                floor = paragraph_floor(position)
                head = reading.name.split()[-1]
                named = [c for c in reversed(history) if clusters[c].kind == "group"
                         and clusters[c].speaker[:1].isupper() and last_position.get(c, -1) >= floor
                         and (head in GENERIC_ORGANISATION_NOUNS or head in clusters[c].speaker.lower().split())]
                if named:
                    cluster = named[0]
                    reasons[i] = f"'{mention}' taken as {clusters[cluster].speaker}, the organisation named before"
                else:
                    # "Acme Holdings cut 300 jobs. The company said ...": the organisation the narration named last
                    organisation = _organisation_before(text, head, floor, position, sentence_starts)
                    if organisation:
                        cluster = cluster_for(organisation, "group")
                        reasons[i] = f"'{mention}' taken as {organisation}, the organisation the article named last"
            if cluster is None and reading.kind == "group" and reading.name not in defined.values() \
                    and _joint_reading(reading.name, "") is not None:
                # "Pierce and Carroll": each surname stands for the full name the article gives it
                position = _mention_position(rows[i])
                cluster = joint_cluster(reading.name, position)
            if cluster is None and reading.definite and (_AGE_DESCRIPTION.fullmatch(reading.name) or (
                    reading.kind == "role" and reading.name.split()[-1].lower() in PARTY_MEMBERS)):
                # "Nikki Haley said ... The 51-year-old told Fox News", "the New York Democrat said": the
                # person the article spoke of last
                position = _mention_position(rows[i])
                recent = [c for c in reversed(history) if clusters[c].kind == "person"
                          and last_position.get(c, -1) >= paragraph_floor(position)]
                subject = _person_subject_before(text, position, sentence_starts, known_person)
                if subject is not None and (not recent or subject[0] > last_position.get(recent[0], -1)):
                    cluster = cluster_for(_expand_short_name(subject[1], full_names, text, position, names), "person")
                elif recent:
                    cluster = recent[0]
                if cluster is not None:
                    reasons[i] = f"'{mention}' taken as {clusters[cluster].speaker}, the person spoken of last"
            if cluster is None and reading.kind == "group" and reading.definite and reading.name.islower():
                # "officers Antoine Quirin and Nicolas Redouane ... Both officers said": the people named together
                position = _mention_position(rows[i])
                group = _named_group_before(text, mention, position)
                if group is not None:
                    cluster = joint_cluster(group, position)
                    reasons[i] = f"'{mention}' taken as {clusters[cluster].speaker}, named together before"
            if cluster is None:
                cluster = cluster_for(reading.name, reading.kind)
        if cluster is None:
            continue
        assigned[i] = cluster
        history.append(cluster)
        last_of_kind[clusters[cluster].kind] = (len(history) - 1, cluster)
        if reading.kind != "pronoun" and _document_before(text, rows[i], sentence_starts):
            last_of_kind["document"] = (len(history) - 1, cluster)   # "A report by the auditor found ... It warned"
        mention_position = _mention_position(rows[i])
        last_position[cluster] = max(last_position.get(cluster, -1), mention_position)
        target = clusters[cluster]
        if rows[i].get("entity") and reading.kind != "pronoun":
            target.entities.append(rows[i]["entity"])
        if reading.kind == "pronoun" and reading.name in ("he", "she") and not reasons.get(i):
            target.pronoun_votes[reading.name] = target.pronoun_votes.get(reading.name, 0) + 1
        if mention and mention not in target.mentions:
            target.mentions.append(mention)
        target.roles |= reading.roles if reading.kind in ("person", "role") else set()
        if not target.side and reading.kind != "pronoun":
            target.side = reading.side
    # a quote with no attribution of its own, after a sentence about a person named after the nearest source
    # ("Maria Lopez has farmed here for thirty years. "It is all gone."") is that person's, still a guess
    narrated: set[int] = set()
    for i, row in enumerate(rows):
        if row["rule"] != "nearest-source" or assigned[i] is not None:
            continue
        source = rows[int(row["continues"])] if row["continues"] is not None else None
        since = -1 if source is None else _mention_position(source)
        subject = _person_subject_before(text, int(row["start"]), sentence_starts, known_person)
        if subject is not None and subject[0] > since:
            position = int(row["start"])
            assigned[i] = cluster_for(_expand_short_name(subject[1], full_names, text, position, names), "person")
            narrated.add(i)
    # quotes without a mention of their own continue the quote they follow
    for i, row in enumerate(rows):
        if assigned[i] is None and row["continues"] is not None:
            source, seen = int(row["continues"]), set()
            while assigned[source] is None and rows[source]["continues"] is not None and source not in seen:
                seen.add(source)
                source = int(rows[source]["continues"])
            assigned[i] = assigned[source]
    resolutions = [_resolution(rows[i], readings[i], clusters[assigned[i]].speaker if assigned[i] is not None else "")
                   for i in range(len(rows))]
    for i, row in enumerate(rows):
        if assigned[i] is None and row["continues"] is not None:
            continue
        source = int(row["continues"]) if row["continues"] is not None and not row["mention"] else None
        if source is not None and source < len(rows):
            resolutions[i] = resolutions[source]
    for cluster in clusters:
        if cluster.kind == "person" and cluster.gender == "unknown" and cluster.pronoun_votes:
            # how the article itself refers to the person: the pronouns resolved to them without doubt
            votes = cluster.pronoun_votes
            if len(votes) == 1:
                cluster.gender = PRONOUN_GENDER[next(iter(votes))]
        if cluster.kind == "person" and cluster.gender == "unknown" and not cluster.pronoun_votes:
            others = frozenset(word for other in clusters if other is not cluster and other.kind == "person"
                               for word in other.speaker.split())
            cluster.gender = narration_gender(cluster.speaker, text, others)   # "Hawkins ... his speech"
        if cluster.kind == "person" and not cluster.side and len(cluster.speaker.split()) >= 2:
            cluster.side = narration_side(cluster.speaker, text)   # "Turkish President Recep Tayyip Erdoğan"
    for i, row in enumerate(rows):
        cluster = clusters[assigned[i]] if assigned[i] is not None else None
        row["speaker"] = cluster.speaker if cluster else ""
        row["side"] = cluster.side if cluster else ""
        row["speaker_type"] = speaker_type(cluster) if cluster else ""
        row["gender"] = cluster.gender if cluster and speaker_type(cluster) == "person" else ""
        row["resolution"] = resolutions[i] if cluster else ""
        reason = reasons.get(i, "")
        if reason:
            row["uncertain"] = True
        row["uncertain_reason"] = reason or (
            "no attribution of its own: the person the sentence before is about" if i in narrated
            else "no attribution of its own: nearest source" if row["rule"] == "nearest-source" else "")
    return _renumber_records(rows)


# nouns that say a name after them is a news outlet's ("news agency Fars", "the daily Le Monde")
OUTLET_NOUNS = frozenset("""agency newspaper paper daily broadcaster channel network outlet magazine station website
    tabloid weekly""".split())
PRESS_NOUNS = OUTLET_NOUNS - {"agency", "network", "station", "website"}   # only ever a news outlet

# nouns that describe any kind of organisation ("the company", "the publication"); others ("the ministry",
# "the army") stand only for an organisation whose name holds them ("the Health Ministry")
GENERIC_ORGANISATION_NOUNS = frozenset("""company firm group organisation organization publication newspaper paper
    broadcaster outlet network charity foundation agency business retailer chain manufacturer producer""".split())


# family roles and the gender they give ("the father said" is a man of the family the article names)
KIN_GENDER = {"father": "male", "mother": "female", "husband": "male", "wife": "female", "son": "male",
              "daughter": "female", "brother": "male", "sister": "female"}


def _family_member(role: str, full_names: list[str], text: str) -> str:
    """The one person of the role's gender among the people of the article who share a surname with someone
    else it names (a family: "David and Louise Turpin"), or "" when there is not exactly one."""
    gender = KIN_GENDER.get(role)
    if gender is None:
        return ""
    names = set(full_names)
    surnames: dict[str, set[str]] = {}
    for full in names:
        surnames.setdefault(full.split()[-1], set()).add(full)
    family = {full for members in surnames.values() if len(members) > 1 for full in members}
    for first, second, last in re.findall(r"\b([A-Z][a-z]+) and ([A-Z][a-z]+) ([A-Z][a-z]+)\b", text):
        if first_names().get(_folded(first)) and first_names().get(_folded(second)):
            family |= {f"{first} {last}", f"{second} {last}"}   # "David and Louise Turpin"
    matching = sorted(full for full in family if name_gender(full, text) == gender)
    return matching[0] if len(matching) == 1 else ""


def _describes_one_organisation(name: str) -> bool:
    """A lower-case description of one organisation ("company", "industry publication", "ministry"): its last
    word is an organisation noun (``data/organisation_words.txt`` or a singular group noun of
    ``data/role_nouns.txt``), and no capitalised word names it."""
    words = name.split()
    head = words[-1] if words else ""
    return bool(words) and name.islower() and not head.endswith("s") and (
        head in organisation_words() or role_lexicon().get(head) == "group")


@lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    """Role noun -> its abbreviated title ("governor" -> "gov."), from ``data/title_abbreviations.tsv``."""
    return {role: abbreviation for abbreviation, role in
            (entry.split("\t") for entry in read_word_list("title_abbreviations.tsv"))}


def _role_named_before(text: str, role: str, position: int, floor: int) -> tuple[int, str] | None:
    """The latest person the narration gives a role before ``position`` (from ``floor``): "minister Stefano
    Patuanelli", "Gov. Ron DeSantis" or "Stefano Patuanelli, the minister" for ``role`` "minister", as
    (offset, name)."""
    name = r"((?:[A-Z][\w’'.-]+[ \t]+){0,2}[A-Z][\w-]+)(?![\w’'])"
    found = None
    spelled = [re.escape(role)] + ([re.escape(title_abbreviations()[role])] if role in title_abbreviations() else [])
    role = rf"(?i:{'|'.join(spelled)})"   # "minister" or "Minister"; the name itself must be capitalised
    for pattern in (rf"\b(?:{role})[ \t]+{name}", rf"{name},[ \t]+(?:the|a|an)[ \t]+(?:[\w-]+[ \t]+){{0,4}}(?:{role})\b"):
        for match in re.finditer(pattern, text[floor:position]):
            candidate = match.group(1)
            if time_phrase().search(candidate) or candidate.split()[0].lower() in GRAMMAR.leading_noise:
                continue
            if reads_as_full_name(candidate) or looks_like_person(candidate, text):
                if found is None or floor + match.start() > found[0]:
                    found = (floor + match.start(), candidate)
    return found


def _document_author(text: str, position: int, reading: Reading) -> Reading | None:
    """"The statement said ...": the author of the document the article named before, where its sentence says
    who put it out ("Trump, in a statement delivered via the press secretary, announced ...", "a statement
    released by Erdogan's office"); looked for in this paragraph and the two before it, the latest first."""
    from helpers.clauses import document_author
    from helpers.syntax import parse_spans

    head = reading.name.split()[-1].lower()
    paragraphs = [start for start, _end in paragraph_spans(text)]
    floor = paragraphs[max(0, bisect_right(paragraphs, position) - 3)] if paragraphs else 0
    # the noun itself ("the report") or a verb it is named after ("reported", "ruled" for "the ruling")
    stem = re.sub(r"(?:ation|ment|ing|ion)$", "", head)
    stem = stem if len(stem) >= 3 else head
    earlier = [m.start() for m in
               re.finditer(rf"\b{re.escape(stem[:max(3, len(stem) - 1)])}\w*", text[floor:position], re.IGNORECASE)]
    sentences = sentence_spans(text)
    starts = [start for _paragraph, start, _end in sentences]
    for offset in reversed(earlier):
        offset += floor
        _paragraph, start, end = sentences[bisect_right(starts, offset) - 1]
        author = document_author(text, parse_spans(text, [(start, end)])[0], offset, head)
        if author is not None:
            named = read_mention(text[author.start:author.end])
            if named.kind in ("person", "group") and named.name:
                return named
    return None


def _resolution(row: dict, reading: Reading, speaker: str) -> str:
    """How a quote's speaker was found: name, surname, pronoun, role or label."""
    if row["rule"] in ("interview-turn", "label-line"):
        return "label"
    if reading.kind == "pronoun":
        return "pronoun"
    if reading.kind == "role" or (reading.kind == "group" and reading.definite and speaker != reading.name):
        return "role"   # "the minister", "the company" taken as the one named before
    if reading.kind == "person" and len(reading.name.split()) == 1 and len(speaker.split()) > 1:
        return "surname"
    return "name"


def resolve_person_pronoun(pronoun: str, position: int, history: list[int], clusters: list[_Cluster],
                           last_position: dict[int, int], persons_named, paragraph_floor, cluster_of_name,
                           sentence_floor: int, text: str, is_known_person=lambda name: False, content: str = ""
                           ) -> tuple[int | None, str]:
    """The person a he/she/I refers to, and a reason when the choice is not clear ("" when it is).

    Candidates: the sources of earlier attributions, latest first (the subject of the previous attribution
    is preferred), and the persons named in narration after the last source. Only candidates whose gender
    agrees with the pronoun (or is unknown) qualify; never an organisation, a document or a fragment, and
    never a person the quote itself speaks of by surname (in 'He said, "Andy Warhol was a legend"' he is
    not Warhol).
    """
    wanted = PRONOUN_GENDER[pronoun]
    spoken_of = set(re.findall(r"[A-Z][\w’'-]+", content)) if pronoun != "i" else set()

    def agrees(cluster: int) -> bool:
        return wanted == "unknown" or clusters[cluster].gender in (wanted, "unknown")

    def spoken_of_in_quote(cluster: int) -> bool:
        return clusters[cluster].speaker.split()[-1] in spoken_of
    recent: list[int] = []
    floor = paragraph_floor(position)
    for cluster in history[:-RECENT_ATTRIBUTIONS - 1:-1]:   # a bounded look back: long articles stay linear
        if clusters[cluster].kind in ("person", "role") and cluster not in recent:
            if recent and last_position.get(cluster, -1) < floor:
                break
            recent.append(cluster)
    order = list(recent)
    if pronoun != "i":
        last_source = last_position.get(recent[0], -1) if recent else -1
        # the last source is of the other gender ('Mark Kelly and his wife Gabby Giffords ... "...," he said.
        # "...," she added'): the persons named since the paragraph before come before older sources
        disagrees = bool(recent) and not agrees(recent[0])
        if not recent or last_source < sentence_floor or disagrees:
            named = [name for name in persons_named(floor if disagrees else max(last_source, floor), position)
                     if looks_like_person(name, text) or is_known_person(name) or reads_as_full_name(name)
                     or _lone_first_name(name, text)]
            # the two nearest that agree with the pronoun (a named person of the other gender is no antecedent)
            candidates = [cluster_of_name(name) for name in named[:6]]
            order[:0] = [c for c in candidates if agrees(c) and not spoken_of_in_quote(c)][:2]
    order = [c for c in order if not spoken_of_in_quote(c)]
    if not order:
        return None, f"no earlier person for '{pronoun}'"

    agreeing = [c for c in dict.fromkeys(order) if agrees(c)]
    if not agreeing:
        return None, f"no earlier person agrees with '{pronoun}'"
    chosen = agreeing[0]
    others = [clusters[c].speaker for c in agreeing[1:]]
    if clusters[chosen].gender == "unknown" and wanted != "unknown" and others:
        return chosen, f"gender of {clusters[chosen].speaker} unknown; also possible: {others[0]}"
    if order[0] != chosen:
        return chosen, f"nearest person ({clusters[order[0]].speaker}) does not agree with '{pronoun}'"
    earlier_source = next((c for c in recent if c != chosen and agrees(c) and not spoken_of_in_quote(c)), None)
    if chosen not in recent and earlier_source is not None:
        # 'Smith said ... The plan was written by Jones. "...," he said': the person named since may be meant,
        # or the source who spoke before
        return chosen, (f"{clusters[chosen].speaker} is named after the last source; also possible: "
                        f"{clusters[earlier_source].speaker}")
    return chosen, ""


def _renumber_records(rows: list[dict]) -> list[dict]:
    ids: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r["start"]):
        if row["speaker"] and row["speaker"] not in ids:
            ids[row["speaker"]] = len(ids)
    for row in rows:
        row["speaker_id"] = ids.get(row["speaker"]) if row["speaker"] else None
    return rows


def renumber(quotes: pd.DataFrame) -> pd.DataFrame:
    """Speaker ids numbered 0, 1, ... in order of first appearance of each canonical speaker."""
    quotes = quotes.copy()
    ids: dict[str, int] = {}
    for speaker in quotes.sort_values("start")["speaker"]:
        if speaker and speaker not in ids:
            ids[speaker] = len(ids)
    quotes["speaker_id"] = pd.array([ids.get(s) if s else None for s in quotes["speaker"]], dtype="Int64")
    return quotes


def speaker_table(quotes: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """One row per speaker: ``speaker_id, speaker, side, mentions, n_quotes, n_direct, n_indirect`` (+ extras).

    ``n_quotes`` counts the voice (direct, indirect, mixed); ``n_indirect`` includes mixed quotes;
    reactions are counted apart in ``n_reactions``. ``mentions`` lists the distinct mentions in
    reading order.
    """
    records = quotes.to_dict("records") if isinstance(quotes, pd.DataFrame) else quotes
    speakers: dict[int, dict] = {}
    for row in sorted(records, key=lambda r: r["start"]):
        if not row["speaker"] or row["speaker_id"] is None or row["speaker_id"] is pd.NA:
            continue
        entry = speakers.setdefault(int(row["speaker_id"]), {
            "speaker_id": int(row["speaker_id"]), "speaker": row["speaker"], "side": "", "mentions": [],
            "n_quotes": 0, "n_direct": 0, "n_indirect": 0, "n_mixed": 0, "n_reactions": 0,
            "speaker_type": row.get("speaker_type") or "", "gender": row.get("gender") or "", "n_pronoun": 0,
            "n_uncertain": 0, "kind": "", "roles": []})
        entry["side"] = entry["side"] or row["side"]
        entry["n_pronoun"] += row.get("resolution") == "pronoun"
        entry["n_uncertain"] += bool(row.get("uncertain"))
        if row["mention"] and row["mention"] not in entry["mentions"]:
            entry["mentions"].append(row["mention"])
        kind = row["kind"]
        entry["n_quotes"] += kind in VOICE_KINDS
        entry["n_direct"] += kind == "direct"
        entry["n_indirect"] += kind in ("indirect", "mixed")
        entry["n_mixed"] += kind == "mixed"
        entry["n_reactions"] += kind == "reaction"
    for entry in speakers.values():
        readings = [read_mention(m) for m in entry["mentions"]]
        kinds = [r.kind for r in readings if r.kind != "pronoun"]
        entry["kind"] = "person" if "person" in kinds else (kinds[0] if kinds else "")
        entry["roles"] = sorted({role for r in readings for role in r.roles})
    frame = pd.DataFrame([speakers[k] for k in sorted(speakers)], columns=SPEAKER_COLUMNS + SPEAKER_EXTRA_COLUMNS)
    frame = frame.astype({**{c: int for c in ("speaker_id", "n_quotes", "n_direct", "n_indirect", "n_mixed",
                                              "n_reactions", "n_pronoun", "n_uncertain")},
                          **{c: "str" for c in ("speaker", "side", "kind", "speaker_type", "gender")}})
    return frame


# ---------------------------------------------------------------- corrections


def _check_corrections(corrections: Any) -> dict[str, Any]:
    if corrections is None:
        return {}
    if not isinstance(corrections, dict):
        raise ArticleError("corrections must be a JSON object with 'speakers' and/or 'drop_quotes'")
    speakers = corrections.get("speakers", {})
    if speakers is None:
        speakers = {}
    if not isinstance(speakers, dict):
        raise ArticleError("corrections: 'speakers' must be an object with 'rename', 'merge' and/or 'sides'")
    if not isinstance(speakers.get("rename", {}) or {}, dict) or not isinstance(speakers.get("sides", {}) or {}, dict):
        raise ArticleError("corrections: 'rename' and 'sides' must map speaker names to names")
    merge = speakers.get("merge", []) or []
    if not isinstance(merge, list) or not all(isinstance(pair, list) and len(pair) >= 2 for pair in merge):
        raise ArticleError("corrections: 'merge' must be a list of [keep, other, ...] lists of speaker names")
    for key in ("drop_quotes", "reassign"):
        if not isinstance(corrections.get(key, []) or [], list):
            raise ArticleError(f"corrections: '{key}' must be a list")
    return corrections


def _quote_selector(quotes: pd.DataFrame, selector: Any) -> pd.Series:
    """Rows picked by a quote id, ``{"quote_id": n}``, ``{"start": offset}`` or ``{"text": "words"}``."""
    if isinstance(selector, bool):
        raise ArticleError(f"corrections: {selector!r} does not name a quote")
    if isinstance(selector, int):
        return quotes["quote_id"] == selector
    if isinstance(selector, dict):
        if "quote_id" in selector:
            return quotes["quote_id"] == int(selector["quote_id"])
        if "start" in selector:
            return (quotes["start"] <= int(selector["start"])) & (int(selector["start"]) < quotes["end"].clip(lower=quotes["start"] + 1))
        if "text" in selector:
            return quotes["text"].str.contains(str(selector["text"]), regex=False)
    raise ArticleError(f"corrections: {selector!r} does not name a quote (use a quote_id, {{\"start\": offset}} or {{\"text\": ...}})")


def apply_corrections(quotes: pd.DataFrame, corrections: dict[str, Any] | None) -> pd.DataFrame:
    """Apply a corrections sidecar to a resolved quotes table.

    Format (every key optional)::

        {"drop_quotes": [3, {"start": 1234}, {"text": "words in the quote"}],
         "reassign": [{"quote_id": 5, "speaker": "Jane Roe"}],
         "speakers": {"rename": {"ministry spokesperson": "Jane Roe"},
                      "merge": [["Jane Roe", "the spokeswoman"]],
                      "sides": {"Jane Roe": "Ruritania"}}}

    Order: drop, reassign, rename, merge (the first name of each list is kept), sides. Quote ids
    refer to the table before corrections; ``start`` selects the quote containing that offset,
    which survives re-runs better. Names that match nothing give a warning, not an error.
    """
    corrections = _check_corrections(corrections)
    if not corrections:
        return quotes
    quotes = quotes.copy()
    quotes["corrected"] = False
    drop = pd.Series(False, index=quotes.index)
    for selector in corrections.get("drop_quotes", []) or []:
        picked = _quote_selector(quotes, selector)
        if not picked.any():
            warnings.warn(f"corrections: no quote matches drop_quotes entry {selector!r}", InputWarning, stacklevel=2)
        drop |= picked
    quotes = quotes[~drop]
    for entry in corrections.get("reassign", []) or []:
        if not isinstance(entry, dict) or "speaker" not in entry:
            raise ArticleError("corrections: each 'reassign' entry needs a quote selector and a 'speaker'")
        picked = _quote_selector(quotes, {k: v for k, v in entry.items() if k != "speaker"})
        quotes.loc[picked, "speaker"] = str(entry["speaker"])
        quotes.loc[picked, "corrected"] = True
    speakers = corrections.get("speakers", {}) or {}
    known = set(quotes["speaker"])
    for old, new in (speakers.get("rename", {}) or {}).items():
        if old not in known:
            warnings.warn(f"corrections: no speaker named {old!r} to rename", InputWarning, stacklevel=2)
        picked = quotes["speaker"] == old
        quotes.loc[picked, "speaker"] = str(new)
        quotes.loc[picked, "corrected"] = True
    for names in speakers.get("merge", []) or []:
        keep, *others = [str(name) for name in names]
        for other in others:
            picked = quotes["speaker"] == other
            if not picked.any():
                warnings.warn(f"corrections: no speaker named {other!r} to merge", InputWarning, stacklevel=2)
            quotes.loc[picked, "speaker"] = keep
            quotes.loc[picked, "corrected"] = True
    # a speaker keeps one side: the first non-empty one of its quotes, unless the corrections set it
    sides = {speaker: next((s for s in group["side"] if s), "") for speaker, group in quotes.groupby("speaker")}
    for speaker, side in (speakers.get("sides", {}) or {}).items():
        if speaker not in sides:
            warnings.warn(f"corrections: no speaker named {speaker!r} to set a side for", InputWarning, stacklevel=2)
        sides[speaker] = str(side)
        quotes.loc[quotes["speaker"] == speaker, "corrected"] = True
    quotes["side"] = [sides.get(s, "") if s else "" for s in quotes["speaker"]]
    quotes = renumber(quotes).reset_index(drop=True)
    return quotes


# ---------------------------------------------------------------- entry points


def attribute(text: str, corrections: dict[str, Any] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quotes with resolved speakers and sides, and the speakers table: ``(quotes, speakers)``."""
    records = resolve_records(text, quote_records(text))
    if not corrections:
        return quote_frame(records), speaker_table(records)
    quotes = apply_corrections(quote_frame(records), corrections)
    return quotes, speaker_table(quotes)


def attributed_records(text: str, corrections: dict[str, Any] | None = None) -> list[dict]:
    """The quotes of ``attribute`` as plain dicts (what corpora use: no DataFrame unless corrections need one)."""
    records = resolve_records(text, quote_records(text))
    if not corrections:
        return records
    return apply_corrections(quote_frame(records), corrections).to_dict("records")


def article_quotes(article: Article, args: Any = None) -> pd.DataFrame:
    """The quotes table of an article with its corrections sidecar applied (``python -m helpers quotes``)."""
    quotes, _speakers = attribute(article.text, article.sidecar("corrections"))
    return quotes


def article_speaker_table(article: Article, args: Any = None) -> pd.DataFrame:
    """The speakers table of an article with its corrections applied."""
    _quotes, speakers = attribute(article.text, article.sidecar("corrections"))
    return speakers
