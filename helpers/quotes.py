"""Quotes: quotation marks, cues, and direct / indirect / mixed / reaction spans.

``extract_quotes(text)`` finds every attribution in an article and returns one row per
quote with character offsets for its content, its cue and the mention of its source.
It does not decide *who* the source is across the article (pronouns, surnames, roles):
that is ``helpers.speakers.attribute``, which adds ``speaker``, ``speaker_id`` and ``side``.

The rules, in the order they run (each is a small function below):

1. **Quotation marks** are paired per paragraph (straight, curly, mixed, single quotes that
   are not apostrophes, ``''...''``); a quote inside a quote stays part of the outer one; a
   paragraph that opens a quote and does not close it continues into the next paragraph when
   that one reopens it, otherwise the quote ends with the paragraph and is flagged
   ``uncertain``. A stray closing mark never crashes: the quote starts at the paragraph start,
   flagged.
2. **Direct quotes** take the attribution next to them: after the closing mark
   (``"...," said X`` / ``"...," X said``), before the opening mark (``X said: "..."``,
   ``X said, "..."``, ``X: "..."``), or at the end of the previous paragraph (``X said:``).
3. **Reported speech**: every cue (a reporting verb from ``data/cue_verbs.txt``, "according
   to", an attitude verb from ``data/reaction_verbs.txt``) is tried against a few patterns:
   ``X said (that) CONTENT``, ``CONTENT, X said.``, ``CONTENT, said X.``, ``According to X,
   CONTENT``, ``X told reporters CONTENT``, ``X said: CONTENT``, ``..., saying CONTENT``.
   Content is the reported clause, up to the end of the sentence (or the next coordinated
   attribution). When that clause contains quotation marks the quote is ``mixed``.
4. **Reactions** (``X welcomed / condemned / reacted angrily to Y``) have the object as
   content and kind ``reaction``.
5. Quotes left without an attribution continue the previous speaker when they follow an
   attributed quote (the second half of a split quote, a quote running over paragraphs);
   a short quoted phrase with no speaker is a scare quote or title, not a quote; a longer
   one goes to the nearest preceding source, flagged ``uncertain``.

All patterns are bounded (no nested unbounded quantifiers), so the time is linear in the
length of the article. Nothing here knows any particular article.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import pandas as pd

from helpers.grammar import GRAMMAR
from helpers.resources import read_word_list
from helpers.segment import after_dateline, sentence_spans, paragraph_spans

QUOTE_COLUMNS = ["quote_id", "paragraph", "sentence", "kind", "text", "start", "end", "cue", "cue_start", "cue_end",
                 "speaker", "speaker_id", "mention", "mention_start", "mention_end", "side", "uncertain",
                 "speaker_type", "gender", "resolution", "uncertain_reason"]
# Extra columns after the contract: which rule fired, the apposition/descriptor of the mention,
# and for a quote with no attribution of its own, the quote whose source it continues.
EXTRA_COLUMNS = ["rule", "descriptor", "descriptor_start", "descriptor_end", "continues", "entity"]
KINDS = ("direct", "indirect", "mixed", "reaction")

# ---------------------------------------------------------------- lexicons


@lru_cache(maxsize=None)
def cue_lexicon() -> dict[str, str]:
    """Reporting-verb form -> class (speech | belief | finding | weak), from ``data/cue_verbs.txt``."""
    lexicon = {}
    for entry in read_word_list("cue_verbs.txt"):
        form, _, cls = entry.partition(" ")
        lexicon[form.lower()] = cls.strip() or "speech"
    return lexicon


@lru_cache(maxsize=None)
def reaction_lexicon() -> dict[str, str]:
    """Attitude-verb form -> the preposition it needs before its object ("" for none)."""
    lexicon = {}
    for entry in read_word_list("reaction_verbs.txt"):
        verb, _, preposition = entry.partition(" ")
        lexicon[verb.lower()] = preposition.strip()
    return lexicon


@lru_cache(maxsize=None)
def role_lexicon() -> dict[str, str]:
    """Role noun or title (lower case) -> person | group | document | title, from ``data/role_nouns.txt``."""
    lexicon = {}
    for entry in read_word_list("role_nouns.txt"):
        word, _, kind = entry.partition(" ")
        lexicon[word.lower()] = kind.strip()
    return lexicon


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """Every word of a ``helpers/data`` list (several forms may share a line)."""
    return frozenset(word.lower() for entry in read_word_list(name) for word in entry.split())


@lru_cache(maxsize=None)
def tell_verbs() -> frozenset[str]:
    """Reporting verbs that take an audience before their content ("told reporters", ``data/tell_verbs.txt``)."""
    return word_set("tell_verbs.txt")


@lru_cache(maxsize=None)
def cue_nouns() -> frozenset[str]:
    """Nouns that report content when a "that" clause follows (``data/cue_nouns.txt``)."""
    return word_set("cue_nouns.txt")


@lru_cache(maxsize=None)
def calling_verbs() -> frozenset[str]:
    """Verbs of characterising ("call X Y", ``data/calling_verbs.txt``)."""
    return word_set("calling_verbs.txt")


@lru_cache(maxsize=None)
def intention_verbs() -> frozenset[str]:
    """Verbs whose infinitive is reported content ("vowed to ...", ``data/intention_verbs.txt``)."""
    return word_set("intention_verbs.txt")


@lru_cache(maxsize=None)
def object_cue_verbs() -> frozenset[str]:
    """Reporting verbs whose noun-phrase object is reported content (``data/object_cue_verbs.txt``)."""
    return word_set("object_cue_verbs.txt")


@lru_cache(maxsize=None)
def not_speaker_labels() -> frozenset[str]:
    """Label words that are not a speaker (captions, credits, notes: ``data/not_speaker_labels.txt``)."""
    return word_set("not_speaker_labels.txt")


@lru_cache(maxsize=None)
def interviewer_labels() -> frozenset[str]:
    """Labels of the interviewer's turns (``data/interviewer_labels.txt``)."""
    return word_set("interviewer_labels.txt")


@lru_cache(maxsize=None)
def note_pattern() -> re.Pattern[str]:
    """A paragraph opening in the outlet's own voice ("Editor's note:"), from ``data/note_labels.txt``."""
    labels = sorted((entry.lower() for entry in read_word_list("note_labels.txt")), key=len, reverse=True)
    alternatives = "|".join(re.escape(label).replace("'", "['’]") for label in labels)
    return re.compile(rf"\W{{0,3}}(?:{alternatives})\b[^:\n]{{0,30}}:", re.IGNORECASE)


def note_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> set[int]:
    """Indexes of the paragraphs in the outlet's own voice (editor's notes, corrections, updates)."""
    pattern = note_pattern()
    return {index for index, (low, _high) in enumerate(paragraphs) if pattern.match(text, low)}


@lru_cache(maxsize=None)
def reaction_nouns() -> dict[str, frozenset[str]]:
    """Attitude noun -> the prepositions that introduce its object (``data/reaction_nouns.txt``)."""
    nouns: dict[str, set[str]] = {}
    for entry in read_word_list("reaction_nouns.txt"):
        noun, _, preposition = entry.partition(" ")
        nouns.setdefault(noun.lower(), set()).add(preposition.strip())
    return {noun: frozenset(prepositions) for noun, prepositions in nouns.items()}


@lru_cache(maxsize=None)
def cue_candidates() -> frozenset[str]:
    """Every lower-case word that can start an attribution: a sentence without one is not parsed."""
    return (frozenset(cue_lexicon()) | frozenset(reaction_lexicon()) | cue_nouns() | calling_verbs()
            | intention_verbs() | object_cue_verbs() | frozenset(reaction_nouns()) | {"according"})


BOUNDARY_WORDS = GRAMMAR.boundary_words
SKIP_BEFORE_CUE = GRAMMAR.adverbs_before_cue
LEADING_NOISE = GRAMMAR.leading_noise
DETERMINERS = GRAMMAR.determiners
PRONOUNS = GRAMMAR.pronoun_kinds
WEEKDAYS = "|".join(sorted(day.capitalize() for day in GRAMMAR.weekdays))
# Adverbials between a reporting verb and its content: "said on Tuesday", "said in a statement".
_ADVERBIAL = re.compile(
    r"\s*,?\s*(?:"
    rf"(?:on\s+|last\s+|this\s+|late\s+|early\s+)?(?:{WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|this|earlier\s+this|late\s+last|early\s+this)\s+(?:week|month|year|night|morning|weekend|spring|summer|autumn|fall|winter)"
    r"|yesterday|today|tonight|earlier|later|previously|again|also|repeatedly|publicly|privately|recently|separately|too"
    r"|(?:in|at|during|on|via|through|after|before|from)\s+(?:a|an|the|his|her|its|their|this)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:statements?|interviews?|briefings?|conferences?|posts?|letters?|reports?|speech|speeches|e-?mails?|tweets?"
    r"|messages?|releases?|announcements?|videos?|broadcasts?|address|meetings?|sessions?|hearings?|calls?"
    r"|appearances?|podcast|programme|program|show|rally|summit|communiqu[ée]|website|blog|op-ed|column|filing)"
    r"(?:\s+(?:with|to|on|by|from)\s+(?:the\s+)?[\w.’'-]+(?:\s+[A-Z][\w.’'-]*){0,3})?"
    r"|on\s+(?:Twitter|X|Facebook|Instagram|Telegram|television|TV|radio|social\s+media|state\s+television)"
    r"|in\s+(?:a\s+)?(?:written|televised|joint|separate)\s+\w+"
    r"|to\s+(?:reporters|journalists|the\s+press|the\s+media|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})"
    r")\b\s*,?")  # case-sensitive: "to Geneva" is a place, "to see" is not an adverbial
_WORD = re.compile(r"[^\W\d_][\w’'.-]*[^\W\d_]|[^\W\d_]")  # letters of any script ("Erdoğan")
_TRAILING_JUNK = " \t\r\n.,;:!?\"“”‘’'«»—–-"
_MARK = re.compile(r"``|''|[\"“”„«»‘’']")
OPEN_DOUBLE = {"“", "„", "«", "``"}
CLOSE_DOUBLE = {"”", "»"}
AMBIGUOUS_DOUBLE = {'"', "''"}


# ---------------------------------------------------------------- quotation marks


@dataclass
class Marked:
    """A stretch of text between quotation marks (``start``/``end`` exclude the marks)."""

    open_start: int
    start: int
    end: int
    close_end: int
    paragraph: int
    uncertain: bool = False
    open_at_end: bool = False      # the paragraph ended while the quote was open
    reopens: bool = False          # the paragraph reopens a quote left open by the previous one


def _mark_role(text: str, position: int, mark: str, low: int, high: int) -> tuple[str, str]:
    """(family, role) of a quotation mark: family ``d``ouble or ``s``ingle, role open | close | either | ''."""
    before = text[position - 1] if position > low else " "
    after_index = position + len(mark)
    after = text[after_index] if after_index < high else " "
    if mark in OPEN_DOUBLE:
        return "d", "open"
    if mark in CLOSE_DOUBLE:
        return "d", "close"
    opens = before.isspace() or before in "([{—–-/" or before in "“‘\"'"
    closes = after.isspace() or after in ".,;:!?)]}—–-/" or after in "”’\"'"
    if mark in AMBIGUOUS_DOUBLE:
        if opens and not closes:
            return "d", "open"
        if closes and not opens:
            return "d", "close"
        return "d", "either"
    # single marks: apostrophes inside words ("don't", "Trump’s") and after plurals are not quotes
    if before.isalnum() and after.isalnum():
        return "s", ""
    if mark == "‘":
        return ("s", "open") if not before.isalnum() else ("s", "")
    if opens and after.isalnum():
        return "s", "open"
    if closes and not before.isspace():
        return "s", "close"
    return "s", ""


NESTED_QUOTE_REACH = 60  # characters: a few words quoted inside a quote, as in 'The "United States" is not'


def _nested_straight_quote(text: str, after: int, high: int) -> int:
    """End of a short quote in straight marks nested in a quote of the same marks, or 0.

    Inside '"The "United States" is not holding them," he wrote' the mark before "United" opens (a space
    before it, a letter after), so it starts an inner quote when a closing mark follows within a few words
    of the same sentence and another mark is left to close the outer quote.
    """
    marks = (match for match in _MARK.finditer(text, after, min(high, after + NESTED_QUOTE_REACH + 2))
             if match.group() in AMBIGUOUS_DOUBLE)
    inner_close = next(marks, None)
    if inner_close is None or (text.find('"', inner_close.end(), high) < 0 and text.find("''", inner_close.end(), high) < 0):
        return 0   # no mark within reach to close the inner quote, or none left to close the outer one
    inside = text[after:inner_close.start()]
    _family, role = _mark_role(text, inner_close.start(), inner_close.group(), after, high)
    if role != "close" or len(inside) > NESTED_QUOTE_REACH or re.search(r"[.!?]\s", inside):
        return 0
    return inner_close.end()


def quotation_spans(text: str) -> list[Marked]:
    """Top-level quotations of ``text``, paragraph by paragraph; inner quotes stay inside outer ones."""
    found: list[Marked] = []
    for paragraph, (low, high) in enumerate(paragraph_spans(text)):
        outer: tuple[str, int, int] | None = None
        depth = nested_end = 0
        for match in _MARK.finditer(text, low, high):
            family, role = _mark_role(text, match.start(), match.group(), low, high)
            if not role:
                continue
            if outer is None:
                if role in ("open", "either"):
                    outer, depth = (family, match.start(), match.end()), 0
                elif family == "d" and match.start() > low:
                    # a closing mark with nothing open: take the paragraph start as the best reading
                    found.append(Marked(low, low, match.start(), match.end(), paragraph, uncertain=True))
                continue
            if family != outer[0] or match.start() < nested_end:
                continue  # a quote inside the quote (the other family of marks) belongs to the outer one
            if role == "open" and match.group() in AMBIGUOUS_DOUBLE:
                nested_end = _nested_straight_quote(text, match.end(), high)
                if nested_end:
                    continue
            if role == "open" and match.group() not in AMBIGUOUS_DOUBLE:
                depth += 1
            elif role in ("close", "either") or match.group() in AMBIGUOUS_DOUBLE:
                if depth:
                    depth -= 1
                    continue
                found.append(Marked(outer[1], outer[2], match.start(), match.end(), paragraph))
                outer = None
        if outer is not None:
            if outer[0] == "s":
                continue  # an unmatched single mark is far more often an apostrophe than a quote
            found.append(Marked(outer[1], outer[2], high, high, paragraph, open_at_end=True))
    # a quote left open continues only if the next paragraph reopens it; otherwise it is a guess
    firsts = {}
    for index, quote in enumerate(found):
        firsts.setdefault(quote.paragraph, index)
    spans = paragraph_spans(text)
    for quote in found:
        if not quote.open_at_end:
            continue
        following = firsts.get(quote.paragraph + 1)
        if following is not None and found[following].open_start == spans[quote.paragraph + 1][0]:
            found[following].reopens = True
        else:
            quote.uncertain = True
    return [quote for quote in found if text[quote.start:quote.end].strip()]


# ---------------------------------------------------------------- noun phrases


@dataclass
class Mention:
    """The words naming a source, with an optional apposition/descriptor after them."""

    start: int
    end: int
    descriptor_start: int | None = None
    descriptor_end: int | None = None


_WORDS_BACK_WINDOW = 120   # characters scanned at a time by ``_words_back`` (callers look a few words back)
_WORD_CHAR = re.compile(r"[\w’'.-]")


def _words_back(text: str, low: int, position: int) -> Iterator[re.Match[str]]:
    """Word matches of ``text[low:position]`` from right to left.

    Lazily, a window of about ``_WORDS_BACK_WINDOW`` characters at a time: callers look only a
    few words back, so a long sentence costs no more than a short one. Each window starts after
    a character no word can contain, so the matches are exactly those of one scan from ``low``.
    """
    end = position
    while end > low:
        start = max(low, end - _WORDS_BACK_WINDOW)
        while start > low and _WORD_CHAR.match(text, start - 1):
            start -= 1
        yield from reversed(list(_WORD.finditer(text, start, end)))
        end = start


def _rstrip_end(text: str, low: int, end: int) -> int:
    """``low + len(text[low:end].rstrip())`` without copying the slice."""
    while end > low and text[end - 1].isspace():
        end -= 1
    return end


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def looks_like_source(words: list[str]) -> bool:
    """A noun phrase that can be a source: a pronoun, something with a capitalized word, or a role noun."""
    if not words:
        return False
    lowered = [word.lower() for word in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return True
    if any(word in BOUNDARY_WORDS for word in lowered):
        return False
    roles = role_lexicon()
    head = lowered[-1].rstrip(".").removesuffix("’s").removesuffix("'s")
    if head in roles and roles[head] != "title":
        return True
    if len(words) <= 4 and any(roles.get(word) in ("person", "group") for word in lowered):
        return True   # "people familiar (with the matter)", "officials briefed (on the talks)"
    names = [word for word in words if _is_capitalized(word) and word.lower() not in DETERMINERS]
    # a capitalized head ("Jane Roe", "Egypt"), a role among the words, or a longer proper name
    # with a lower-case tail ("the National Weather service")
    return bool(names) and (_is_capitalized(words[-1]) or len(names) >= 2
                            or any(word.lower() in roles for word in words))


def _abbreviated(word: re.Match[str]) -> bool:
    """A word whose following dot is an abbreviation, not a sentence end ("Sen.", "Mr.", "J.", "U.S.")."""
    bare = word.group()
    return len(bare) == 1 or f"{bare.lower()}." in role_lexicon() or bool(_ABBREVIATION.search(bare))


def _sentence_break(text: str, start: int, end: int) -> bool:
    """A sentence end (., ! or ?) in ``text[start:end]`` that is not an abbreviation's dot."""
    for match in re.finditer(r"[.!?]", text[start:end]):
        if match.group() != ".":
            return True
        dot = start + match.start()
        words_before = list(_WORD.finditer(text, max(0, dot - 12), dot))
        if not words_before or words_before[-1].end() != dot or not _abbreviated(words_before[-1]):
            return True
    return False


def _finite(word: str) -> bool:
    """A verb form that can follow a subject ("said", "adds", "wrote"), not a base form that is also a noun ("state")."""
    return word.endswith(("ed", "s")) or word in ("told", "wrote", "thought", "found", "felt", "knew", "heard", "said")


# Characters that end the backward scan for a subject when they sit between two of its words.
_SUBJECT_GAP_STOPS = frozenset(",;:()[]—–\"“”«»")


def _trim_leading(text: str, words: list[re.Match[str]]) -> list[re.Match[str]]:
    while words and words[0].group().lower() in LEADING_NOISE:
        words = words[1:]
    return words


def subject_before(text: str, low: int, position: int) -> Mention | None:
    """The subject noun phrase that ends just before ``position`` (a cue), within ``text[low:position]``."""
    cursor = position
    # step back over adverbs and auxiliaries between subject and verb ("X has also said")
    for match in _words_back(text, low, position):
        if text[match.end():cursor].strip():
            break
        word = match.group().lower()
        if word in SKIP_BEFORE_CUE or (word.endswith("ly") and len(word) > 4 and not _is_capitalized(match.group())):
            cursor = match.start()
            continue
        break
    head_end = _rstrip_end(text, low, cursor)
    descriptor = None
    if head_end > low and text[head_end - 1] == ",":
        # "Name, the mayor of X, said": the apposition between two commas describes the name before it
        comma = text.rfind(",", low, head_end - 1)
        if comma <= low:
            return None
        apposition = text[comma + 1:head_end - 1].strip()
        first = apposition.split(" ", 1)[0].lower() if apposition else ""
        if not apposition or len(apposition.split()) > 16 or not (
                first in DETERMINERS or first.isdigit() or first in role_lexicon() or _is_capitalized(apposition)
                or first in ("who", "which") or (first.endswith("ing") and first.islower())):
            return None
        descriptor_start = text.find(apposition, comma + 1, head_end)
        descriptor = (descriptor_start, descriptor_start + len(apposition))
        head_end = comma
    words: list[re.Match[str]] = []
    for match in _words_back(text, low, head_end):
        gap = text[match.end():words[0].start() if words else head_end]
        if not _SUBJECT_GAP_STOPS.isdisjoint(gap) or (words and "'" in gap.strip() and gap.strip() not in ("'s", "’s")):
            break
        lowered = match.group().lower()
        if lowered in BOUNDARY_WORDS or (lowered in cue_lexicon() and lowered not in role_lexicon() and _finite(lowered)):
            if match.group().lower() == "who" and not words:
                # "X, who said ..." / "drafted by X who said ...": the subject is the antecedent of the pronoun
                before = _rstrip_end(text, low, match.start())
                if before > low and text[before - 1] == ",":
                    before = _rstrip_end(text, low, before - 1)
                return subject_before(text, low, before) if before > low else None
            break
        words.insert(0, match)
        if len(words) > 12:
            return None
    words = _trim_leading(text, words)
    for index, match in enumerate(words[1:], start=1):
        word = match.group()
        if word.endswith("ed") and word.islower() and word not in role_lexicon():
            words = words[:index]   # "the Courier published on Sunday" -> "the Courier"
            break
    if not words or not looks_like_source([word.group() for word in words]):
        return None
    mention = Mention(words[0].start(), _end_of_phrase(text, words[-1].end()))
    if descriptor:
        mention.descriptor_start, mention.descriptor_end = descriptor
        opening = _opening_name(text, low, mention.start)
        if opening is not None:   # "Cynthia Thompson, curator and director of ..., Fayetteville, said"
            return Mention(opening[0], opening[1], opening[1] + 2, descriptor[1])
    return mention


_OPENING_NAME = re.compile(r"\s*([A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3}),")


def _opening_name(text: str, low: int, before: int) -> tuple[int, int] | None:
    """A full name that opens the sentence and is followed by a comma, when a longer apposition runs from it
    to the cue: the source is that name, not the last phrase before the cue."""
    match = _OPENING_NAME.match(text, low, before)
    if not match or match.group(1).split()[0].lower() in DETERMINERS | GRAMMAR.prepositions | GRAMMAR.time_words:
        return None
    return match.start(1), match.end(1)


_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+[A-Z]\Z|\b(?:Jr|Sr|Inc|Ltd|Co|Corp)\Z")


def _end_of_phrase(text: str, end: int) -> int:
    """Extend a phrase end over an abbreviation's final dot ("the U.S.", "Smith Jr.")."""
    if end < len(text) and text[end] == "." and _ABBREVIATION.search(text, max(0, end - 12), end):
        return end + 1
    return end


def subject_after(text: str, position: int, high: int) -> Mention | None:
    """The noun phrase starting at ``position`` ("said [the spokesman]"), up to a comma or the sentence end."""
    words: list[re.Match[str]] = []
    for match in _WORD.finditer(text, position, high):
        gap = text[(words[-1].end() if words else position):match.start()]
        if any(char in gap for char in ",;:()[]—–\"“”«»!?") or (words and "." in gap and not _abbreviated(words[-1])):
            break
        lowered = match.group().lower()
        if lowered in BOUNDARY_WORDS - {"of"} or (words and lowered in cue_lexicon() and _finite(lowered)):
            break
        words.append(match)
        if len(words) > 10:
            return None
    if not words or not looks_like_source([word.group() for word in words]):
        return None
    if words[0].group().lower() in LEADING_NOISE:
        return None
    mention = Mention(words[0].start(), words[-1].end())
    rest = text[mention.end:high]
    if rest.startswith(",") and len(rest.split()) <= 16:
        descriptor = rest[1:].strip().rstrip(_TRAILING_JUNK)
        if descriptor:
            start = text.find(descriptor, mention.end, high)
            mention.descriptor_start, mention.descriptor_end = start, start + len(descriptor)
    return mention


# ---------------------------------------------------------------- content spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and sentence punctuation (and unbalanced marks) from both ends of a span."""
    while start < end and text[start] in " \t\r\n,;:—–-":
        start += 1
    while end > start and text[end - 1] in _TRAILING_JUNK:
        end -= 1
    return start, end


# ---------------------------------------------------------------- attributions


@dataclass
class Attribution:
    """One quote before speakers are resolved."""

    kind: str
    start: int
    end: int
    cue_start: int | None = None
    cue_end: int | None = None
    mention: Mention | None = None
    uncertain: bool = False
    rule: str = ""
    continues: int | None = None   # index (in the final order) of the quote it continues
    entity: str = ""   # the named-entity label of the mention's last word (PERSON, ORG, GPE, NORP, ...)


@dataclass
class _Sentence:
    paragraph: int
    index: int
    start: int
    end: int


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> int | None:
    """Index of the span containing ``position`` (spans sorted and disjoint), or None."""
    index = bisect_right(starts, position) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return index
    return None


def _cue_after_quote(text: str, quote: Marked, high: int) -> tuple[int, int, Mention] | None:
    """``"...," said X`` or ``"...," X said``: a cue and mention right after a closing mark.

    After a quote that ends with a full stop (``"...." She said the plan ...``) a new sentence
    begins: its cue attributes the quote only when nothing but the attribution follows.
    """
    cues = cue_lexicon()
    window_end = min(high, quote.close_end + 160)
    rest = text[quote.close_end:window_end]
    lead = len(rest) - len(rest.lstrip(" ,—–-"))
    position = quote.close_end + lead
    words = list(_WORD.finditer(text, position, window_end))
    if not words or words[0].start() != position:
        return None
    inside = text[quote.start:quote.end].rstrip()
    full_stop = inside.endswith(".") and not inside.endswith("...")
    found = None
    first = words[0]
    if first.group().lower().endswith("ing"):
        return None   # '"...", adding Iran will ...': a participle shares the main clause's subject
    if first.group().lower() in cues and cues[first.group().lower()] != "finding" and first.group().islower():
        end = _sentence_end(text, first.end(), high)
        mention = subject_after(text, first.end(), end)
        opening = text[mention.start:mention.end].split()[0] if mention else ""
        if mention and not (opening.islower() and (opening in cues or opening in GRAMMAR.prepositions)):
            found = first.start(), first.end(), mention   # not '"suckers" comment reported in The Atlantic
    else:
        # "X said" / "X told reporters": find the cue within the next few words
        for match in words[1:10]:
            word = match.group()
            if word.lower() in cues and cues[word.lower()] != "finding" and word.islower():
                mention = subject_before(text, position, match.start())
                if mention and mention.start == position and _opens_a_subject(text[mention.start:mention.end]):
                    found = match.start(), match.end(), mention
                break
            if any(char in text[first.start():match.start()] for char in ";\"“”") or \
                    _sentence_break(text, first.start(), match.start()):
                break
    if found is None:
        return None
    if full_stop:
        tail_start = max(found[1], found[2].descriptor_end or found[2].end)
        tail = text[tail_start:_sentence_end(text, tail_start, high)]
        adverbial = _ADVERBIAL.match(tail)
        if (tail[adverbial.end():] if adverbial else tail).strip(_TRAILING_JUNK):
            return None
    return found


def _opens_a_subject(mention: str) -> bool:
    """Whether a phrase can name a source after a quote: a name, a pronoun, a determiner or a number opens it
    (not "reads an AEW press" before "release", nor "in The Atlantic")."""
    first = mention.split()[0] if mention.split() else ""
    return first[:1].isupper() or first[:1].isdigit() or first.lower() in DETERMINERS or first.lower() in PRONOUNS


def _sentence_end(text: str, position: int, high: int) -> int:
    """End of the sentence starting before ``position`` (the next ., ! or ? followed by space or end,
    not an abbreviation's dot)."""
    for match in re.finditer(r"[.!?](?=[\s\"”’']|$)", text[position:high]):
        end = position + match.end()
        if _sentence_break(text, end - 1, end):
            return end
    return high


_OBJECT_OF_PREPOSITION = re.compile(r"[a-z]+ (?:to|at|for|with|from) $")   # "contributor to " before a name


def _cue_before_quote(text: str, quote: Marked, low: int) -> tuple[int, int, Mention] | None:
    """``X said: "..."``, ``X said, "..."``, ``X told reporters that "..."`` or ``X: "..."``."""
    before = text[low:quote.open_start].rstrip()
    end = low + len(before)
    if end <= low:
        return None
    colon = before.endswith(":")
    if before.endswith((":", ",")):
        end -= 1
    trimmed = text[low:end].rstrip()
    end = low + len(trimmed)
    if trimmed.endswith(" that"):
        end -= 5
    cues = cue_lexicon()
    # walk back over an adverbial ("said in a statement") or an audience ("told reporters")
    words = list(_words_back(text, max(low, end - 90), end))
    for count, match in enumerate(words[:8]):
        word = match.group().lower()
        if word in cues:
            between = text[match.end():end]
            if between.strip() and not (_ADVERBIAL.fullmatch(between) or word in tell_verbs() and len(between.split()) <= 4
                                        and not re.search(r"[.;!?]", between)):
                return None
            if word.endswith("ing") and text[max(low, match.start() - 2):match.start()].strip() == ",":
                return None   # '..., stating "..."': the participle shares the main clause's subject (the parse's)
            mention = subject_before(text, low, match.start())
            if mention and _opens_a_subject(text[mention.start:mention.end]) and not _OBJECT_OF_PREPOSITION.search(
                    text, max(low, mention.start - 12), mention.start):
                return match.start(), match.end(), mention
            return None   # "X of Y and contributor to Slate wrote": "Slate" is no subject; the parse reads it
    if colon:
        # "Jane Roe: "...": a name and a colon, no verb, with nothing before the name in the sentence
        mention = subject_before(text, low, end)
        words = text[mention.start:mention.end].split() if mention else []
        # a name, not a clause ("Trump took a parting shot on Twitter:", "Trump's statement read:"), which the
        # parse reads instead
        if mention and mention.start == low and words[0][:1].isupper() and not any(
                word[:1].islower() and word not in GRAMMAR.name_particles for word in words[1:]) \
                and not words[-1].endswith(("'s", "’s")) and not any(w.endswith(("'s", "’s")) for w in words[:-1]):
            return end, end + 1, mention
    return None


_LABEL_LINE = re.compile(r"([A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|de|van|von|al|bin|da|di|la|le)){0,4})"
                         r"(?:,[ \t]*([^:\n\"“”]{2,80}?))?[ \t]*:[ \t]*(?=[\"“'‘«])")


def _label_line(text: str, quote: Marked, low: int) -> Attribution | None:
    """``Howard Kurtz, Fox News: "..."``: a paragraph that opens with a name (and affiliation) and a colon."""
    match = _LABEL_LINE.match(text, low)
    if not match or match.end() != quote.open_start:
        return None
    words = {w.lower().strip(".’'s") for w in match.group(1).split()}
    if words & not_speaker_labels() or match.group(1).lower() in interviewer_labels():
        return None
    first = match.group(1).split()[0].lower()
    affiliation = (match.group(2) or "").split()
    if affiliation and affiliation[-1].lower() in cue_lexicon():
        return None   # "Jane Roe, the mayor of Lima, said: ..." has a reporting verb: a sentence, not a label
    if first in GRAMMAR.prepositions or words & (GRAMMAR.time_words | GRAMMAR.months):
        return None   # "On Wednesday, Braverman told GB News: ..." is a sentence, not a label
    mention = Mention(match.start(1), match.end(1))
    if match.group(2):
        mention = Mention(match.start(1), match.end(1), match.start(2), match.end(2))
    colon = text.index(":", match.end(2) if match.group(2) else match.end(1))
    return Attribution("direct", quote.start, quote.end, colon, colon + 1, mention, quote.uncertain, "label-line")


def _direct_attributions(text: str, quotes: list[Marked], paragraphs: list[tuple[int, int]],
                         sentence_of: callable) -> dict[int, Attribution]:
    """Attributions of direct quotes found next to their marks (after, before, previous paragraph's colon)."""
    found: dict[int, Attribution] = {}
    for index, quote in enumerate(quotes):
        low, high = paragraphs[quote.paragraph]
        label = _label_line(text, quote, low)
        if label:
            found[index] = label
            continue
        sentence_low = sentence_of(quote.open_start)
        after = _cue_after_quote(text, quote, high) if quote.close_end < high else None
        if after:
            found[index] = Attribution("direct", quote.start, quote.end, after[0], after[1], after[2],
                                       quote.uncertain, "quote-then-cue")
            continue
        before = _cue_before_quote(text, quote, max(low, sentence_low))
        if before:
            ended = text[quote.start:quote.end].rstrip().endswith((".", "!", "?"))  # the sentence ends inside the marks
            tail = "" if ended else text[quote.close_end:_sentence_end(text, quote.close_end, high)].strip(" .,!?;")
            if len(tail.split()) <= 3:
                found[index] = Attribution("direct", quote.start, quote.end, before[0], before[1], before[2],
                                           quote.uncertain, "cue-then-quote")
                continue
        if quote.open_start == low and quote.paragraph > 0:
            previous_low, previous_high = paragraphs[quote.paragraph - 1]
            if text[previous_low:previous_high].rstrip().endswith(":"):
                fake = Marked(previous_high, previous_high, previous_high, previous_high, quote.paragraph - 1)
                before = _cue_before_quote(text, fake, max(previous_low, sentence_of(previous_high - 1)))
                if before:
                    found[index] = Attribution("direct", quote.start, quote.end, before[0], before[1], before[2],
                                               quote.uncertain, "colon-previous-paragraph")
    return found


# What a relay can pass on: another source's statement, or its reaction ("he noted that the parliament
# rejected the deal": the parliament's reaction, reported by him)
RELAYED = frozenset({("indirect", "clause"), ("reaction", "reaction")})


def _relays(text: str, outer: Attribution, inner: Attribution, before_inner: str) -> bool:
    """Whether ``outer``'s content is ``inner``, another named source's statement ("Reuters reported a
    government source said X"): the outer verb passes statements on (``data/relay_verbs.txt`` or "according
    to"; not "denied that X said"), and its content opens with the inner source, named (not a pronoun: "X said he told them"
    keeps X), whose speech verb ("said", "told", not "shows" or "complained of"; no "would say") takes a clause,
    or whose reaction it is ("she noted that the parliament rejected the deal")."""
    if inner.mention is None or (inner.kind, inner.rule) not in RELAYED or outer.kind != "indirect" \
            or None in (inner.cue_start, inner.cue_end, outer.cue_start, outer.cue_end) \
            or inner.mention.start < outer.start:
        return False
    if outer.rule != "according-to" and text[outer.cue_start:outer.cue_end].lower() not in word_set("relay_verbs.txt"):
        return False
    cue = text[inner.cue_start:inner.cue_end].lower()
    named = text[inner.mention.start:inner.mention.end].lower() not in PRONOUNS
    before_cue = text[inner.mention.end:inner.cue_start].lower().split()[-2:]   # "would say", "would later say"
    asserted = not any(word in GRAMMAR.modals or word == "to" for word in before_cue)
    # the clause follows its verb ("told reporters on Monday that X"), not a long way after it (a misparse)
    near = len(text[inner.cue_end:inner.start].split()) <= 5
    spoken = inner.kind == "reaction" or cue_lexicon().get(cue) == "speech"
    return named and asserted and near and spoken and bool(re.fullmatch(r"\s*(?:that\s+)?", before_inner))


def _resolve_overlaps(text: str, found: list[Attribution]) -> list[Attribution]:
    """Keep coordinated attributions ("X said A, and Y said B"), drop cues nested in another's content."""
    found.sort(key=lambda a: a.cue_start)
    kept: list[Attribution] = []
    for attribution in found:
        nested = None
        for other in kept:
            if other.start <= attribution.cue_start < other.end:
                nested = other
                break
        if nested is None:
            kept.append(attribution)
            continue
        if attribution.rule == "participle":
            # "X said A, adding that B": A ends before the comma, B is a second quote of X
            comma = text.rfind(",", nested.start, attribution.cue_start)
            if comma > nested.start:
                nested.start, nested.end = _trim(text, nested.start, comma)
                kept.append(attribution)
            continue
        left = text[nested.start:attribution.mention.start] if attribution.mention else ""
        if _relays(text, nested, attribution, left):
            # "Reuters reported a government source said X": a relay, and two attributions: the outlet reported,
            # and the original speaker said X
            kept.append(attribution)
            continue
        coordinated = re.search(r"(?:,\s*(?:and|but|while|whereas)|;|, and that)\s*$", left)
        if coordinated and attribution.mention and attribution.mention.start > nested.start:
            nested.start, nested.end = _trim(text, nested.start, nested.start + coordinated.start())
            kept.append(attribution)
    return [a for a in kept if a.end > a.start]


def _interview_turns(text: str, paragraphs: list[tuple[int, int]]) -> list[Attribution]:
    """``Name: answer`` paragraphs of an interview: one direct quote per turn, questions skipped."""
    turns = []
    pattern = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s?:\s+(?=\S)")
    labelled = [pattern.match(text, low, high) for low, high in paragraphs]
    if sum(1 for match in labelled if match) < 3:
        return turns  # a few "Label:" lines are headings or lists, not an interview
    for (low, high), match in zip(paragraphs, labelled):
        if not match:
            continue
        label = match.group(1)
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", label)}
        if label.lower() in interviewer_labels() or len(label.split()) > 4 or words & not_speaker_labels() \
                or re.search(r"[a-z](?:Image|Photo)$|\.", label):
            continue  # questions, captions ("Jane Roe Image: ..."), notes ("Update: ...")
        start, end = _trim(text, match.end(), high)
        if start < end:
            colon = text.index(":", match.end(1) - 1)
            turns.append(Attribution("direct", start, end, colon, colon + 1,
                                     Mention(match.start(1), match.end(1)), rule="interview-turn"))
    return turns


def needs_parse(text: str, start: int, end: int) -> bool:
    """Whether a sentence can hold an attribution the parse rules find: a cue candidate word or a colon, or a
    quotation followed by a few words that may attribute it ("..., Roe gushed."); and it is mostly words (a run
    of marks or symbols has nothing to parse and would cost the parser one token per character)."""
    from helpers.syntax import mostly_words

    if not mostly_words(text, start, end):
        return False
    words = [match.group() for match in _WORD.finditer(text, start, end)]
    candidates = cue_candidates()
    if ":" in text[start:end] or any(word.lower() in candidates for word in words):
        return True
    if _OPENED_AFTER_COMMA.search(text, start, end):   # "Graham spoke on Fox News, "...""
        return True
    closing = max(text.rfind(mark, start, end) for mark in ('"', "”", "»"))
    return closing >= start and 2 <= len(_WORD.findall(text, closing, end)) <= 8


_OPENED_AFTER_COMMA = re.compile(r"\w,\s*[\"“«]")


def _reported_speech(text: str, sentences: list[_Sentence], skip: callable) -> tuple[list[Attribution], list]:
    """Reported speech, reactions and "according to" of every sentence that may hold one, from the parse;
    and the parsed sentences (``helpers.syntax.Parsed``), which the direct-quote rules read too."""
    from helpers.clauses import sentence_attributions
    from helpers.syntax import parse_spans

    spans = [piece for s in sentences if needs_parse(text, s.start, s.end)
             for piece in _semicolon_clauses(text, after_dateline(text, s.start, s.end), s.end)]
    found: list[Attribution] = []
    parsed_sentences = parse_spans(text, spans, lemmas=False)
    for parsed in parsed_sentences:
        found.extend(_resolve_overlaps(text, sentence_attributions(text, parsed, skip)))
    return found, parsed_sentences


def _semicolon_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut at its semicolons outside quotation marks, for the parser: "he claimed X; Redouane
    claimed Y" are two statements, and the small parser often hangs one inside the other."""
    pieces, low = [], start
    for match in re.finditer(";", text[start:end]):
        at = start + match.start()
        before = text[low:at]
        after = text[at + 1:end].split()
        if before.count('"') % 2 or before.count("“") != before.count("”") or len(before.split()) < 3 \
                or len(after) < 3 or not (after[0][:1].isupper() or after[0].lower() in GRAMMAR.clause_openers):
            continue   # "Roe criticized the plan; blamed the council": one subject for both, one clause
        pieces.append((low, at + 1))
        low = at + 1
    pieces.append((low, end))
    return pieces


def _quotes_from_clauses(text: str, marked: list[Marked], direct: dict[int, Attribution],
                         reported: list[Attribution]) -> None:
    """A reported clause made of quotations only ("X said, telling the paper: \"...\"", 'X was quoted as saying
    "..." and "..."') becomes those direct quotes, with the clause's cue and source."""
    starts = {position: index for index, quote in enumerate(marked) for position in (quote.open_start, quote.start)}
    taken: set[int] = set()
    for attribution in reported:
        index = starts.get(attribution.start)
        if index is None or attribution.kind == "reaction":
            continue
        # 'quoted Roe as saying "..." and "..."': quotations joined by "and" are each a direct quote (one
        # that already has its attribution keeps it; the clause then says nothing more)
        run = [index]
        while run[-1] + 1 < len(marked) and re.fullmatch(
                r"\s*(?:,|,?\s*and)\s*", text[marked[run[-1]].close_end:marked[run[-1] + 1].open_start]):
            run.append(run[-1] + 1)
        while len(run) > 1 and attribution.end <= marked[run[-1]].open_start:
            run.pop()   # the clause ends before this quotation
        quote = marked[run[-1]]
        if attribution.end > quote.close_end + 1:
            continue   # the clause goes on after the quotation: mixed content, not a direct quote
        for position in (position for position in run if position not in direct):   # a later one may have its own
            part = marked[position]
            direct[position] = Attribution("direct", part.start, part.end, attribution.cue_start, attribution.cue_end,
                                           attribution.mention, part.uncertain, "parsed-" + attribution.rule)
        taken.add(id(attribution))
    reported[:] = [attribution for attribution in reported if id(attribution) not in taken]


def _may_name(mention: str) -> bool:
    """Whether a mention holds a capitalised word other than a determiner or pronoun ("Reuters", "the UN
    agency"), the only mentions whose entity label the speakers step reads ("he", "officials" are not)."""
    return any(word[:1].isupper() and word.lower() not in DETERMINERS and word.lower() not in PRONOUNS
               for word in mention.split())


def _label_entities(text: str, attributions: list[Attribution], parsed: list) -> None:
    """Give each mention the named-entity label of its last word, where the recogniser finds an entity there.
    The recogniser runs only on the sentences that hold a mention."""
    from helpers.syntax import add_entities

    starts = [p.start for p in parsed]
    holding = {bisect_right(starts, a.mention.start) - 1 for a in attributions
               if a.mention is not None and _may_name(text[a.mention.start:a.mention.end])}
    add_entities(text, [parsed[index] for index in sorted(holding) if index >= 0
                        and parsed[index].start + len(parsed[index].doc.text) > 0])
    entities = sorted((p.start + e.start_char, p.start + e.end_char, e.label_) for p in parsed for e in p.doc.ents)
    starts = [e[0] for e in entities]
    for attribution in attributions:
        mention = attribution.mention
        if mention is None:
            continue
        last = mention.end - 1
        index = bisect_right(starts, last) - 1
        if index >= 0 and entities[index][0] <= last < entities[index][1] and entities[index][1] > mention.start:
            attribution.entity = entities[index][2]


def _quotes_after_verbs(text: str, marked: list[Marked], direct: dict[int, Attribution], parsed: list,
                        covered: set[int]) -> None:
    """``Graham spoke on Fox News, "..."``: a quotation after a clause of any verb and a comma or colon."""
    from helpers.clauses import speaker_before_quote

    starts = [p.start for p in parsed]
    for index, quote in enumerate(marked):
        if index in direct or index in covered:
            continue
        at = bisect_right(starts, quote.open_start) - 1
        if at < 0 or parsed[at].start + len(parsed[at].doc.text) < quote.open_start:
            continue
        sentence_end = parsed[at].start + len(parsed[at].doc.text)
        if len(text[quote.start:quote.end].split()) < 4 or text[quote.close_end:sentence_end].strip(" .,;!?\"”'’"):
            continue   # a term in quotation marks inside narration ("rigged polls"), not a quote the clause introduces
        found = speaker_before_quote(text, parsed[at], quote.open_start)
        if found is not None:
            cue_start, cue_end, mention = found
            direct[index] = Attribution("direct", quote.start, quote.end, cue_start, cue_end, mention,
                                        quote.uncertain, "verb-then-quote")


def _quotes_before_verbs(text: str, marked: list[Marked], direct: dict[int, Attribution], parsed: list) -> None:
    """``"...," Clinton gushed.``: a quotation followed by a subject and any verb that ends the sentence."""
    from helpers.clauses import speaker_after_quote

    starts = [p.start for p in parsed]
    for index, quote in enumerate(marked):
        if index in direct:
            continue
        at = bisect_right(starts, quote.close_end) - 1
        if at < 0 or parsed[at].start + len(parsed[at].doc.text) < quote.close_end:
            continue
        found = speaker_after_quote(text, parsed[at], quote.close_end)
        if found is not None:
            cue_start, cue_end, mention = found
            direct[index] = Attribution("direct", quote.start, quote.end, cue_start, cue_end, mention,
                                        quote.uncertain, "quote-then-verb")


def find_attributions(text: str) -> list[Attribution]:
    """Every quote of ``text`` (sorted by position), with cue and mention spans but no resolved speaker."""
    from helpers.syntax import forget_entities

    forget_entities()
    paragraphs = paragraph_spans(text)
    sentence_rows = [_Sentence(p, i, s, e) for i, (p, s, e) in enumerate(sentence_spans(text))]
    sentence_starts = [row.start for row in sentence_rows]

    def sentence_of(position: int) -> int:
        index = max(0, bisect_right(sentence_starts, position) - 1)
        return sentence_rows[index].start if sentence_rows else 0

    marked = quotation_spans(text)
    mark_spans = [(quote.open_start, quote.close_end) for quote in marked]
    mark_starts = [span[0] for span in mark_spans]
    notes = note_paragraphs(text, paragraphs)
    marked = [quote for quote in marked if quote.paragraph not in notes]

    def in_quote(position: int) -> bool:
        return _inside(mark_spans, mark_starts, position) is not None

    direct = _direct_attributions(text, marked, paragraphs, sentence_of)
    consumed = {a.cue_start for a in direct.values() if a.cue_start is not None}
    turns = _interview_turns(text, paragraphs)
    turn_paragraphs = {bisect_right([p[0] for p in paragraphs], turn.start) - 1 for turn in turns}
    reported, parsed = _reported_speech(text, [s for s in sentence_rows
                                               if s.paragraph not in turn_paragraphs and s.paragraph not in notes],
                                        lambda position: position in consumed or in_quote(position))
    _quotes_from_clauses(text, marked, direct, reported)
    _quotes_before_verbs(text, marked, direct, parsed)
    # quotation marks inside reported content make it mixed; those marks are not quotes of their own
    covered: set[int] = set()
    by_open = sorted(range(len(marked)), key=lambda index: (marked[index].open_start, index))
    open_starts = [marked[index].open_start for index in by_open]
    for attribution in reported:
        # only marks opening inside the content can lie inside it (close_end >= open_start)
        first = bisect_left(open_starts, attribution.start)
        last = bisect_right(open_starts, attribution.end + 1)
        inner = sorted(index for index in by_open[first:last]
                       if marked[index].close_end <= attribution.end + 1 and index not in direct)
        if inner and attribution.kind == "indirect":
            attribution.kind = "mixed"
        attribution.uncertain = attribution.uncertain or any(marked[index].uncertain for index in inner)
        covered.update(inner)
    _quotes_after_verbs(text, marked, direct, parsed, covered)
    _label_entities(text, list(direct.values()) + reported, parsed)
    attributions = list(direct.values()) + reported + turns
    attributions.extend(_unattributed(text, marked, direct, covered, reported, paragraphs, turn_paragraphs))
    attributions.sort(key=lambda a: (a.start, a.end))
    return attributions


def _unattributed(text: str, marked: list[Marked], direct: dict[int, Attribution], covered: set[int],
                  reported: list[Attribution], paragraphs: list[tuple[int, int]], turn_paragraphs: set[int]
                  ) -> list[Attribution]:
    """Quotes with no attribution of their own: continuations of the previous speaker, or guesses."""
    extra: list[Attribution] = []
    previous: Attribution | None = None
    previous_quote: Marked | None = None
    # "McGurk also criticized the decision. "The statement ..."": a reaction's source may go on in quotes
    sources = sorted(reported, key=lambda a: a.start)
    source_starts = [a.start for a in sources]
    # a paragraph that leaves its quote open for the next one to reopen shares that quote's attribution
    # ("...first paragraph / "...second," she said.)
    forward: dict[int, Attribution] = {}
    for index in range(len(marked) - 2, -1, -1):
        if index not in direct and marked[index].open_at_end and marked[index + 1].reopens:
            following = direct.get(index + 1) or forward.get(index + 1)
            if following is not None:
                forward[index] = following
    for index, quote in enumerate(marked):
        if index in direct:
            previous, previous_quote = direct[index], quote
            continue
        if index in forward and index not in covered:
            attribution = Attribution("direct", quote.start, quote.end, uncertain=quote.uncertain, rule="continued-by-next")
            attribution.continues = id(forward[index])
            extra.append(attribution)
            previous, previous_quote = attribution, quote
            continue
        if index in covered or quote.paragraph in turn_paragraphs:
            continue
        words = len(text[quote.start:quote.end].split())
        close_follow = previous_quote is not None and (
            previous_quote.paragraph == quote.paragraph
            or (previous_quote.paragraph == quote.paragraph - 1 and (quote.reopens or quote.open_start == paragraphs[quote.paragraph][0])))
        content = text[quote.start:quote.end].strip()
        preceding = text[paragraphs[quote.paragraph][0]:quote.open_start].rstrip()
        at_sentence_start = not preceding or preceding[-1] in ".!?:”\"’"
        if content[:1].islower() and not at_sentence_start and not quote.reopens:
            continue  # a fragment inside a sentence with no cue: a scare quote or a title
        # a quoted stretch that does not end like speech ("Document found on street") is a title or a name
        sentence_like = content.endswith((".", "!", "?", ",", "…", ";", ":", "—", "-"))
        # sources that spoke after the previous quote, in this quote's paragraph, named other than by a pronoun
        low = max(previous_quote.close_end, paragraphs[quote.paragraph][0]) if previous_quote else quote.open_start
        between = [a for a in sources[bisect_left(source_starts, low):bisect_left(source_starts, quote.open_start)]
                   if a.end <= quote.open_start and a.mention is not None
                   and text[a.mention.start:a.mention.end].lower() not in PRONOUNS] if not quote.reopens else []
        if previous is not None and close_follow and between and sentence_like:
            # 'Haley wrote, "...". McGurk also criticized the decision. "The statement ..."': another source spoke
            # in between; the quote goes on from that source, flagged as a guess
            attribution = Attribution("direct", quote.start, quote.end, uncertain=True, rule="nearest-source")
            attribution.continues = id(between[-1])
            extra.append(attribution)
            previous, previous_quote = attribution, quote
            continue
        if previous is not None and close_follow and (sentence_like or quote.reopens):
            attribution = Attribution("direct", quote.start, quote.end, uncertain=quote.uncertain, rule="continues")
            attribution.continues = id(previous)  # replaced by a quote index in extract_quotes
            extra.append(attribution)
            previous, previous_quote = attribution, quote
            continue
        if words < 5 or not sentence_like:
            continue  # a scare quote, a title or a name in quotation marks
        # the nearest source before it in the same or previous paragraph, flagged as a guess
        floor = paragraphs[max(0, quote.paragraph - 1)][0]
        nearest = None
        for position in range(bisect_right(source_starts, quote.open_start) - 1, -1, -1):
            if sources[position].start < floor:
                break
            if sources[position].start < quote.open_start:   # its content may run on into this quote
                nearest = sources[position]
                break
        attribution = Attribution("direct", quote.start, quote.end, uncertain=True, rule="nearest-source")
        if nearest is not None:
            attribution.continues = id(nearest)
        elif previous is not None:
            attribution.continues = id(previous)
        extra.append(attribution)
        previous, previous_quote = attribution, quote
    return extra


def _sentence_index(starts: list[int], position: int) -> int:
    return max(0, bisect_right(starts, position) - 1)


def quote_records(text: str) -> list[dict]:
    """The rows of ``extract_quotes`` as plain dicts (None where an offset is missing)."""
    attributions = find_attributions(text)
    spans = sentence_spans(text)
    starts = [start for _paragraph, start, _end in spans]
    ids = {id(a): number for number, a in enumerate(attributions)}
    rows = []
    for number, a in enumerate(attributions):
        sentence = _sentence_index(starts, a.start) if starts else 0
        mention = a.mention
        mention_text = text[mention.start:mention.end] if mention else ""
        has_descriptor = mention is not None and mention.descriptor_start is not None
        rows.append({
            "quote_id": number,
            "paragraph": spans[sentence][0] if spans else 0,
            "sentence": sentence,
            "kind": a.kind,
            "text": text[a.start:a.end],
            "start": a.start,
            "end": a.end,
            "cue": text[a.cue_start:a.cue_end] if a.cue_start is not None else "",
            "cue_start": a.cue_start,
            "cue_end": a.cue_end,
            "speaker": mention_text,
            "speaker_id": None,
            "mention": mention_text,
            "mention_start": mention.start if mention else None,
            "mention_end": mention.end if mention else None,
            "side": "",
            "uncertain": bool(a.uncertain),
            "speaker_type": "",
            "gender": "",
            "resolution": "",
            "uncertain_reason": "",
            "rule": a.rule,
            "descriptor": text[mention.descriptor_start:mention.descriptor_end] if has_descriptor else "",
            "descriptor_start": mention.descriptor_start if has_descriptor else None,
            "descriptor_end": mention.descriptor_end if has_descriptor else None,
            "entity": a.entity,
            "continues": ids.get(a.continues) if a.continues is not None else None,
        })
    return rows


STRING_COLUMNS = ("kind", "text", "cue", "speaker", "mention", "side", "rule", "descriptor", "entity", "speaker_type",
                  "gender", "resolution", "uncertain_reason")
NULLABLE_COLUMNS = ("cue_start", "cue_end", "mention_start", "mention_end", "speaker_id", "descriptor_start",
                    "descriptor_end", "continues")


def quote_frame(rows: list[dict]) -> pd.DataFrame:
    """A quotes DataFrame with the contract's columns first and nullable integer offsets."""
    columns = QUOTE_COLUMNS + EXTRA_COLUMNS
    data = {column: [row.get(column) for row in rows] for column in columns}
    for column in NULLABLE_COLUMNS:
        data[column] = pd.array([None if v is None or v is pd.NA or v != v else int(v) for v in data[column]],
                                dtype="Int64")
    for column in STRING_COLUMNS:
        data[column] = pd.Series(data[column], dtype="str")   # also when there are no quotes
    frame = pd.DataFrame(data, columns=columns)
    for column in ("quote_id", "paragraph", "sentence", "start", "end"):
        frame[column] = frame[column].astype(int)
    frame["uncertain"] = frame["uncertain"].astype(bool)
    return frame


def extract_quotes(text: str) -> pd.DataFrame:
    """One row per quote of ``text`` (the contract's columns; ``speaker`` is the raw mention here).

    ``helpers.speakers.attribute`` fills in canonical speakers, ids and sides.
    """
    return quote_frame(quote_records(text))
