"""Reported speech on the dependency parse: the cue, its source and its content, clause by clause.

For every cue in a parsed sentence (a reporting verb in any form, a cue noun such as "claims
that", "according to", an attitude verb with an object), the parse gives:

- the **source**: the cue's subject in any noun phrase ("the two said", "Officials", "Jane Roe,
  the mayor of X,"), however far from the verb ("Trump, meanwhile, says"); the noun a relative
  pronoun stands for ("Broaddrick, who claimed"); the agent of a passive ("was criticized by X");
  the subject shared by coordinated verbs ("criticized Y; blamed Z and said W"); the subject of
  the verb a participle hangs on ("..., saying ...");
- the **content**: the whole complement clause and only it (a finite clause, an infinitive after
  verbs of intention, "of"/"about" phrases after speech verbs, "call X Y", a colon's clause), or
  the object of an attitude verb (a reaction).

Each rule that fires is named in ``rule`` so a reader can see why a quote was found.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Callable, Iterable

from helpers.grammar import GRAMMAR
from helpers.quotes import (Attribution, Mention, calling_verbs, cue_lexicon, cue_nouns, intention_verbs,
                            object_cue_verbs, reaction_lexicon, reaction_nouns, role_lexicon, subject_before)
from helpers.resources import read_word_list
from helpers.syntax import Parsed, lemma

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# parts of a subject's subtree that are not the name of the source
NOT_IN_MENTION = frozenset("appos relcl acl advcl punct parataxis case".split())
CLAUSE_DEPS = ("ccomp",)
_EDGE = " \t\r\n,;:—–-"
_CLOSING = re.compile(r"[.,!?]?[\"”]")
# parts of speech that cannot name a source (the tagger sometimes calls a name "INTJ": "Trump, meanwhile, says")
NOT_NOMINAL = frozenset("VERB AUX ADP SCONJ CCONJ PART PUNCT SYM ADV".split())
# nouns that speak through a participle ("a statement saying ...", "a letter warning ...")
STATEMENT_NOUNS = frozenset("""statement statements letter letters report reports release message post tweet tweets
    memo note notice email e-mail video speech filing document documents complaint lawsuit suit ruling order
    resolution communique communiqué declaration announcement op-ed editorial column""".split())
# occasions of speech whose holder speaks through a participle ("held a news conference saying ...")
EVENT_NOUNS = frozenset("conference briefing interview rally address appearance hearing call".split())
# non-restrictive words that, after a comma at the end of a content clause, start the writer's own addition
WRITER_ADDITIONS = frozenset("which despite while although though whereas".split())
# verbs whose "for"/"against" phrase is what the source asks for or argues ("called for a ceasefire")
DEMAND_VERBS = frozenset("call argue push press campaign lobby plead appeal advocate".split())


def _span(parsed: Parsed, tokens: Iterable) -> tuple[int, int]:
    """Article offsets from the first to the last of ``tokens`` (an empty span when there are none)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return parsed.start, parsed.start
    return parsed.span(tokens[0], tokens[-1])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading complementizer and edge punctuation (not the quotation marks of mixed content)."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE + ".":
        end -= 1
    for lead in ("that ", "That "):
        if text.startswith(lead, start):
            start += len(lead)
    # a quoted fragment that ends the content keeps its closing mark: 'called it "a non-starter."'
    inside = text[start:end]
    if inside.count("“") > inside.count("”") or inside.count('"') % 2:
        closing = _CLOSING.match(text, end)
        if closing:
            end = closing.end()
    return start, end


def _mention(parsed: Parsed, head) -> Mention | None:
    """The words naming a source: its subtree without appositions, relative clauses and punctuation;
    the first apposition is kept as the descriptor."""
    skip = set()
    descriptor = None
    for child in head.children:
        if _joins_a_word(child):
            continue   # the hyphen of "Kimberly-Clark" belongs to the name
        if child.dep_ in NOT_IN_MENTION or (child.dep_ == "prep" and child.i > head.i and child.lower_ in ("after", "during", "on")
                                            and not _in_a_name(head, child)):
            skip.update(t.i for t in child.subtree)
            if child.dep_ == "appos" and descriptor is None:
                descriptor = _span(parsed, child.subtree)
    kept = [t for t in head.subtree if t.i not in skip]
    # a contiguous run around the head
    low = high = head.i
    indices = {t.i for t in kept}
    while low - 1 in indices:
        low -= 1
    while high + 1 in indices:
        high += 1
    doc = head.doc
    while low < high and (doc[low].is_punct or doc[low].lower_ in GRAMMAR.leading_noise):
        low += 1
    opening = next((t.i for t in doc[head.i + 1:high + 1] if t.text == "("), None)
    if opening is not None:
        high = opening - 1   # "Commission on Religious Freedom (USCIRF)": the bracketed acronym is another name
    while high > low and doc[high].is_punct:
        high -= 1
    start, end = parsed.span(doc[low], doc[high])
    if descriptor:
        return Mention(start, end, descriptor[0], descriptor[1])
    return Mention(start, end)


def _in_a_name(head, preposition) -> bool:
    """ "Commission on International Religious Freedom": a capitalised name goes on through "on" into a
    capitalised object that is not a time ("Trump on Friday", "Trump on Twitter" are a name and a phrase)."""
    names = [c for c in preposition.children if c.dep_ == "pobj"]
    return (head.pos_ == "PROPN" and bool(names) and names[0].pos_ == "PROPN" and preposition.lower_ == "on"
            and head.text[:1].isupper() and names[0].lower_ not in GRAMMAR.time_words
            and head.ent_type_ not in ("PERSON",) and names[0].i == preposition.i + 1 + sum(
                1 for c in names[0].children if c.i < names[0].i))


def _joins_a_word(token) -> bool:
    """A hyphen with no space on either side, inside a name ("Kimberly-Clark", "Ould-Abdallah")."""
    return (token.text in ("-", "‑") and token.i > 0 and not token.doc[token.i - 1].whitespace_
            and not token.whitespace_)


@lru_cache(maxsize=None)
def cue_verbs() -> frozenset[str]:
    """Every verb form that can cue reported content or a reaction."""
    return (frozenset(cue_lexicon()) | calling_verbs() | intention_verbs() | object_cue_verbs()
            | frozenset(reaction_lexicon()))


def _is_cue_verb(token) -> bool:
    return token.pos_ == "VERB" and (token.lower_ in cue_verbs() or lemma(token) in cue_verbs())


def _source(verb):
    """The token that names who speaks through ``verb`` (or None), and whether it came from a passive agent."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    subject = subjects[0] if subjects else None
    if len(subjects) == 2 and subjects[0].pos_ == "NOUN" and subjects[1].pos_ == "PROPN":
        # "The judge presiding over the case, Bernard Schwartz, said": an apposition, parsed as a second subject
        subject = subjects[1]
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        by = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if by is not None:
            return by, True
    if subject is None and passive is not None:
        return None, False   # agentless passive: "no deaths were reported", "it is believed"
    if subject is not None and _after_according_to(subject):
        # "According to ISNA, the prosecutor, Ali Mehr, said": the parser makes the relay the subject and the
        # speaker its apposition
        named = [t for t in subject.subtree if t.dep_ == "appos" and t.pos_ == "PROPN"]
        return (named[-1] if named else None), False
    if subject is not None:
        if subject.lower_ in GRAMMAR.relative_pronouns and verb.dep_ == "relcl":
            return verb.head, False
        if subject.lower_ in ("it", "there") and any(c.dep_ == "expl" for c in verb.children):
            return None, False
        return subject, False
    if verb.dep_ == "relcl":          # "a statement that said ...", "officials who warned"
        return verb.head, False
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lower_ in STATEMENT_NOUNS:   # "a statement saying ..."
        return verb.head, False
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lower_ in EVENT_NOUNS and verb.head.dep_ == "dobj":
        return _source(verb.head.head)   # "X held a press conference claiming ...": X speaks
    if verb.dep_ == "conj":
        # "He claimed a vaccine was near and said ...": the parse may hang the second verb inside the first
        # verb's content; its subject is that of the nearest reporting verb above it
        speaker = next((a for a in verb.ancestors if _is_cue_verb(a)), None)
        if speaker is not None:
            return _source(speaker)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in ("before", "after", "while") \
            and verb.head.head.pos_ == "VERB":
        # '"...," Johnson said, before adding that ...': the one adding is the subject of the verb before
        return _source(verb.head.head)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and lemma(verb.head.head) == "quote":
        # "Roe was quoted as saying ...": the one quoted is the passive subject; "Politico quoted Roe as
        # saying ...": its object
        quoted = verb.head.head
        return next((c for c in quoted.children if c.dep_ in ("nsubjpass", "dobj")), None), False
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX") and verb.head is not verb:
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None, False   # "When asked about X, Trump claimed ...": the one asked is not the asker
        reporter = verb.head.head if verb.head.dep_ == "ccomp" else None
        if verb.tag_ == "VBG" and _is_cue_verb(verb) and reporter is not None and _is_cue_verb(reporter):
            # 'Mehr said the 36 must face charges, adding Iran will ...': the parser hangs "adding" in the
            # reported clause; the one adding is the one who said it
            return _source(reporter)
        return _source(verb.head)
    if verb.dep_ == "ROOT" and verb.i >= 2:
        # "Asked whether she would run for Senate, the New York Democrat said ...": the parser hangs the subject
        # on the opening clause, as an apposition of its last noun
        before = verb.doc[verb.i - 1]
        phrase = next((t for t in [before, *before.ancestors] if t.dep_ == "appos" and t.right_edge.i == verb.i - 1), None)
        if phrase is not None and phrase.left_edge.i >= 1 and verb.doc[phrase.left_edge.i - 1].text == ",":
            return phrase, False
    return None, False


def _after_according_to(token) -> bool:
    """Whether the phrase of ``token`` follows "according to" (the parse lost the preposition's object)."""
    first = token.left_edge.i
    return first >= 2 and token.doc[first - 1].lower_ == "to" and token.doc[first - 2].lower_ == "according"


def _author(source):
    """A document's named author speaks for it: "an investigation by PolitiFact", "the council's briefing
    paper", "a New York Times story" -> PolitiFact, the council, New York Times. Other sources as they are."""
    if source is None or source.pos_ != "NOUN" or role_lexicon().get(source.lower_) != "document" \
            and source.lower_ not in STATEMENT_NOUNS:
        return source
    owner = next((c for c in source.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if owner is None:
        owner = next((pobj for prep in source.children if prep.dep_ == "prep" and prep.lower_ in ("by", "from")
                      for pobj in prep.children if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN"), None)
    if owner is None:   # "a poll published by NBC News", "a statement released by Erdogan's office"
        owner = next((pobj for participle in source.children if participle.dep_ == "acl" and participle.tag_ == "VBN"
                      for agent in participle.children if agent.dep_ == "agent"
                      for pobj in agent.children if pobj.dep_ == "pobj" and pobj.pos_ in ("PROPN", "NOUN")
                      and role_lexicon().get(pobj.lower_) != "document"), None)
    if owner is None:
        names = [c for c in source.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        owner = names[-1] if names else None
    if owner is None and source.dep_ == "dobj" and lemma(source.head) in PUBLISHING_VERBS:
        # "The White House released a statement saying ...", "They issued a statement which said ..."
        owner = next((c for c in source.head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN", "PRON")
                      and c.lower_ not in GRAMMAR.relative_pronouns), None)
    return owner if owner is not None else source


def _clause_span(text: str, parsed: Parsed, clause, verb) -> tuple[int, int]:
    """The complement clause as a span: its subtree, without a leading mark ("that"), edge punctuation and
    a final non-restrictive addition of the writer's (", which was ...", ", despite photos showing ...")."""
    tokens = list(clause.subtree)
    # a second reporting verb coordinated inside the clause starts a second attribution
    second = next((t for t in tokens if t.dep_ == "conj" and t.i > clause.i and _is_cue_verb(t)
                   and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)), None)
    if second is not None:
        cut = second.left_edge.i
        while cut - 1 > clause.i and (clause.doc[cut - 1].dep_ == "cc" or clause.doc[cut - 1].is_punct):
            cut -= 1
        tokens = [t for t in tokens if t.i < cut]
    if clause.i > verb.i:   # "which Israel hopes could help ...": the relative pronoun stays outside
        tokens = [t for t in tokens if t.i > verb.i]
    return _trim(text, *_span(parsed, _without_writer_addition(tokens)))


def _without_writer_addition(tokens: list) -> list:
    """Content tokens without a final non-restrictive addition of the writer's: after a comma, a relative
    clause (", which was ...", ", 25 of whom are ...") or a concessive ("despite", "while") to the end."""
    if not tokens:
        return tokens
    doc, last = tokens[0].doc, tokens[-1].i
    for token in tokens[1:]:
        if doc[token.i - 1].text != ",":
            continue
        if token.lower_ in WRITER_ADDITIONS:
            modifier = token.head if token.dep_ in ("nsubj", "mark", "dobj", "nsubjpass") else token
        else:
            modifier = token.head if token.head.dep_ == "relcl" and token.head.left_edge.i == token.i else None
            if modifier is not None and not any(t.lower_ in GRAMMAR.relative_pronouns for t in modifier.subtree):
                modifier = None
        if modifier is not None and modifier.right_edge.i >= last - 1:
            return [t for t in tokens if t.i < token.i - 1]
    return tokens


def _heads_a_clause(token) -> bool:
    """A verb, or a word with a subject or auxiliary of its own: after an opening quotation mark the tagger
    often takes the verb for a noun or an adjective ('DeSantis was "polling badly"', 'was "focused on")."""
    return token.pos_ in ("VERB", "AUX") or any(
        child.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for child in token.children)


def _content(text: str, parsed: Parsed, verb, cls: str) -> tuple[int, int, str] | None:
    """The reported content of a verb cue: (start, end, rule) or None."""
    lowered = verb.lower_
    children = list(verb.children)
    clauses = [c for c in children if c.dep_ in CLAUSE_DEPS and _heads_a_clause(c)]
    marked = [c for c in clauses if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if cls == "weak" or cls == "finding":
        clauses = marked or ([] if cls == "weak" else clauses)
    if clauses:
        clause = clauses[0]
        return (*_clause_span(text, parsed, clause, verb), "clause")
    doc = verb.doc
    misread = _clause_read_as_object(verb, cls)
    if misread is not None:
        return (*_trim(text, *_span(parsed, misread.subtree)), "clause")
    if verb.dep_ == "parataxis" and cls != "weak":
        # "The plan, critics argue, would leave ...": the sentence around the parenthetical is the content
        inner = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in inner or t.i == verb.i]
        return (*_trim(text, *_span(parsed, tokens)), "parenthetical")
    # "X said: the talks ..." (the colon right after the verb or its audience)
    after = [t for t in doc[verb.i + 1:verb.i + 5]]
    for token in after:
        if token.text == ":":
            if token.i + 1 < len(doc):
                start, end = _trim(text, parsed.offset(doc[token.i + 1]), parsed.span(doc[-1], doc[-1])[1])
                if end > start:
                    return start, end, "colon"
            break
        if token.dep_ not in ("dobj", "dative", "prep", "pobj", "det", "compound", "amod") and token.pos_ != "ADV":
            break
    if lowered in calling_verbs() or lemma(verb) in calling_verbs() or lowered in reaction_lexicon():
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is None:   # "referred to the hecklers as ..."
            to = next((c for c in children if c.dep_ == "prep" and c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        predicates = [c for c in children if c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as")]
        if obj is not None and not predicates:
            # 'called the plan "a disaster"': after a quotation mark the parser hangs the predicate on the object
            opening = next((c for c in obj.children if c.i > obj.i and c.dep_ == "punct" and c.text in '"“'), None)
            predicates = [c for c in obj.children if opening is not None and c.i > opening.i
                          and c.dep_ in ("amod", "appos", "acl", "nmod")]
        if obj is not None and predicates:
            tokens = list(obj.subtree) + [t for predicate in predicates for t in predicate.subtree]
            return (*_trim(text, *_span(parsed, tokens)), "calling")
    if cls == "weak" and lowered not in object_cue_verbs():
        return None
    infinitive = next((c for c in children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)), None)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if infinitive is not None and (lemma(verb) in intention_verbs() or lowered in intention_verbs()):
        # "vowed to put her in prison"; with its addressee: "urged the embassy to reconsider"
        tokens = _infinitive_tokens(infinitive) + (list(obj.subtree) if obj is not None and obj.i < infinitive.i else [])
        return (*_trim(text, *_span(parsed, tokens)), "infinitive")
    charge = _charge(verb)
    if obj is not None and obj.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and lowered in object_cue_verbs() and (
            obj.pos_ != "PRON" or charge is not None):
        # "accused the network of violating its franchise": the object with what it is accused of
        tokens = _without_relative(obj) + (list(charge.subtree) if charge is not None else [])
        return (*_trim(text, *_span(parsed, tokens)), "object")
    if obj is not None and infinitive is not None:     # "asked Zelensky to investigate ...", "urged X to ..."
        return (*_trim(text, *_span(parsed, list(obj.subtree) + list(infinitive.subtree))), "object-infinitive")
    for child in children:
        if child.dep_ == "prep" and child.i > verb.i and (
                (child.lower_ in ("for", "against") and lemma(verb) in DEMAND_VERBS)
                or (child.lower_ == "on" and lemma(verb) == "call")):
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                tokens = _without_relative(pobj)   # not "..., with which Hawkins somewhat agreed"
                late = next((c for c in children if c.dep_ == "xcomp" and c.i > pobj.i), None) or next(
                    (c for c in pobj.children if c.dep_ in ("acl", "relcl") and c.i > pobj.i), None)
                if late is not None:
                    tokens += list(late.subtree)
                return (*_trim(text, *_span(parsed, tokens)), "demand")
    if cls == "speech":
        for child in children:
            if child.dep_ == "prep" and child.lower_ in ("of", "about") and child.i > verb.i:
                pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    return (*_trim(text, *_span(parsed, pobj.subtree)), "about")
    return None


def _clause_read_as_object(verb, cls: str):
    """In "Conolly said a law allowing the termination of a life marked a sad day", the small parser reads
    "a law" as the object of "said" and hangs the clause's verb below it. A speech verb that does not take
    noun objects as content, whose object holds a finite verb that is not a relative clause's, reports a
    clause: the object's subtree. None otherwise."""
    if cls != "speech" or verb.lower_ in object_cue_verbs() or lemma(verb) in object_cue_verbs():
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
    if obj is None:
        return None
    for token in obj.subtree:
        if token.dep_ not in ("ccomp", "conj", "advcl", "parataxis") or token.i <= obj.i:
            continue
        finite = token.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in token.children)
        path = list(token.ancestors)
        if finite and not any(a.dep_ == "relcl" for a in path[:path.index(obj)]):
            return obj
    return None


def _charge(verb):
    """The "of" phrase of a verb of accusing ("accused the network of swindling"), or None."""
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > verb.i), None)


def _infinitive_tokens(infinitive) -> list:
    """An infinitive's words without a conjoined finite verb the parse hangs on it: in "urged the embassy to
    reconsider and spoke with Pompeo", "spoke" is the writer's narration, not part of the demand."""
    dropped = set()
    for conj in infinitive.children:
        if conj.dep_ == "conj" and conj.tag_ in ("VBD", "VBZ", "VBP"):
            dropped.update(t.i for t in conj.subtree)
            dropped.update(c.i for c in infinitive.children if c.dep_ == "cc" and c.i < conj.i)
    return [t for t in infinitive.subtree if t.i not in dropped]


def _this_side_of_semicolon(text: str, start: int, end: int, cue: int) -> tuple[int, int]:
    """Content does not cross a semicolon away from its cue: "he claimed X; Redouane claimed Y" gives
    Redouane Y only. Content wholly beyond a semicolon from the cue is no content (an empty span)."""
    low, high = min(start, cue), max(end, cue)
    for semicolon in (m.start() for m in re.finditer(";", text[low:high])):
        at = low + semicolon
        if text[max(0, at - 200):at].count('"') % 2 or text[max(0, at - 200):at].count("“") > text[max(0, at - 200):at].count("”"):
            continue   # inside a quotation
        if at < cue:
            start = max(start, at + 1)
        else:
            end = min(end, at)
    return _trim(text, start, end) if end > start else (start, start)


def _without_relative(head) -> list:
    """A noun phrase's tokens without its relative clauses ("the strike, which killed ...")."""
    dropped = {t.i for child in head.children if child.dep_ in ("relcl", "advcl") for t in child.subtree}
    dropped |= {t.i for word in head.subtree if word.dep_ == "relcl" for t in word.subtree}
    return [t for t in head.subtree if t.i not in dropped]


def _mention_ok(text: str, mention: Mention) -> bool:
    """A mention that can name a source: not the writer ("I", "we"), not a bare relative pronoun."""
    words = text[mention.start:mention.end].lower().replace("’", "'")
    return bool(words) and words not in GRAMMAR.author_voice and words not in GRAMMAR.relative_pronouns


def _according_to(text: str, parsed: Parsed, token) -> Attribution | None:
    """``according to X, CONTENT`` / ``CONTENT, according to X``."""
    to = next((c for c in token.children if c.lower_ == "to"), None)   # "according" + "to" + the source
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if len(objects) > 1 and objects[0].pos_ == "NOUN" and objects[1].pos_ == "PROPN":
        objects = objects[1:]   # "according to curator Elaine Gustafon", parsed as two objects: the name
    source = _author(objects[0] if objects else None)
    if source is None:
        return None
    phrase = {t.i for t in token.subtree}
    doc = token.doc
    # the clause the phrase modifies, without the phrase: the longer side
    clause = token.head if token.head is not token else token
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head is not clause and clause.pos_ not in ("VERB", "AUX"):
        clause = clause.head
    rest = [t for t in clause.subtree if t.i not in phrase]
    before = [t for t in rest if t.i < token.i]
    after = [t for t in rest if t.i > max(phrase)]
    side = after if len(after) >= len(before) else before
    if not side:
        return None
    start, end = _trim(text, *_span(parsed, side))
    if end <= start:
        return None
    cue_start, cue_end = parsed.span(token, to)
    mention = _phrase_after_to(parsed, to, source) or _mention(parsed, source)
    if mention.descriptor_end is not None and start < mention.descriptor_end < end:
        start, end = _trim(text, mention.descriptor_end, end)   # the name set off by commas is not content
    return Attribution("indirect", start, end, cue_start, parsed.offset(token) + len(token), mention,
                       rule="according-to")


def _phrase_after_to(parsed: Parsed, to, source) -> Mention | None:
    """The words after "according to" up to the next comma, colon or the sentence's end, with a name set off
    by commas right after them as its apposition ("according to Windsor Locks' first selectman, Chris Kervick,
    there were ..."): the small parser often splits such a phrase ("Connecticut" | "Senator Richard
    Blumenthal"). None when the phrase is long or does not hold the parser's source."""
    doc = to.doc
    end = to.i + 1
    while end < len(doc) and doc[end].text not in (",", ";", ":", "(", "—", "–") and not (
            doc[end].is_punct and end == len(doc) - 1) and not (end > to.i + 1 and doc[end].pos_ in ("VERB", "AUX")):
        end += 1   # up to a comma, or a verb ("according to a report citing the mayor's office": "a report")
    words = doc[to.i + 1:end]
    if not len(words) or len(words) > 10 or not any(t.i == source.i for t in words):
        return None
    start, stop = parsed.span(words[0], words[-1])
    name = []
    if end + 2 < len(doc) and doc[end].text == ",":
        for t in doc[end + 1:end + 6]:
            if t.text == ",":
                break
            name.append(t)
        closed = end + 1 + len(name) < len(doc) and doc[end + 1 + len(name)].text == ","
        if not (name and closed and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name)):
            name = []
    if name:
        described = parsed.span(name[0], name[-1])
        return Mention(start, stop, described[0], described[1])
    return Mention(start, stop)


def _noun_cue(text: str, parsed: Parsed, noun) -> Attribution | None:
    """``claims that ...``, ``officials voiced fears that ...``, ``his warning that ...``."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ in ("dobj", "pobj"):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            owner, _ = _source(verb)
    if owner is None or owner.lower_ in GRAMMAR.possessive_pronouns_of_author:
        return None
    start, end = _clause_span(text, parsed, clause, noun)
    if end <= start:
        return None
    cue_start, cue_end = parsed.span(noun, noun)
    return Attribution("indirect", start, end, cue_start, cue_end, _mention(parsed, owner), rule="cue-noun")


def _reaction(text: str, parsed: Parsed, verb, preposition: str) -> Attribution | None:
    """``X condemned the strike``, ``X reacted angrily to Y``, ``Y was condemned by X``."""
    source, from_agent = _source(verb)
    if source is None or source.pos_ in NOT_NOMINAL:
        return None
    if from_agent:
        target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    elif preposition:
        target = _object_of_preposition(verb, frozenset([preposition]))
    else:   # an object, or a gerund ("favored offering voting rights to ...")
        target = next((c for c in verb.children if c.dep_ == "dobj"
                       or (c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG")), None)
    if target is None or target.pos_ == "PRON":
        return None
    return _reaction_row(text, parsed, verb, source, target, "reaction-passive" if from_agent else "reaction")


def _object_of_preposition(head, prepositions: frozenset[str]):
    """The object of the first of ``head``'s prepositions that is one of ``prepositions`` (or None)."""
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in prepositions), None)
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None


def _reaction_row(text: str, parsed: Parsed, cue, source, target, rule: str) -> Attribution | None:
    """A reaction: the target's noun phrase (without relative clauses and a trailing time phrase: "the decision
    on Monday" -> "the decision") as content, the cue word, the source."""
    tokens = _without_relative(target)
    timed = {t.i for child in target.children if child.dep_ == "prep" and child.i > target.i
             and any(w.lower_ in GRAMMAR.time_words for w in child.subtree) for t in child.subtree}
    start, end = _trim(text, *_span(parsed, [t for t in tokens if t.i not in timed] or tokens))
    if end <= start:
        return None
    cue_start, cue_end = parsed.span(cue, cue)
    return Attribution("reaction", start, end, cue_start, cue_end, _mention(parsed, source), rule=rule)


def _reaction_noun(text: str, parsed: Parsed, noun, prepositions: frozenset[str]) -> Attribution | None:
    """A reaction named by an attitude noun, whose content is what the attitude is about:
    ``X voiced support for T``; ``T drew criticism from X`` (``data/receiving_verbs.txt``); ``support for T came
    from X``."""
    target = _object_of_preposition(noun, prepositions)
    head = noun.head
    giver = _object_of_preposition(noun, FROM) or _object_of_preposition(head, FROM)
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and lemma(head) in receiving_verbs():
        if giver is None or not _may_give(giver):
            return None   # "Jones received praise for the plan", "drew criticism from the outset": no one reacts
        source = giver   # "the plan drew criticism from Jones": Jones criticised the plan
        target = target or next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif noun.dep_ == "dobj" and head.pos_ == "VERB":
        source, _ = _source(head)
    elif noun.dep_ == "nsubj" and lemma(head) == "come" and giver is not None and _may_give(giver):
        source = giver   # "support for mail-in voting came from Klobuchar"
    else:
        return None
    if target is None or source is None or source.pos_ in NOT_NOMINAL:
        return None
    return _reaction_row(text, parsed, noun, source, target, "reaction-noun")


FROM = frozenset({"from"})


def _may_give(token) -> bool:
    """Whether the object of "from" can be someone who reacts: a name, a role ("the governor") or a group in the
    plural ("unions"); not "the outset" or "the start"."""
    return token.pos_ == "PROPN" or token.tag_ in ("NNS", "NNPS") or token.lower_ in role_lexicon()


@lru_cache(maxsize=None)
def receiving_verbs() -> frozenset[str]:
    """Verbs through which a thing receives an attitude from someone (``data/receiving_verbs.txt``)."""
    return frozenset(read_word_list("receiving_verbs.txt"))


def _verb_cue(text: str, parsed: Parsed, verb, cls: str) -> Attribution | None:
    source, _ = _source(verb)
    source = _author(source)
    surface = _surface_subject(text, parsed, verb) if source is None else None
    if surface is None and (source is None or source.pos_ in NOT_NOMINAL):
        return None
    if verb.dep_ == "xcomp" and verb.head.lower_ not in cue_lexicon():
        return None   # "refused to say", "is expected to announce": not a statement of the subject
    if any(c.dep_ == "neg" for c in verb.children):
        return None   # "did not say whether ...": nothing was reported
    content = _content(text, parsed, verb, cls)
    if content is None:
        return None
    start, end, how = content
    if end <= start:
        return None
    cue_start, cue_end = parsed.span(verb, verb)
    if start <= cue_start < end and how != "parenthetical":
        return None
    mention = surface or _mention(parsed, source)
    if mention.start < end and mention.end > start and how != "parenthetical":
        return None
    start, end = _this_side_of_semicolon(text, start, end, cue_start)
    if end <= start:
        return None
    rule = "participle" if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") else how
    return Attribution("indirect", start, end, cue_start, cue_end, mention, rule=rule)


def _surface_subject(text: str, parsed: Parsed, verb) -> Mention | None:
    """The subject just before a main reporting verb the parse left without one ("In Charlotte, N.C., President
    Trump said ...", where the parser hangs the name on the place): the surface rule's noun phrase, when it is
    a name that ends right before the verb and nothing in it is a verb."""
    if verb.dep_ != "ROOT" or verb.i < 2 or not any(c.dep_ == "ccomp" for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    if before.pos_ != "PROPN":
        return None
    cue_start = parsed.offset(verb)
    mention = subject_before(text, parsed.start, cue_start)
    if mention is None or not text[mention.start:mention.end][:1].isupper():
        return None
    inside = [t for t in verb.doc if mention.start <= parsed.offset(t) < mention.end]
    return None if any(t.pos_ in ("VERB", "AUX") for t in inside) else mention


def sentence_attributions(text: str, parsed: Parsed, skip: Callable[[int], bool]) -> list[Attribution]:
    """Reported speech, reactions and "according to" in one parsed sentence.

    ``skip(offset)`` says whether a cue at that offset is already used (a direct quote's cue) or
    lies inside quotation marks (a quote inside a quote belongs to the outer speaker).
    """
    cues, reactions, nouns, attitudes = cue_lexicon(), reaction_lexicon(), cue_nouns(), reaction_nouns()
    verbs = frozenset(cues) | calling_verbs() | intention_verbs() | object_cue_verbs()
    found: list[Attribution] = []
    for token in parsed.doc:
        if skip(parsed.offset(token)):
            continue
        lowered = token.lower_
        # the lemma only where a rule below asks for it (looking it up costs a sixth of this step)
        base = lemma(token) if token.pos_ in ("VERB", "AUX", "NOUN") else lowered
        attribution = None
        if lowered == "according" and token.i + 1 < len(parsed.doc) and parsed.doc[token.i + 1].lower_ == "to":
            attribution = _according_to(text, parsed, token)
        elif token.pos_ == "VERB" and (lowered in reactions or base in reactions) and not token.text[:1].isupper():
            preposition = reactions.get(lowered, reactions.get(base, ""))
            # with a clause it reports speech ("welcomed that ..."); with "as" it characterises ("attacked X as Y")
            says_more = any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ == "as") for c in token.children)
            attribution = (_verb_cue(text, parsed, token, "speech") if says_more
                           else _reaction(text, parsed, token, preposition))
        elif token.pos_ in ("VERB", "AUX") and (lowered in verbs or base in verbs) and (
                token.text.islower() or token.i == 0):
            attribution = _verb_cue(text, parsed, token, cues.get(lowered) or cues.get(base) or "speech")
        elif token.pos_ == "NOUN" and (lowered in nouns or base in nouns):
            attribution = _noun_cue(text, parsed, token)
            if attribution is None and lowered in attitudes:
                attribution = _reaction_noun(text, parsed, token, attitudes[lowered])
        elif token.pos_ == "NOUN" and lowered in attitudes:
            attribution = _reaction_noun(text, parsed, token, attitudes[lowered])
        if attribution is not None and attribution.mention is not None and _mention_ok(text, attribution.mention) \
                and attribution.end - attribution.start >= 3:
            found.append(attribution)
    return found


def speaker_after_quote(text: str, parsed: Parsed, close_end: int) -> tuple[int, int, Mention] | None:
    """``"...," Clinton gushed.`` / ``"...," gushed Clinton.``: the cue and source right after a closing
    quotation mark, with any verb (not only reporting verbs), when nothing but the attribution follows."""
    doc = parsed.doc
    first = bisect_left([t.idx for t in doc], close_end - parsed.start)
    after = [t for t in doc[first:first + 12] if not t.is_punct]
    if len(after) < 2 or len(after) > 8 or first + 12 < len(doc) and any(not t.is_punct for t in doc[first + 12:]):
        return None
    verb = next((t for t in after[:4] if t.pos_ == "VERB"), None)
    if verb is None or any(c.dep_ in ("dobj", "ccomp", "xcomp", "nsubjpass") and parsed.offset(c) >= close_end
                           for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and parsed.offset(c) >= close_end), None)
    if subject is None or subject.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    words = [t for t in after if t is not verb and t not in subject.subtree]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None   # a new clause follows: narration, not an attribution
    cue_start, cue_end = parsed.span(verb, verb)
    return cue_start, cue_end, _mention(parsed, subject)


def speaker_before_quote(text: str, parsed: Parsed, open_start: int) -> tuple[int, int, Mention] | None:
    """``Senator Lindsey Graham spoke on Fox News, "..."``: a clause of any verb with its subject, ending in a
    comma or colon right before the quotation mark, introduces the quote (its verb need not be a reporting verb)."""
    doc = parsed.doc
    before = [t for t in doc if parsed.offset(t) < open_start]
    if len(before) < 3 or before[0].pos_ in ("SCONJ", "ADP"):
        return None
    finite = [t for t in before if t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP")]
    if finite and finite[-1].dep_ == "relcl" and _is_cue_verb(finite[-1]) and before[-1].text in (",", ":"):
        # "The bill was drafted by Alex Greenwich, who said on the floor, "...": the relative clause's
        # reporting verb introduces the quote, and the one who speaks is the noun the pronoun stands for
        verb = finite[-1]
        subject, _ = _source(verb)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN") or any(
                t.pos_ in ("VERB", "AUX") for t in before[verb.i + 1:]):
            return None
        cue_start, cue_end = parsed.span(verb, verb)
        return cue_start, cue_end, _mention(parsed, subject)
    if before[-1].text not in (",", ":") and not (len(finite) == 1 and _is_cue_verb(finite[0])):
        return None   # without a comma, only a reporting verb: 'Rubel told the BBC after the verdict "..."'
    if len(finite) != 1 or finite[0].dep_ in ("relcl", "acl", "amod") or any(
            c.dep_ == "mark" for c in finite[0].children):
        return None   # a subordinate clause ("When Graham spoke on Fox News, ...") does not introduce a quote
    verb = finite[0]
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    cue_start, cue_end = parsed.span(verb, verb)
    return cue_start, cue_end, _mention(parsed, _author(subject))   # "Trump's statement read:" -> Trump


# verbs whose object is a document its subject put out ("the White House released a statement")
PUBLISHING_VERBS = frozenset("release issue publish send write sign post put deliver file submit tweet pen".split())


def _names_document(verb, noun: str) -> bool:
    """Whether ``verb`` is one the document ``noun`` is named after: "ruled" for "ruling", "reported" for
    "report", "declared" for "declaration" (the noun starts with the verb's stem); not "ruled out"."""
    if any(c.dep_ in ("prt", "neg") for c in verb.children):
        return False   # "ruled out a run" makes no ruling
    stem = verb.lemma_.lower().removesuffix("e")
    return len(stem) >= 3 and noun.startswith(stem)


def _issuer(parsed: Parsed, subject) -> Mention | None:
    """The mention of a document's issuer, when ``subject`` can be one: a name or a noun, not itself a
    document noun ("the statement said")."""
    if subject is None or subject.pos_ not in ("PROPN", "NOUN") or (
            subject.pos_ == "NOUN" and subject.lower_ in STATEMENT_NOUNS):
        return None
    return _mention(parsed, subject)


def document_author(text: str, parsed: Parsed, offset: int, noun: str = "") -> Mention | None:
    """Who put out the document ``noun`` named at ``offset``: its possessor, "by"-agent or compound name (as in
    ``_author``), the subject of the verb that issued it ("X released a statement"), or the subject of the
    verb it frames ("In a statement, X said"); or, when ``offset`` is a verb the document is named after ("The
    court ruled" for "the ruling"), that verb's subject. None when the sentence does not say, and for any
    other word at ``offset`` ("reporter" for "report")."""
    token = parsed.token_at(offset)
    if token is None:
        return None
    if token.pos_ == "VERB":
        # "The court ruled that ..." before "the ruling said": the verb the document is named after
        if noun and not _names_document(token, noun):
            return None
        return _issuer(parsed, next((c for c in token.children if c.dep_ == "nsubj"), None))
    if noun and token.lower_ != noun:
        return None
    author = _author(token)
    if author is not token:
        return _mention(parsed, author)
    verb = token.head if token.dep_ == "dobj" and lemma(token.head) in PUBLISHING_VERBS else None
    if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "PROPN":
        return _mention(parsed, token.head.head)   # "Harlow, in a statement ..., announced"
    if verb is None and token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "VERB":
        verb = token.head.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    if subject is None and token.dep_ == "pobj" and token.head.lower_ == "in":
        # "Harlow, in a statement ..., announced": the small parser may hang the subject elsewhere
        subject = next((t for t in reversed(token.doc[:token.i]) if t.dep_ == "nsubj" and t.pos_ == "PROPN"), None)
    return _issuer(parsed, subject)
