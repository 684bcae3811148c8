"""Stance: where each speaker stands on the targets of an article, with the evidence in plain words.

For each quote that mentions a target (``helpers.targets``: names, derived mentions, pronouns that refer
back), one stance, decided by the first of:

1. **A reaction's cue** ("X condemned T", "X welcomed T"): the stance lexicon ``data/stance_verbs.tsv``.
2. **The target's role in the dependency parse** (``structural_stance``): subject of a judgement ("T is
   behaving like a bully"), object of the speaker's action or wish ("we must dismantle T"), agent of
   something bad ("the disaster created by T"), owner of something judged ("T's impulsive decision"),
   named as something ("called T a smash and grab"); negation flips, a condition weakens; verbs count
   only as harm or help, adjectives and nouns by their valence (``data/evaluative_words.tsv``, VADER).
3. **Word-order rules** about cue verbs, harm/help verbs and wishes (``_content_rules``); a policy target the
   speaker carries out or proposes, or that the speaker's own measure carries out (``own_action_stance``).
4. **The word the speaker calls the target by** ("stop the aggression": ``loaded_mention``); a target that is
   only who something is good or bad for ("a big win for ISIS": ``beneficiary_word``) takes no side.
5. **The learned target-sentiment model** (``helpers.targets``; NewsMTSC), which takes a side only with
   probability >= ``MODEL_MIN_PROBABILITY`` and never for documents, unnamed sources or news outlets;
   otherwise the quote is *neutral* toward the target. When the target's own clause has no evaluative word,
   the model's reading is a *weak* one (``WEAK_READING``): it decides a cell only when no other quote of the
   cell takes a side. A quote that does not mention a target has no row, and a speaker is never given a
   stance toward their own name.

Aggregation of a (speaker, target) cell (``stance_table``), as in the codebook, over the quotes that decide
it (``deciding_rows``): favor quotes (with or without neutral ones) -> favor; against (with or without neutral) -> against; both -> mixed; only neutral
-> neutral. The cell's ``score`` is the probability that its label is right, from a logistic calibration
over the cell's features (``cell_features``) fitted on the calibration split of the stance gold (three articles
coded blind; the rules were first built on the dev split only, later ones were also read against these three,
so the fit may be somewhat optimistic elsewhere) by ``benchmarks/evaluate_stance.py --calibrate`` and shipped as
``data/stance_calibration.json``;
``min_score`` drops weaker rows. Measurements live in ``helpers.stance_validation``.

Public API: ``target_sentiment``, ``directed_stance``, ``quote_stances``, ``stance_table``,
``side_stance_table``, ``article_stances`` (the ``stances`` command), and target helpers re-exported from
``helpers.targets`` (``load_targets``, ``find_target_mentions``, ``suggest_targets``).
"""
from __future__ import annotations

import argparse
import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native

from helpers.articles import Article
from helpers.clauses import receiving_verbs
from helpers.grammar import GRAMMAR
from helpers.quotes import tell_verbs
from helpers.resources import DATA_DIR, read_word_list
from helpers.targets import (CLAUSE_BREAKS, NAMING_VERBS, action_owners, enacting_verbs, find_target_mentions,  # noqa: F401
                             load_model, load_targets, mention_rows, describe_feature, name_kind, news_outlets,
                             parse_sentence, pronoun_mentions, suggest_targets, thing_pronoun_mentions,
                             word_valence)

QUOTE_STANCE_COLUMNS = ["quote_id", "speaker_id", "speaker", "side", "kind", "target", "stance", "score", "evidence",
                        "target_start", "target_end"]
STANCE_COLUMNS = ["speaker_id", "speaker", "side", "target", "stance", "score", "n_quotes", "quote_ids", "evidence",
                  "basis"]
SIDE_STANCE_COLUMNS = ["side", "target", "stance", "score", "n_speakers", "n_quotes", "speakers", "quote_ids"]
RECORD_COLUMNS = ["speaker", "side", "target", "stance", "score", "n_quotes", "quote_ids"]
# The learned model takes a side only when it gives the side at least this probability; the clause's
# lexicon valence only when at least this strong (VADER points / 4); both chosen on the dev gold.
MODEL_MIN_PROBABILITY = 0.6
OWN_ACTION_SCORE = 0.6   # a stance read from who acts, not from the speaker's words: a moderate score
CLAUSE_MIN_VALENCE = 0.5
# With no evaluative word in the target's own clause, the model's reading of the sentence (as probable as
# MODEL_MIN_PROBABILITY) still gives a side, as a weak reading that counts in a cell only when no other quote
# of the cell takes a side (``deciding_rows``).
WEAK_READING = "no evaluative word next to the target, so only the tone of the sentence decides:"
# Speakers that relay rather than hold views (documents, outlets, unnamed "one of these groups"): only a rule
# about the target, never the model's sentiment, gives them a side.
RELAYING_TYPES = frozenset({"document", "unnamed"})
WORD_OF = {"favor": "support", "against": "opposition", "harm": "harm", "help": "help", "none": "no stance"}
OWN_SIDE = "the speaker's own side"  # how the evidence of a stance verb with "we"/"I" as subject begins
CONTEXT_ONLY = ("t=",)  # model features about who the target is, left out when reading a speaker's stance
SENTIMENT_TO_STANCE = {"positive": "favor", "negative": "against", "neutral": "neutral"}

_WORD = re.compile(r"\w+(?:[-.’']\w+)*|[^\w\s]")
AUXILIARIES = frozenset("""is was were are be been being am has have had having will would shall should can could may
might must do does did get got gets getting""".split())
NEGATORS = frozenset("not never no n't nobody neither nor cannot".split())
NEGATING_VERBS = frozenset("""refused refuses refuse declined declines decline failed fails fail stopped stop stops
ceased""".split())
PRONOUN_SUBJECTS = frozenset("""he she they we i it his her their our my its him them us""".split())
# Words that end the object of a verb (a new clause or sentence begins).
OBJECT_BREAKS = frozenset(""". ; : ! ? but while although though because whereas who which whom that when after before since
if unless said says say told according""".split()) | {'"', "“", "”"}
# Prepositions inside an object that turn it against what follows ("threats against X", "attacks on X").
AGAINST_PREPOSITIONS = frozenset({"against", "on", "toward", "towards", "at"})
WISH_WORDS = frozenset("""must need needs needed should want wants wanted wish wishes hope hopes hoped demand demands
demanded urge urges urged""".split())
SPEECH_VERBS = frozenset("""said says say saying told tells tell stated states added adds argued argues claimed claims
insisted insists wrote writes tweeted announced announces explained explains noted notes suggested suggests
believes believe believed thinks think thought stressed stresses reported reports confirmed confirms declared
declares asserted asserts maintained maintains contended contends acknowledged acknowledges admitted admits
predicted predicts warned warns cautioned cautions concluded concludes found finds showed shows hopes hope hoped
fears fear feared expects expect expected""".split())
AGENT_PREPOSITIONS = frozenset({"by", "from"})
# Verbs by which a target receives a stance noun from its holder ("won the backing of H", "faced criticism from H").
RECEIVE_VERBS = frozenset("""won win wins received receive receives got get gets earned earns secured secures drew draw
draws faced face faces attracted attracts gained gains enjoyed enjoys came comes met meets""".split())
# Verbs that pass their subject on to an infinitive ("X pledged to stand by T", "X vowed to fight T").
CONTROL_VERBS = frozenset("""pledged pledges pledge promised promises promise vowed vows vow decided decides agreed agrees
continued continues continue plans planned plan intends intended intend wants wanted want tried tries try seeks sought
seek moved moves voted votes appeared appears seemed seems aims aimed aim""".split())
NOUN_PREPOSITIONS = frozenset({"for", "of", "to", "in", "with", "at", "over", "toward", "towards", "on"})
TIME_WORDS = frozenset("""yesterday today tonight monday tuesday wednesday thursday friday saturday sunday""".split())
# Adverbs without -ly that stand between a subject and its verb ("is already affecting").
PLAIN_ADVERBS = frozenset("""already still now even just again soon also then all often never ever yet once further long
repeatedly""".split())


# ------------------------------------------------------------------------------- target sentiment

def target_sentiment(sentence: str, start: int, end: int, context_only: bool = False) -> dict[str, Any]:
    """Sentiment expressed toward the target ``sentence[start:end]``: negative | neutral | positive.

    ``score`` is the model's probability of the label (a confidence in [0, 1]); ``evidence`` names
    the features that pushed the decision most (``c=`` a word of the target's clause, ``L1=``/``R2=``
    a word one/two tokens left/right of it, ``lex:`` lexicon scores, ``role=`` the target's role,
    ``NEG_`` a word under negation); ``probabilities`` gives all three classes. ``context_only`` leaves out
    the target's own words (``t=``): the sentiment then comes from what is said, not from who the target is
    (NewsMTSC's news about some names is mostly negative, which is no stance of a speaker).
    """
    if not (0 <= start < end <= len(sentence)):
        raise ValueError(f"target span ({start}, {end}) is outside the sentence of {len(sentence)} characters")
    prediction = load_model().predict(sentence, start, end, ignore=CONTEXT_ONLY if context_only else ())
    pushed = "; ".join(describe_feature(name) for name, _push in prediction["features"][:3]) or "how often each label occurs"
    return {
        "label": prediction["label"],
        "score": prediction["score"],
        "evidence": (f"the learned model reads {prediction['label']} sentiment toward the target "
                     f"({prediction['score']:.0%}), mostly from: {pushed}"),
        "probabilities": prediction["probabilities"],
    }


# ------------------------------------------------------------------------------- cue lexicon

@dataclass(frozen=True)
class CueEntry:
    """One lexicon line: the cue's words (first word inflected), its stance and kind."""

    lemma: str
    particle: tuple[str, ...]
    stance: str
    kind: str


_IRREGULAR = {"take": ["takes", "took", "taken", "taking"], "stand": ["stands", "stood", "standing"],
              "hit": ["hits", "hit", "hitting"], "win": ["wins", "won", "winning"],
              "veto": ["vetoes", "vetoed", "vetoing"]}
_DOUBLING = {"slam", "commit", "rebut", "slap", "ban", "scrap", "stop", "regret", "control", "patrol"}


def inflect(lemma: str) -> set[str]:
    """A verb lemma and its -s, -ed and -ing forms (regular English spelling rules + a few irregulars)."""
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    forms = {lemma}
    if re.search(r"(s|sh|ch|x|z)$", lemma):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ied", lemma + "ing"}
    elif lemma in _DOUBLING:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
    return forms


@lru_cache(maxsize=1)
def stance_lexicon() -> dict[str, list[CueEntry]]:
    """First word form -> the lexicon entries starting with it, from ``data/stance_verbs.tsv``."""
    lexicon: dict[str, list[CueEntry]] = {}
    for line in (DATA_DIR / "stance_verbs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cue, stance, kind = (line.split("\t") + ["verb"])[:3]
        words = cue.strip().lower().split()
        entry = CueEntry(words[0], tuple(words[1:]), stance.strip(), kind.strip())
        forms = inflect(words[0]) if entry.kind == "verb" else {words[0]}
        for form in forms:
            lexicon.setdefault(form, []).append(entry)
    return lexicon


# ------------------------------------------------------------------------------- sentence analysis

@dataclass
class Token:
    text: str  # lower case
    start: int
    end: int


@dataclass
class Cue:
    """A stance cue found in a sentence: token range, entry, negation and voice."""

    first: int
    last: int  # inclusive (the particle's last token for "warned against")
    entry: CueEntry
    negated: bool
    passive: bool
    words: str

    @property
    def stance(self) -> str:
        return self.entry.stance


def tokenize(sentence: str) -> list[Token]:
    """Word and punctuation tokens (lower case) with character offsets."""
    return [Token(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(sentence)]


@lru_cache(maxsize=256)
def _sentence_tokens(sentence: str) -> list[Token]:
    """``tokenize`` memoised for the mentions of one sentence (the callers only read the list)."""
    return tokenize(sentence)


def _tokens_in(tokens: list[Token], start: int, end: int) -> list[int]:
    return [i for i, token in enumerate(tokens) if token.start < end and token.end > start]


def _is_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word not in {"early", "family", "italy", "rally", "ally", "july"}


OTHER_VERB_PARTICLES = frozenset({"down", "out", "off", "away"})   # particles that make another verb of a cue


def find_cues(tokens: list[Token]) -> list[Cue]:
    """Every stance cue of the lexicon in the token list (longest particle match first)."""
    lexicon = stance_lexicon()
    cues = []
    for i, token in enumerate(tokens):
        for entry in sorted(lexicon.get(token.text, []), key=lambda e: -len(e.particle)):
            last = i
            ok = True
            for word in entry.particle:
                nxt = last + 1
                while nxt < len(tokens) and _is_adverb(tokens[nxt].text) and tokens[nxt].text != word:
                    nxt += 1  # "reacted angrily to"
                if nxt < len(tokens) and tokens[nxt].text == word:
                    last = nxt
                else:
                    ok = False
                    break
            if not ok:
                continue
            if entry.kind == "verb" and i and tokens[i - 1].text in {"the", "a", "an", "his", "her", "their", "its", "our"}:
                continue  # "the attack", "their support": a noun, not the verb
            if entry.kind == "verb" and i + 1 < len(tokens) and tokens[i + 1].text in OTHER_VERB_PARTICLES - set(entry.particle):
                continue  # "backed down", "hammered out": another verb
            before = [t.text for t in tokens[max(0, i - 4):i]]
            negated = any(w in NEGATORS or w.endswith("n't") for w in before[-3:]) or any(
                w in NEGATING_VERBS for w in before[-2:])
            j = i - 1
            while j >= 0 and _is_adverb(tokens[j].text):
                j -= 1
            participle = (token.text.endswith(("ed", "en")) or token.text in {"won", "stood", "hit", "taken"}) and (
                token.text != entry.lemma)
            passive = entry.kind == "verb" and participle and (
                (j >= 0 and tokens[j].text in {"was", "were", "been", "is", "are", "be", "being", "got", "get"})
                or (not entry.particle and entry.stance in ("favor", "against") and i + 1 < len(tokens)
                    and tokens[i + 1].text == "by"))  # "a plan backed by X"
            state = entry.particle[-1:] == ("to",) or (last + 1 < len(tokens) and tokens[last + 1].text == "to")
            if passive and state and _agent_index(tokens, last) is None:
                passive = False  # "is committed to T", "are opposed to T": a state of the subject, not a passive
            words = " ".join(t.text for t in tokens[i:last + 1])
            if any(c.first == i and c.entry.kind == entry.kind and c.entry.stance == entry.stance for c in cues):
                continue  # a shorter particle reading of a cue already found
            cues.append(Cue(i, last, entry, negated, passive, words))
    return cues


def _subject_end(tokens: list[Token], cue: Cue) -> int:
    """Index of the last token of the cue's subject (skipping auxiliaries, adverbs, negation, "to")."""
    j = cue.first - 1
    while j >= 0 and (tokens[j].text in AUXILIARIES or tokens[j].text in NEGATORS or tokens[j].text.endswith("n't")
                      or tokens[j].text in NEGATING_VERBS or tokens[j].text in PLAIN_ADVERBS or tokens[j].text == "to"
                      or (tokens[j].text in CONTROL_VERBS and j + 1 < len(tokens) and tokens[j + 1].text == "to")
                      or _is_adverb(tokens[j].text)):
        j -= 1
    return j


def _is_subject(tokens: list[Token], span: list[int], cue: Cue) -> bool:
    """Whether the tokens ``span`` are the subject of ``cue`` (directly, or across an apposition/relative)."""
    if not span:
        return False
    end = _subject_end(tokens, cue)
    if end < 0 or span[-1] > end:
        return False
    gap = [tokens[k].text for k in range(span[-1] + 1, end + 1)]
    if not gap:
        return True
    if gap in (["who"], [",", "who"], ["that"]):
        return True  # "X, who backs T"
    if gap[0] == "," and gap[-1] == "," and len(gap) <= 14 and not any(w in SPEECH_VERBS for w in gap):
        return True  # apposition: "X, a senator from Ohio, praised T"
    if gap[0] in {"in", "from", "of", "at", "for", "on", "with", "during"} and len(gap) <= 5 and "," not in gap:
        return True  # "the senator from Ohio praised T", "X on Tuesday blasted T"
    if all(w in TIME_WORDS for w in gap):
        return True
    if gap[0] == "'s" and len(gap) <= 3 and "," not in gap:
        return True  # "X's campaign attacked T": the possessor's organisation speaks for it
    if gap[0] == "and" and len(gap) <= 4 and "," not in gap:
        return True  # coordinated subjects: "X and Y condemned T"
    return False


def _is_object(tokens: list[Token], span: list[int], cue: Cue, limit: int = 12) -> tuple[bool, bool]:
    """Whether ``span`` lies in the object after ``cue``; and whether an against-preposition precedes it."""
    if not span or span[0] <= cue.last:
        return False, False
    between = [tokens[k].text for k in range(cue.last + 1, span[0])]
    if len(between) > limit or any(w in OBJECT_BREAKS for w in between):
        return False, False
    if any(w in SPEECH_VERBS for w in between) or "," in between[:1]:
        return False, False
    if "to" in between[:-1] and between[between.index("to") + 1] not in {"the", "a", "an", "his", "her", "their", "its"}:
        return False, False  # "agreed to cut T": the stance is toward an action on T, not toward T
    flipped = any(w in AGAINST_PREPOSITIONS for w in between[1:])
    return True, flipped


def _agent_span(tokens: list[Token], cue: Cue) -> int | None:
    """Index of the first token after the passive's "by" (the agent), if any."""
    return _agent_index(tokens, cue.last)


def _agent_index(tokens: list[Token], last: int) -> int | None:
    k = last + 1
    while k < len(tokens) and _is_adverb(tokens[k].text):
        k += 1
    if k < len(tokens) and tokens[k].text == "by":
        return k + 1
    return None


def _polarity(cue: Cue, flipped: bool) -> tuple[str, float, str]:
    """The holder's stance from a favor/against cue, with negation and against-objects applied."""
    stance = cue.stance
    note = f'"{cue.words}" (a word of {WORD_OF[stance]})'
    score = 0.85
    if flipped:
        stance = "against" if stance == "favor" else "favor"
        note += ', and the target comes after "against" or "on" in what is opposed'
        score = 0.6
    if cue.negated:
        note += ", negated"
        if stance == "favor":
            stance, score = "against", 0.65
        else:
            stance, score = "none", 0.5
    return stance, score, note


def _result(label: str, score: float, evidence: str) -> dict[str, Any]:
    return {"label": label, "score": round(float(score), 4), "evidence": evidence}


def _cue_relation(tokens: list[Token], holder: list[int], target: list[int]) -> dict[str, Any] | None:
    """Stance from a favor/against cue linking holder and target, or a reversed link (-> none)."""
    for cue in find_cues(tokens):
        if cue.stance not in {"favor", "against"}:
            continue
        if cue.entry.kind == "noun":  # adjectives ("critical of") work like verbs
            found = _noun_relation(tokens, holder, target, cue)
            if found:
                return found
            continue
        if cue.passive:
            agent = _agent_span(tokens, cue)
            if agent is not None and _is_subject(tokens, target, cue):
                if holder and holder[0] in (agent, agent + 1):
                    stance, score, note = _polarity(cue, False)
                    return _result(stance, score - 0.05, f"{note}: the holder does it (\"by\" the holder)")
            if agent is not None and target and target[0] in (agent, agent + 1) and _is_subject(tokens, holder, cue):
                return _result("none", 0.7, f'"{cue.words}": it is the target that takes this stance, not the holder')
            continue
        is_object, flipped = _is_object(tokens, target, cue)
        if _is_subject(tokens, holder, cue):
            if is_object:
                stance, score, note = _polarity(cue, flipped)
                return _result(stance, score, f"the holder {note} the target")
            if _relative_object(tokens, target, cue):
                stance, score, note = _polarity(cue, False)
                return _result(stance, score - 0.05, f"the holder {note} the target (\"which\")")
        if _is_subject(tokens, target, cue) and _is_object(tokens, holder, cue)[0]:
            return _result("none", 0.7, f'"{cue.words}": it is the target that takes this stance, not the holder')
        if _is_subject(tokens, target, cue) and _relative_object(tokens, holder, cue):
            return _result("none", 0.7, f'"{cue.words}": it is the target that takes this stance, not the holder')
    return None


def _relative_object(tokens: list[Token], span: list[int], cue: Cue) -> bool:
    """"T, which X opposes, ...": ``span`` ends right before ", which|that|whom" and the cue has no object."""
    if not span:
        return False
    after = [t.text for t in tokens[span[-1] + 1:span[-1] + 3]]
    if not (after[:1] in (["which"], ["that"], ["whom"]) or after in ([",", "which"], [",", "whom"])):
        return False
    nxt = cue.last + 1
    if nxt < len(tokens) and tokens[nxt].text in {"for", "since", "in", "on", "at", "during"}:
        nxt = next((k for k in range(nxt, min(nxt + 5, len(tokens))) if tokens[k].text in {",", ".", ";"}), nxt)
    word = tokens[nxt].text if nxt < len(tokens) else "."
    return word in {",", ".", ";", "—"} and cue.first > span[-1]  # "T, which X has backed for years, ..."


def _noun_relation(tokens: list[Token], holder: list[int], target: list[int], cue: Cue) -> dict[str, Any] | None:
    """Stance nouns: "X's support for T", "X expressed support for T", "T won support from X"."""
    nxt = cue.last + 1
    if nxt >= len(tokens):
        return None
    stance = cue.stance
    note = f'"{cue.words}" (a word of {WORD_OF[stance]})'
    received = target and target[-1] < cue.first and cue.first - target[-1] <= 5 and any(
        tokens[k].text in RECEIVE_VERBS for k in range(target[-1] + 1, cue.first))
    if received and tokens[nxt].text in AGENT_PREPOSITIONS | {"of"} and holder and holder[0] in (nxt + 1, nxt + 2):
        return _result(stance, 0.75, f"{note} from the holder to the target")
    if tokens[nxt].text in NOUN_PREPOSITIONS and target and target[0] in (nxt + 1, nxt + 2, nxt + 3):
        before = cue.first - 1
        while before >= 0 and _is_adverb(tokens[before].text):
            before -= 1
        if holder and before >= 0 and tokens[before].text == "'s" and holder[-1] == before - 1:
            return _result(stance, 0.8, f"the holder's {note} for the target")
        if holder and holder[-1] < cue.first and cue.first - holder[-1] <= 5 and not any(
                tokens[k].text in RECEIVE_VERBS for k in range(holder[-1] + 1, cue.first)):
            return _result(stance, 0.75, f"the holder expresses {note} for the target")
    if tokens[nxt].text in AGENT_PREPOSITIONS and holder and holder[0] in (nxt + 1, nxt + 2):
        if target and target[-1] < cue.first and cue.first - target[-1] <= 4:
            return _result(stance, 0.75, f"{note} from the holder to the target")
    if tokens[nxt].text in AGENT_PREPOSITIONS | {"of"} and target and target[0] in (nxt + 1, nxt + 2) and any(
            tokens[k].text in RECEIVE_VERBS for k in range(max(0, cue.first - 4), cue.first)):
        if holder and holder[-1] < cue.first and cue.first - holder[-1] <= 3:
            return _result("none", 0.7, f"{note}: it is the target that takes this stance, not the holder")
    return None


# ------------------------------------------------------------------------------- content rules

def _content_rules(tokens: list[Token], target: list[int], low: int, high: int) -> tuple[str, float, str] | None:
    """Stance of whoever voices tokens[low:high] toward the target, from harm/help, wish and cue rules.

    Returns (favor|against, score, evidence) or None when no rule applies.
    """
    if not target:
        return None
    for cue in find_cues(tokens[low:high]):
        first, last = cue.first + low, cue.last + low
        shifted = Cue(first, last, cue.entry, cue.negated, cue.passive, cue.words)
        is_object, flipped = _is_object(tokens, target, shifted, limit=8)
        subject_end = _subject_end(tokens, shifted)
        target_is_subject = target[-1] <= subject_end and subject_end - target[-1] <= 2 and target[0] >= low
        if cue.stance in {"harm", "help"}:
            if shifted.passive:
                target_is_subject, is_object = is_object, target_is_subject
            good = cue.stance == "help"
            if cue.negated:
                good = not good
            if target_is_subject:
                return ("favor" if good else "against", 0.75,
                        f'target is the subject of "{cue.words}" ({cue.stance}{", negated" if cue.negated else ""})')
            if is_object and not flipped:
                if not good:
                    return "favor", 0.65, f'target is harmed: the object of "{cue.words}"'
        elif cue.stance in {"favor", "against"} and cue.entry.kind != "noun" and is_object and not shifted.passive:
            subject = [t.text for t in tokens[max(low, subject_end - 1):subject_end + 1]]
            if subject_end < low or (subject and subject[-1] in PRONOUN_SUBJECTS | {"group", "government", "party",
                                                                                    "country", "side", "people"}):
                stance, score, note = _polarity(shifted, flipped)
                if stance != "none":
                    return stance, score - 0.05, f"{OWN_SIDE} {note} the target"
    # Wishes: "must ... T", "need to release T", "wants to ... T" (within the clause, a few words before T).
    window = [tokens[k].text for k in range(max(low, target[0] - 10), target[0])]
    breaks = [i for i, w in enumerate(window) if w in OBJECT_BREAKS or w in {",", "that", "which"}]
    window = window[breaks[-1] + 1:] if breaks else window
    if any(w in WISH_WORDS for w in window) and not any(w in NEGATORS or w.endswith("n't") for w in window):
        wish = next(w for w in reversed(window) if w in WISH_WORDS)
        if not any(w in AGAINST_PREPOSITIONS for w in window[window.index(wish):]):
            return "favor", 0.6, f'target is the object of a wish ("{wish}")'
    return None


def _structural(sentence: str, tokens: list[Token], target: tuple[int, int], low: int, high: int
                ) -> tuple[str, float, str] | None:
    """``structural_stance`` over the tokens ``low:high`` of the sentence, as a (stance, score, evidence) triple."""
    if low >= high or low >= len(tokens):
        return None
    reading = structural_stance(sentence, target, tokens[low].start, tokens[min(high, len(tokens)) - 1].end)
    return (reading.label, reading.strength, reading.reason) if reading else None


def content_stance(sentence: str, tokens: list[Token], target_ids: list[int], target: tuple[int, int],
                   low: int, high: int, allow_model: bool = True, word_order: bool = True, judged_only: bool = False,
                   action: str = "", name: str = "") -> tuple[str, float, str]:
    """Stance toward the target of whoever voices tokens[low:high]: favor | against | neutral.

    The parse first (``structural_stance``); then, with ``word_order``, the word-order rules of
    ``_content_rules`` (kept for single sentences with a holder, ``directed_stance``; quotes keep only
    the speaker's own stance verb, "we are committed to T": the others misread what the parse gets right). Then the learned target-sentiment model,
    reading the context only; with ``judged_only`` (quotes), when the target's clause in the speaker's words
    has no evaluative word (``clause_words``), the model's reading of the sentence counts only as a weak side
    (``WEAK_READING``), and when that clause lies outside the speaker's words the quote is neutral; when the model is unsure (neutral, or below 0.55) and the
    target's clause carries clear lexicon valence (|net VADER| >= 0.5 per 4 points), the clause decides.
    ``action`` ("direct" or "reported" speech; "" to skip) reads a policy or action target the speaker says
    they carry out (``own_action_stance``) after the parse rules. ``name`` (the target's name, "" to skip) lets
    a mention that judges the target by the speaker's choice of word decide (``loaded_mention``).
    """
    reading = _structural(sentence, tokens, target, low, high)
    if reading:
        return reading
    rule = _content_rules(tokens, target_ids, low, high)
    if rule and not word_order and not rule[2].startswith(OWN_SIDE):
        rule = None  # quotes keep only the speaker's own stance verb ("we are committed to T")
    if rule:
        return rule
    if action and low < high and low < len(tokens):
        acted = own_action_stance(sentence, target, tokens[low].start, tokens[min(high, len(tokens)) - 1].end,
                                  reported=action == "reported")
        if acted:
            return acted.label, acted.strength, acted.reason
    loaded = loaded_mention(sentence, target, name) if name and low < high and low < len(tokens) and (
        tokens[low].start <= target[0] < tokens[min(high, len(tokens)) - 1].end) else None
    if loaded:
        return loaded.label, loaded.strength, loaded.reason
    gains = beneficiary_word(sentence, target)
    if gains:
        return "neutral", 0.5, (f'the target is who something is good or bad for ("{gains} for"), which says nothing '
                                "of the speaker's view of it")
    sentiment = target_sentiment(sentence, *target, context_only=True)
    stance = SENTIMENT_TO_STANCE[sentiment["label"]]
    about = _structural_clause_words(sentence, tokens, target, low, high) if judged_only else [("", 0.0)]
    if about == [] and allow_model and stance != "neutral" and sentiment["score"] >= MODEL_MIN_PROBABILITY:
        # the tone of the whole sentence, read by the model: a side, but one that yields to any other quote's
        return stance, round(sentiment["score"] * 0.5, 4), f"{WEAK_READING} {sentiment['evidence']}"
    if not about:
        why = ("the target's clause is outside the speaker's words" if about is None
               else "no evaluative word in the target's clause")
        return "neutral", 0.5, f"the quote names the target but takes no side on it: {why}"
    if not allow_model or (stance != "neutral" and sentiment["score"] < MODEL_MIN_PROBABILITY):
        return "neutral", 1.0 - sentiment["score"] * 0.5, f"no rule applies and {sentiment['evidence']}, too unsure to take a side"
    net = _clause_lexicon(tokens, target_ids, low, high)
    if (stance == "neutral" or sentiment["score"] < 0.55) and abs(net) >= CLAUSE_MIN_VALENCE:
        clause_stance = "favor" if net > 0 else "against"
        if clause_stance != stance:
            return clause_stance, 0.55, f"the words around the target are {'positive' if net > 0 else 'negative'} overall (VADER {net:+.2f}); the model was unsure"
    if stance == "neutral":
        return "neutral", round(sentiment["score"] * 0.8, 4), sentiment["evidence"]
    return stance, round(sentiment["score"] * 0.8, 4), sentiment["evidence"]


def _structural_clause_words(sentence: str, tokens: list[Token], target: tuple[int, int], low: int, high: int
                             ) -> list[tuple[str, float]] | None:
    """``clause_words`` for the target over the tokens ``low:high`` of the sentence."""
    if low >= high or low >= len(tokens):
        return None
    return clause_words(sentence, target, tokens[low].start, tokens[min(high, len(tokens)) - 1].end)


# ------------------------------------------------------------------------------- directed stance

def _speech_content(tokens: list[Token], holder: list[int], target: list[int]) -> tuple[int, int, str] | None:
    """Token range of content the holder reports that contains the target.

    Forms: "H said ...", "H, who ..., said ...", '"...," said H', '"...," H said', "according to H, ...",
    "..., according to H".
    """
    if not holder or not target:
        return None
    candidates: list[tuple[int, int, str]] = []
    closers = {",", '"', "”", "'", "“"}
    for k, token in enumerate(tokens):
        if token.text == "according" and k + 1 < len(tokens) and tokens[k + 1].text == "to" and holder[0] in (k + 2, k + 3):
            comma = next((m for m in range(holder[-1] + 1, len(tokens)) if tokens[m].text == ","), None)
            if k == 0 and comma is not None:
                candidates.append((comma + 1, len(tokens), '"according to" the holder'))
            else:
                candidates.append((0, k, '"according to" the holder'))
            continue
        if token.text not in SPEECH_VERBS:
            continue
        pseudo = Cue(k, k, CueEntry(token.text, (), "speech", "verb"), False, False, token.text)
        if _is_subject(tokens, holder, pseudo):
            if token.text in tell_verbs() and (target[0] == k + 1 or (target[0] == k + 2 and tokens[k + 1].text in GRAMMAR.determiners)):
                continue   # "X told the outlet that ...", "telling host Chris Wallace ...": the audience, not the content
            candidates.append((k + 1, len(tokens), f'holder is the source of "{token.text}"'))
            if holder[0] >= 2 and tokens[holder[0] - 1].text in closers:  # '"...," H said'
                candidates.append((0, holder[0], f'holder is the source of "{token.text}" (after the quote)'))
        elif holder[0] in (k + 1, k + 2) and k >= 2 and tokens[k - 1].text in closers:  # '"...," said H'
            candidates.append((0, k, f'holder is the source of "{token.text}" (after the quote)'))
    for low, high, how in candidates:
        if low <= target[0] and target[-1] < high:
            return low, high, how
    return None


def _clause_lexicon(tokens: list[Token], target: list[int], low: int, high: int) -> float:
    """Net VADER valence (per word, negation flips) of the target's clause inside tokens[low:high]."""
    left = target[0]
    while left > low and tokens[left - 1].text not in CLAUSE_BREAKS - {"and", "that"}:
        left -= 1
    right = target[-1] + 1
    while right < high and tokens[right].text not in CLAUSE_BREAKS - {"and", "that"}:
        right += 1
    net, negated = 0.0, False
    for k in range(left, right):
        word = tokens[k].text
        if word in NEGATORS or word.endswith("n't"):
            negated = True
        if k in target:
            continue
        value = word_valence(word)[0]
        net += -value if negated else value
    return net


def directed_stance(sentence: str, holder: tuple[int, int], target: tuple[int, int]) -> dict[str, Any]:
    """Stance of the holder ``sentence[holder[0]:holder[1]]`` toward the target: favor | against | none.

    Rules in order (the first that applies decides; ``evidence`` says which):
    a cue verb or stance noun linking holder and target (active, passive "by", relative clause;
    a reversed link -- the target holds the stance -- gives none); content the holder reports,
    judged by the harm/help, wish and own-side cue rules and otherwise by the learned
    target-sentiment model; when the holder opens the clause before the target with no
    reporting verb, the model's sentiment toward the target if it is confident; finally a stance word that links
    them in the dependency parse (``parse_relation``), else none.
    """
    for name, (start, end) in (("holder", holder), ("target", target)):
        if not (0 <= start < end <= len(sentence)):
            raise ValueError(f"{name} span ({start}, {end}) is outside the sentence of {len(sentence)} characters")
    tokens = tokenize(sentence)
    holder_ids = _tokens_in(tokens, *holder)
    target_ids = [i for i in _tokens_in(tokens, *target) if i not in holder_ids]
    if not holder_ids or not target_ids:
        return _result("none", 0.5, "holder and target overlap")
    found = _cue_relation(tokens, holder_ids, target_ids)
    if found:
        return found
    content = _speech_content(tokens, holder_ids, target_ids)
    if content:
        low, high, how = content
        stance, score, note = content_stance(sentence, tokens, target_ids, target, low, high)
        return _result("none" if stance == "neutral" else stance, score, f"{how}; {note}")
    # A holder that opens the sentence or clause before the target, with no reporting verb between them:
    # the words between are most likely the holder's own action toward the target.
    opens = holder_ids[0] == 0 or tokens[holder_ids[0] - 1].text in {",", ";", "and", "but"}
    between = {tokens[k].text for k in range(holder_ids[-1] + 1, target_ids[0])}
    if opens and holder_ids[-1] < target_ids[0] and not between & (SPEECH_VERBS | {"by", "from", "."}):
        stance, score, note = content_stance(sentence, tokens, target_ids, target, holder_ids[-1] + 1, len(tokens))
        if stance == "against" and "subject of" in note:
            stance = "neutral"  # the target harms something: the narrator's claim, not the holder's stance
        if stance != "neutral" and score >= 0.4:
            return _result(stance, score * 0.75, f"holder is the subject before the target; {note}")
    parsed = parse_relation(sentence, holder, target)
    if parsed:
        return parsed
    return _result("none", 0.6, "no cue, attribution or confident sentiment links the holder to the target")


def parse_relation(sentence: str, holder: tuple[int, int], target: tuple[int, int]) -> dict[str, Any] | None:
    """Stance from a favor/against word of the lexicon that links holder and target in the dependency parse
    (``stance_links``). None when no such word links them."""
    doc = parse_sentence(sentence)
    if doc is None:
        return None
    holder_root, target_root = _span_root(doc, holder), _span_root(doc, target)
    if holder_root is None or target_root is None:
        return None
    for link in stance_links(doc):
        if any(_stands_for(holder_root, doer) for doer in link.doers) and any(
                _stands_for(target_root, thing) or _owner_of(target_root, thing) for thing in link.objects):
            return _result(link.stance, 0.7, link.note)
    return None


@dataclass(frozen=True)
class StanceLink:
    """A favor/against word of the lexicon in a parse, with who takes the stance and toward what."""

    cue: Any
    doers: tuple[Any, ...]
    objects: tuple[Any, ...]
    stance: str   # favor | against | none (a negated against)
    note: str


def stance_links(doc: Any) -> list[StanceLink]:
    """The stance words of a parsed sentence and what they link. A verb: the doer is its subject (through
    "who", or the subject of the verb it depends on: "X went on to criticize T") or its passive agent ("T was
    assailed by X"); the object its object, passive subject or the object of its particle ("railed against T").
    A noun: "X's support for T", "X filed a lawsuit against T", "X spoke out in defense of T". Negation turns
    favor to against and against to none."""
    lexicon = stance_lexicon()
    links = []
    for cue in doc:
        particles = {c.lower_ for c in cue.children if c.dep_ in ("prep", "prt")}
        entries = [e for e in lexicon.get(cue.lower_, []) if e.stance in ("favor", "against")
                   and e.kind == {"VERB": "verb", "NOUN": "noun"}.get(cue.pos_)
                   and (not e.particle or (e.kind == "verb" and len(e.particle) == 1 and e.particle[0] in particles))]
        phrasal = {c.lower_ for c in cue.children if c.dep_ == "prt"} & OTHER_VERB_PARTICLES
        if not entries or any(phrasal - set(e.particle) for e in entries):
            continue   # "hammered out a deal", "backed down": another verb than the lexicon's
        entry = max(entries, key=lambda e: len(e.particle))   # "vote against T" before "vote"
        if entry.kind == "noun":
            verb, doers, objects = _noun_parts(cue)
        else:
            verb, doers, objects = cue, *_verb_parts(cue, entry)
        if verb is not None and _unasserted(verb):
            continue   # "if X backs T", "whether X supports T": no stance is stated
        stance = entry.stance
        note = f'"{cue.text}" (a word of {WORD_OF[stance]}) links the holder to the target in the parse'
        if verb is not None and _negated_on_the_way(verb):
            stance, note = ("against" if stance == "favor" else "none"), note + ", negated"
        links.append(StanceLink(cue, tuple(d for d in doers if d is not None), tuple(objects), stance, note))
    return links


def _unasserted(verb: Any) -> bool:
    """Whether the verb's clause is a condition or an open question ("if X backs T", "whether X supports T")."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in verb.children)


def _negated_on_the_way(verb: Any) -> bool:
    """Whether the verb, or a verb it completes on the way to its subject, is negated ("did not back T",
    "refused to endorse T", "stopped supporting T")."""
    return any(any(c.dep_ == "neg" for c in step.children) or step.lower_ in NEGATING_VERBS
               for step in _up_to_the_subject(verb))


def _up_to_the_subject(verb: Any) -> list[Any]:
    """The verb and the verbs it completes or is joined to, up to the first that has a subject ("went on to
    criticize", "spoke out and criticized"; at most four steps)."""
    chain = [verb]
    while len(chain) < 5 and not any(c.dep_ in ("nsubj", "csubj") for c in verb.children) \
            and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
        verb = verb.head
        chain.append(verb)
    return chain


def _verb_parts(verb: Any, entry: CueEntry) -> tuple[list[Any], list[Any]]:
    """Who does a stance verb, and to what."""
    modifier = verb.dep_ == "acl" and verb.tag_ == "VBN"   # "a system backed by the Red Cross"
    passive = modifier or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    agent = next((w for c in _own_phrases(verb) if c.dep_ == "agent" or (
                      c.dep_ == "prep" and c.lower_ == "by" and (c.head is verb or c.head.pos_ in ("NOUN", "PROPN")))
                  for w in c.children if w.dep_ == "pobj"), None)
    doers = [agent] if passive else _verb_subjects(verb)
    objects = [verb.head if c.lower_ in GRAMMAR.relative_pronouns and verb.dep_ == "relcl" else c
               for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    objects += [verb.head] if modifier else []
    if entry.particle:   # "call for T": the particle's object, not "called T's conduct a breach"
        objects = [w for c in verb.children if c.dep_ == "prep" and c.lower_ in entry.particle
                   for w in c.children if w.dep_ == "pobj"]
    return doers, objects


NOUN_OBJECT_PREPOSITIONS = frozenset({"for", "of", "to", "against", "on", "toward", "towards"})
# A stance noun in these phrases is not the subject's own ("with the backing of the unions, Smith won")
CIRCUMSTANCE_PREPOSITIONS = frozenset({"with", "without", "despite", "amid", "after", "before", "under"})


# Nouns that name the holder of a stance ("a supporter of T", "T's critics"): the noun is the holder
AGENT_NOUNS = frozenset({"supporter", "supporters", "backer", "backers", "champion", "advocate", "advocates", "ally",
                         "allies", "critic", "critics", "opponent", "opponents", "defender", "defenders", "detractor",
                         "detractors", "proponent", "proponents"})


def _agent_parts(noun: Any) -> tuple[Any, list[Any], list[Any]]:
    """Who an agent noun names and toward what: "supporters of T" (the noun itself), "a supporter of T, X has
    ..." and "X, a critic of T" (X beside it), "one of T's critics, X" (X beside "one"), "X is a critic of T"."""
    named = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in ("one", "some", "many", "all"):
        named.append(noun.head.head)   # "one of Mr. Obama's key supporters, David Axelrod"
    doers = list(named)
    for token in named:
        doers += [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos":
            doers.append(token.head)
        if token.dep_ in ("nsubj", "attr"):
            doers += [c for c in token.head.children if c.dep_ == "nsubj" and c.i != token.i]
    objects = [w for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for w in c.children if w.dep_ == "pobj"]
    objects += [c for c in noun.children if c.dep_ == "poss"]
    return None, doers, objects


def _noun_parts(noun: Any) -> tuple[Any, list[Any], list[Any]]:
    """The verb a stance noun belongs to (or None), who holds the stance (the noun's owner, the verb's subject)
    and toward what (the object of the noun's preposition, or of "against" on that verb)."""
    if noun.lower_ in AGENT_NOUNS:
        return _agent_parts(noun)
    verb = noun.head if noun.dep_ == "dobj" else noun.head.head if (
        noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ not in CIRCUMSTANCE_PREPOSITIONS) else None
    verb = verb if verb is not None and verb.pos_ in ("VERB", "AUX") else None
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if verb is not None and verb.lemma_.lower() in receiving_verbs():
        # "T drew criticism from X", "Smith won the support of the unions": the subject receives the attitude
        givers = [w for c in list(noun.children) + list(verb.children) if c.dep_ == "prep" and c.lower_ == "from"
                  for w in c.children if w.dep_ == "pobj"]
        return verb, owners + givers, [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if givers else []
    doers = owners + (_verb_subjects(verb) if verb is not None else [])
    objects = [w for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_OBJECT_PREPOSITIONS
               for w in c.children if w.dep_ == "pobj"]
    objects += [w for c in (verb.children if verb is not None else []) if c.dep_ == "prep" and c.lower_ == "against"
                for w in c.children if w.dep_ == "pobj"]
    return verb, doers, objects


def _own_phrases(verb: Any) -> list[Any]:
    """The verb's children and those of its phrases ("banned from conducting worship by the ministry": the
    parser may hang "by" on "conducting"), not entering clauses of their own (relative, reported, adverbial)."""
    found, stack = [], list(verb.children)
    while stack:
        token = stack.pop()
        found.append(token)
        if token.dep_ in ("prep", "pobj", "pcomp", "dobj") and len(found) < 40:
            stack.extend(c for c in token.children if c.dep_ not in ("relcl", "ccomp", "advcl", "acl"))
    return found


def _span_root(doc: Any, span: tuple[int, int]) -> Any:
    """The syntactic root of the words at a character span (None when the span holds no token)."""
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words.root if words is not None and len(words) else None


def _verb_subjects(verb: Any) -> list[Any]:
    """Who does ``verb``: its subject, the noun a "who" relative clause hangs on, or the subject of the verb it
    completes or is joined to (``_up_to_the_subject``)."""
    verb = _up_to_the_subject(verb)[-1]
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if subject is None:
        return []
    if subject.lower_ in GRAMMAR.relative_pronouns and verb.dep_ == "relcl":
        return [verb.head]
    return [subject] + [c for c in subject.children if c.dep_ == "conj"]


def _stands_for(mention: Any, token: Any) -> bool:
    """Whether the mention's root token is ``token``, or its apposition or conjunct."""
    return mention.i == token.i or (mention.head.i == token.i and mention.dep_ in ("appos", "conj")) or (
        token.head.i == mention.i and token.dep_ == "appos")


def _owner_of(mention: Any, token: Any) -> bool:
    """Whether the mention owns ``token`` ("T's decision")."""
    return mention.dep_ == "poss" and mention.head.i == token.i


# ------------------------------------------------------------------------------- quotes and targets

METHODS = ("combined", "lexicon", "model")


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """Character span of the sentence of ``text`` that contains ``offset`` (the one before it, in a gap)."""
    starts, ends = _sentence_index(text)
    if not starts:
        return 0, len(text)
    k = max(bisect.bisect_right(starts, offset) - 1, 0)
    return starts[k], ends[k]


@lru_cache(maxsize=8)
def _sentence_index(text: str) -> tuple[list[int], list[int]]:
    """Sorted sentence starts and ends of ``text`` (computed once per article, not once per quote)."""
    from helpers.segment import sentence_spans

    spans = sentence_spans(text)
    return [start for _paragraph, start, _end in spans], [end for _paragraph, _start, end in spans]


def _lexicon_only(sentence: str, tokens: list[Token], target: tuple[int, int], target_ids: list[int], low: int,
                  high: int) -> tuple[str, float, str]:
    """The lexicon-only method: rules, then the VADER valence of the target's clause (no learned model)."""
    rule = _structural(sentence, tokens, target, low, high) or _content_rules(tokens, target_ids, low, high)
    if rule:
        return rule
    net = _clause_lexicon(tokens, target_ids, low, high)
    if abs(net) >= 0.25:
        return ("favor" if net > 0 else "against"), min(0.5 + abs(net) / 4, 0.8), f"the words around the target are {'positive' if net > 0 else 'negative'} overall (VADER {net:+.2f})"
    return "neutral", 0.5, f"no rule applies and the words around the target are not clearly positive or negative (VADER {net:+.2f})"


def _model_only(sentence: str, target: tuple[int, int]) -> tuple[str, float, str]:
    """The model-only method: the target-sentiment model's label mapped to a stance."""
    sentiment = target_sentiment(sentence, *target)
    return SENTIMENT_TO_STANCE[sentiment["label"]], sentiment["score"], sentiment["evidence"]


def _stance_in_sentence(text: str, quote: dict[str, Any], start: int, end: int, method: str,
                        action_target: bool = False, name: str = "") -> tuple[str, float, str]:
    """Stance of the quote's speaker toward the target mention text[start:end] (``action_target``: the target is a
    policy or action, which a speaker can support by carrying it out; ``name``: the target's name)."""
    s_start, s_end = _sentence_bounds(text, start)
    s_end = max(s_end, end)
    sentence = text[s_start:s_end]
    tokens = _sentence_tokens(sentence)
    target = (start - s_start, end - s_start)
    target_ids = _tokens_in(tokens, *target)
    if method == "model":
        return _model_only(sentence, target)
    cue_start = quote.get("cue_start")
    if cue_start is not None and not pd.isna(cue_start) and s_start <= cue_start < s_end:
        former = former_stance(sentence, (int(cue_start) - s_start, int(quote["cue_end"]) - s_start))
        if former:
            return "neutral", 0.5, f'a stance the speaker held before ("{former}"), not the one reported now'
    if quote["kind"] == "reaction" and cue_start is not None and not pd.isna(cue_start) and s_start <= cue_start < s_end:
        cue_ids = _tokens_in(tokens, int(cue_start) - s_start, int(quote["cue_end"]) - s_start)
        for cue in find_cues(tokens):
            if cue.first in cue_ids and cue.stance in {"favor", "against"} and cue.entry.kind == "verb":
                is_object, flipped = _is_object(tokens, target_ids, cue, limit=20)
                if is_object:
                    stance, score, note = _polarity(cue, flipped)
                    return ("neutral" if stance == "none" else stance), score, f"the speaker reacted with {note}"
    if cue_start is not None and not pd.isna(cue_start) and s_start <= cue_start < s_end:
        # Any quote whose cue states a stance ("condemned", "attacked ... as garbage"): the cue's object decides.
        reading = reaction_stance(sentence, target, (int(cue_start) - s_start, int(quote["cue_end"]) - s_start))
        if reading:
            return reading.label, reading.strength, reading.reason
    content_low = max(int(quote["start"]), s_start) - s_start
    content_high = min(int(quote["end"]), s_end) - s_start
    low = next((i for i, t in enumerate(tokens) if t.end > content_low), 0)
    high = next((i for i, t in enumerate(tokens) if t.start >= content_high), len(tokens))
    if _is_outlet(str(quote.get("speaker", ""))):
        return "neutral", 0.9, "a news outlet relays what happened: no side is read from its report"
    if method == "lexicon":
        return _lexicon_only(sentence, tokens, target, target_ids, low, high)
    relays = quote.get("speaker_type") in RELAYING_TYPES
    action = "" if not action_target or relays else "direct" if quote["kind"] == "direct" else "reported"
    return content_stance(sentence, tokens, target_ids, target, low, high, allow_model=not relays, word_order=False,
                          judged_only=True, action=action, name=name)


def quote_stances(quotes: pd.DataFrame, targets: Iterable[dict[str, Any]] | str | None, text: str,
                  method: str = "combined") -> pd.DataFrame:
    """One row per (quote, target mentioned in its content or in the object of its reaction cue).

    Columns: ``quote_id, speaker_id, speaker, side, kind, target, stance (favor|against|neutral),
    score, evidence, target_start, target_end`` (offsets of the target mention in ``text``).
    ``method``: ``combined`` (rules, then the learned model, then clause valence when the model is
    unsure), ``lexicon`` (rules and clause valence only) or ``model`` (the learned model only).
    """
    records = [] if quotes is None or quotes.empty else _quote_records(quotes)
    return pd.DataFrame(quote_stance_rows(records, targets, text, method), columns=QUOTE_STANCE_COLUMNS)


def quote_stance_rows(quotes: list[dict[str, Any]], targets: Iterable[dict[str, Any]] | str | None, text: str,
                      method: str = "combined") -> list[tuple]:
    """The rows of ``quote_stances`` as tuples, from quotes as plain dicts (what corpora use: no DataFrames)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    targets = load_targets(targets if not isinstance(targets, str) else [targets]) if targets is not None else []
    if not quotes or not targets:
        return []
    mentions = mention_rows(text, targets)
    mention_starts = [m[1] for m in mentions]  # sorted by mention_rows
    owners: dict[str, set[str]] | None = None   # who carries out each action target, read when first needed
    rows = []
    for quote in quotes:
        speaker = quote.get("speaker")
        if not isinstance(speaker, str) or not speaker.strip():
            continue  # an unattributed quote has no holder
        q_start, q_end = int(quote["start"]), int(quote["end"])
        first = bisect.bisect_left(mention_starts, q_start)
        last = bisect.bisect_left(mention_starts, q_end)
        inside = [m for m in mentions[first:last] if m[2] <= q_end]
        self_targets = {m[0] for m in inside if names_speaker(m[3], speaker)}
        inside += pronoun_mentions(text, q_start, q_end, mentions[:last], exclude=next(iter(self_targets), ""))
        inside += thing_pronoun_mentions(text, q_start, q_end, mentions[:last])
        for m_target, m_start, m_end, m_text in inside:
            if m_target in self_targets or names_speaker(m_target, speaker):
                continue  # a speaker's words about themselves are not a stance toward a target
            stance, score, evidence = _stance_in_sentence(text, quote, m_start, m_end, method,
                                                          action_target=name_kind(m_target) == "phrase", name=m_target)
            undecided = stance == "neutral" or is_weak_reading(evidence)   # a weak reading yields to a rule
            if undecided and method == "combined" and name_kind(m_target) == "phrase" and owners is None:
                owners = action_owners(text, mentions)
            owner = _owned_by(owners.get(m_target, ()), speaker, quote.get("side") or "") if owners else ""
            if undecided and owner and quote.get("speaker_type") not in RELAYING_TYPES \
                    and not _is_outlet(speaker):
                stance, score, evidence = "favor", OWN_ACTION_SCORE, (
                    f"the article tells the target as {owner}'s own action, and the speaker speaks for {owner} "
                    "without judging it: one defends what one does")
            rows.append((quote["quote_id"], quote["speaker_id"], speaker, quote.get("side") or "",
                         quote["kind"], m_target, stance, round(float(score), 4),
                         f'"{m_text}": {evidence}', m_start, m_end))
    # One row per (quote, target): the most confident mention decides; ties keep the first mention.
    rows.sort(key=lambda row: row[9])
    rows.sort(key=lambda row: -row[7])
    rows.sort(key=lambda row: (row[0], row[5]))
    seen: set[tuple[Any, Any]] = set()
    kept = [row for row in rows if not ((row[0], row[5]) in seen or seen.add((row[0], row[5])))]
    kept.sort(key=lambda row: (row[0], row[9]))
    return kept


def _is_outlet(speaker: str) -> bool:
    """A news outlet relays what happened: it takes no side and owns no action ("Reuters", "the BBC")."""
    return speaker.lower().removeprefix("the ") in news_outlets()


def _owned_by(owners: Iterable[str], speaker: str, side: str) -> str:
    """The owner of an action target that the speaker is or speaks for (by name or side), or ""."""
    for owner in sorted(owners):
        if names_speaker(owner, speaker) or (side and names_speaker(owner, side)):
            return owner
    return ""


def names_speaker(name: str, speaker: str) -> bool:
    """Whether a target name or mention names the speaker ("Roe" or "Jane Roe" for Jane Roe; "UNESCO" for
    "United Nations Educational, Scientific and Cultural Organization (UNESCO)": a word in brackets is the
    speaker's other name)."""
    words = [w.lower().strip(".,'’").removesuffix("'s") for w in name.split()]
    words = [w for w in words if w not in {"the", "a", "an"}]
    own = [w.lower().strip("().,'’\"") for w in str(speaker).split()]
    aliases = {w.lower().strip("().,'’\"") for w in str(speaker).split() if w.startswith("(")}
    return bool(words) and bool(own) and (words == own or words == own[-1:] or words[-1:] == own[-1:] == words
                                          or (len(words) == 1 and words[0] in aliases))


_QUOTE_FIELDS = ("quote_id", "speaker_id", "speaker", "side", "kind", "start", "end", "cue_start", "cue_end",
                 "speaker_type")


def _quote_records(quotes: pd.DataFrame) -> list[dict[str, Any]]:
    """The fields of each quote that stances need, as ``quotes.to_dict("records")`` gives them."""
    fields = [name for name in _QUOTE_FIELDS if name in quotes.columns]
    columns = [map(maybe_box_native, quotes[name]) for name in fields]
    return [dict(zip(fields, values)) for values in zip(*columns)]


def is_weak_reading(evidence: str) -> bool:
    """Whether a quote's stance is a weak reading: the model's tone of the sentence, no evaluative word near."""
    return WEAK_READING in str(evidence)


def deciding_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The quotes of a (speaker, target) cell that decide its label: weak readings (``is_weak_reading``) only when
    no other quote of the cell takes a side."""
    weak = rows["evidence"].map(is_weak_reading).astype(bool)
    strong_side = rows["stance"].isin(["favor", "against", "mixed"]) & ~weak
    return rows[~weak] if strong_side.any() else rows


def combine(stances: Iterable[str]) -> str:
    """The codebook's rule for a cell: favor(+neutral) -> favor, against(+neutral) -> against,
    favor and against -> mixed, only neutral -> neutral."""
    found = set(stances)
    if {"favor", "against"} <= found or "mixed" in found:   # a cell already mixed stays mixed
        return "mixed"
    if "favor" in found:
        return "favor"
    if "against" in found:
        return "against"
    return "neutral"


def _cell_score(rows: pd.DataFrame, stance: str) -> float:
    """Mean raw strength of the quotes carrying the cell's label (of the favor/against quotes when mixed)."""
    carrying = rows[rows["stance"].isin(["favor", "against"])] if stance == "mixed" else rows[rows["stance"] == stance]
    return round(float(carrying["score"].mean()), 4) if len(carrying) else 0.0


def evidence_basis(evidence: str) -> str:
    """What decided a quote's stance, from its evidence: "model" (the learned model), "lexicon" (word
    valence of the clause) or "rule" (a cue, the parse, a reaction)."""
    return "model" if "learned model" in evidence else "lexicon" if "(VADER" in evidence else "rule"


CALIBRATION_JSON = DATA_DIR / "stance_calibration.json"
# Two features only: the calibration split is small (15 cells) and a richer fit did worse on the dev split.
CALIBRATION_FEATURES = ("raw", "neutral")


def cell_features(rows: pd.DataFrame, stance: str) -> dict[str, float]:
    """What the calibration reads of a (speaker, target) cell: the raw strength of its quotes, the share
    decided by the model or the lexicon, its label, and whether several quotes back it."""
    bases = [evidence_basis(str(e)) for e in rows["evidence"]]
    return {"raw": _cell_score(rows, stance), "model": bases.count("model") / len(bases),
            "lexicon": bases.count("lexicon") / len(bases), "neutral": float(stance == "neutral"),
            "mixed": float(stance == "mixed"), "several_quotes": float(rows["quote_id"].nunique() > 1)}


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    """The shipped calibration (a logistic regression over ``CALIBRATION_FEATURES``), or {} when absent."""
    return json.loads(CALIBRATION_JSON.read_text(encoding="utf-8")) if CALIBRATION_JSON.is_file() else {}


def calibrated_score(features: dict[str, float]) -> float:
    """Probability that the cell's label is right, from the shipped calibration (the raw strength without one)."""
    fitted = calibration()
    if not fitted:
        return round(features["raw"], 4)
    z = fitted["intercept"] + sum(fitted["coef"][name] * features[name] for name in fitted["coef"])
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def _quote_stances_for(quotes: pd.DataFrame, targets: Any, text: str | None, method: str) -> pd.DataFrame:
    """Accept either a quotes table (needs ``text``) or an already computed quote-stance table."""
    if quotes is not None and {"stance", "target"} <= set(quotes.columns):
        return quotes
    if text is None:
        text = text_from_quotes(quotes)
    return quote_stances(quotes, targets, text, method=method)


def text_from_quotes(quotes: pd.DataFrame) -> str:
    """Rebuild as much of the article as the quotes table holds, at the same offsets.

    Each quote's content, cue and mention are written at their offsets; the stretch from a quote's first
    to its last piece is filled with spaces (one sentence) and everything else with line breaks (so quotes
    never run into each other). Used when ``stance_table`` is called without the article text: the rules
    then see only the quote's own words.
    """
    pieces = []
    for quote in quotes.to_dict("records"):
        spans = []
        for text_key, start_key, end_key in (("text", "start", "end"), ("cue", "cue_start", "cue_end"),
                                             ("mention", "mention_start", "mention_end")):
            value, start = quote.get(text_key), quote.get(start_key)
            if isinstance(value, str) and value and start is not None and not pd.isna(start):
                spans.append((int(start), value))
        if spans:
            pieces.append(spans)
    length = max((start + len(value) for spans in pieces for start, value in spans), default=0)
    chars = ["\n"] * length
    for spans in pieces:
        low, high = min(s for s, _v in spans), max(s + len(v) for s, v in spans)
        chars[low:high] = [" "] * (high - low)
    for spans in pieces:
        for start, value in spans:
            chars[start:start + len(value)] = list(value)
    return "".join(chars)


def stance_table(quotes: pd.DataFrame, targets: Any = None, text: str | None = None,
                 method: str = "combined", min_score: float = 0.0, calibrated: bool = True) -> pd.DataFrame:
    """One row per (speaker, target): ``speaker_id, speaker, side, target, stance (favor|against|neutral|mixed),
    score, n_quotes, quote_ids, evidence, basis``, combined by ``combine`` (see the module docstring).

    ``score`` is the calibrated probability that the cell's label is right (``calibrated_score``; the raw
    strength of its quotes with ``calibrated=False``); rows below ``min_score`` are dropped. ``basis`` says
    what decided most of its quotes (rule, model or lexicon). ``quotes`` is a quotes table (then ``targets``
    are needed, and ``text``, the article; without it the article is rebuilt from the quotes' own words by
    ``text_from_quotes``) or the output of ``quote_stances``.
    """
    per_quote = _quote_stances_for(quotes, targets, text, method)
    rows = []
    for (speaker_id, speaker, side, target), group in per_quote.groupby(
            ["speaker_id", "speaker", "side", "target"], sort=True, dropna=False):
        deciding = deciding_rows(group)
        stance = combine(deciding["stance"])
        evidence = "; ".join(f"quote {row.quote_id} {row.stance}: {row.evidence}" for row in group.itertuples())
        features = cell_features(deciding, stance)
        score = calibrated_score(features) if calibrated else features["raw"]
        basis = "model" if features["model"] > 0.5 else "lexicon" if features["lexicon"] > 0.5 else "rule"
        rows.append((speaker_id, speaker, side, target, stance, score, int(group["quote_id"].nunique()),
                     sorted(int(q) for q in group["quote_id"].unique()), evidence, basis))
    frame = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    frame = frame[frame["score"] >= min_score]
    return frame.sort_values(["speaker_id", "target"], kind="stable").reset_index(drop=True)


def side_stance_table(quotes: pd.DataFrame, targets: Any = None, text: str | None = None,
                      method: str = "combined") -> pd.DataFrame:
    """One row per (side, target), the same rule applied to all quotes of the side's speakers.

    Speakers without a side are grouped as "(no side)".
    """
    per_quote = _quote_stances_for(quotes, targets, text, method).copy()
    per_quote["side"] = per_quote["side"].fillna("").replace("", "(no side)")
    rows = []
    for (side, target), group in per_quote.groupby(["side", "target"], sort=True):
        deciding = deciding_rows(group)
        stance = combine(deciding["stance"])
        rows.append((side, target, stance, _cell_score(deciding, stance), int(group["speaker_id"].nunique()),
                     int(group["quote_id"].nunique()), sorted(group["speaker"].astype(str).unique()),
                     sorted(int(q) for q in group["quote_id"].unique())))
    return pd.DataFrame(rows, columns=SIDE_STANCE_COLUMNS)


def disagreements(sides: pd.DataFrame) -> pd.DataFrame:
    """Targets on which one side is for and another against: ``target, favor, against`` (side lists)."""
    rows = []
    for target, group in sides.groupby("target", sort=True):
        favor = sorted(group.loc[group["stance"] == "favor", "side"])
        against = sorted(group.loc[group["stance"] == "against", "side"])
        if favor and against:
            rows.append((target, favor, against))
    return pd.DataFrame(rows, columns=["target", "favor", "against"])


# ------------------------------------------------------------------------------- articles and the CLI

def article_targets(article: Article, targets: Any = None, quotes: pd.DataFrame | None = None
                    ) -> tuple[list[dict[str, Any]], str]:
    """The targets for an article and where they came from: given, the sidecar, or suggested
    (``suggest_targets``, reading the article's attribution ``quotes`` when given)."""
    if targets:
        return load_targets(targets), "given"
    if article.sidecar("targets"):
        return load_targets(article.sidecar("targets")), "sidecar"
    suggested = suggest_targets(article.text, quotes=quotes)
    return load_targets([{"target": t["target"], "patterns": t["patterns"]} for t in suggested]), "suggested"


def article_stances(article: Article, args: argparse.Namespace | None = None) -> pd.DataFrame:
    """The ``stances`` command: one record per (speaker, target) of one article.

    Targets: ``--targets FILE`` if given, else the article's ``NAME.targets.json``, else suggested ones;
    rows scoring below ``args.min_score`` (when the command line gives one) are left out.
    """
    from helpers.speakers import attribute

    given = getattr(args, "targets", None) if args is not None else None
    min_score = float(getattr(args, "min_score", None) or 0.0) if args is not None else 0.0
    quotes, _speakers = attribute(article.text, corrections=article.sidecar("corrections"))
    targets, _source = article_targets(article, given, quotes)
    table = stance_table(quotes, targets, article.text, min_score=min_score)
    return table[RECORD_COLUMNS]


# ------------------------------------------------------------------------------- structural rules (the parse)

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECTS = frozenset({"dobj", "obj", "pobj", "dative", "attr", "oprd"})
SKIPPED_CLAUSES = frozenset({"ccomp", "advcl", "parataxis", "relcl", "csubj", "mark", "punct", "cc", "conj"})
SPEAKER_VOICE = frozenset({"i", "we", "us", "me", "you"})
MODALS = frozenset({"must", "should", "need", "needs", "ought", "have", "has"})
CONDITIONALS = frozenset({"if", "unless", "whether"})


@dataclass(frozen=True)
class Reading:
    """A stance read from the parse: label, a raw strength in [0, 1], and the reason in plain words."""

    label: str
    strength: float
    reason: str


def word_polarity(token: Any) -> float:
    """Evaluative weight of one word: the stance lexicon first (favor/help +2, against/harm -2), else VADER."""
    if token.pos_ not in {"NOUN", "VERB", "ADJ", "ADV", "INTJ"}:
        return 0.0  # "like" as a preposition, "no" as a determiner: grammar, not evaluation
    joined, first = _hyphenated(token)
    if joined in evaluative_words():
        return evaluative_words()[joined] if first else 0.0   # "a non-starter", split by the parser: counted once
    entries = stance_lexicon().get(token.text.lower(), []) or stance_lexicon().get(token.lemma_.lower(), [])
    wanted = "verb" if token.pos_ == "VERB" else "noun" if token.pos_ == "NOUN" else "adj" if token.pos_ == "ADJ" else ""
    kinds = {entry.stance for entry in entries if not entry.particle and entry.kind == wanted}
    if kinds & {"favor", "help"} and not kinds & {"against", "harm"}:
        return 2.0
    if kinds & {"against", "harm"} and not kinds & {"favor", "help"}:
        return -2.0
    extra = evaluative_words()
    for form in (token.text.lower(), token.lemma_.lower()):
        if form in extra:
            return extra[form]
    if {token.text.lower(), token.lemma_.lower()} & non_evaluative_words():
        return 0.0  # "power in his own hands": VADER's "hand" +2.2 judges nothing in news
    return float(word_valence(token.text.lower())[0] * 4 or word_valence(token.lemma_.lower())[0] * 4)


def _hyphenated(token: Any) -> tuple[str, bool]:
    """The hyphenated word a token is part of ("non-starter" for "non" or "starter"), and whether the token
    is its first part; ("", False) for a token outside one."""
    doc, i = token.doc, token.i
    if i + 2 < len(doc) and doc[i + 1].text == "-" and not token.whitespace_ and not doc[i + 1].whitespace_:
        return f"{token.lower_}-{doc[i + 2].lower_}", True
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_:
        return f"{doc[i - 2].lower_}-{token.lower_}", False
    return "", False


@lru_cache(maxsize=1)
def evaluative_words() -> dict[str, float]:
    """Evaluative words VADER lacks, with their valence (``data/evaluative_words.tsv``)."""
    pairs = (line.split("\t") for line in read_word_list("evaluative_words.tsv"))
    return {word.strip(): float(value) for word, value in pairs}


@lru_cache(maxsize=1)
def non_evaluative_words() -> frozenset[str]:
    """VADER words whose valence comes from a sense news rarely uses ("hands", "party", "united"):
    ``data/non_evaluative_words.txt``; they count 0 in the parse rules."""
    return frozenset(read_word_list("non_evaluative_words.txt"))


def _is_negated(token: Any) -> bool:
    """A ``neg`` child ("not", "never", "n't") on the word or its auxiliary chain."""
    return any(child.dep_ == "neg" for child in token.children) or (
        token.dep_ in {"xcomp", "aux"} and any(child.dep_ == "neg" for child in token.head.children))


def _is_conditional(token: Any) -> bool:
    """The word's clause is the condition of an "if"/"unless" (a hypothetical, not a claim)."""
    for node in (token, *token.ancestors):
        if any(child.dep_ == "mark" and child.text.lower() in CONDITIONALS for child in node.children):
            return True
        if node.dep_ in {"ccomp", "ROOT"}:
            break
    return False


def _evaluative_words(head: Any, excluded: set[int]) -> list[tuple[str, float]]:
    """Words that evaluate in the predicate under ``head`` (its objects, complements and modifiers),
    not descending into other clauses or attributions ("according to"), with their polarity.

    A verb of stance ("wants", "backs") says what the target thinks, not what it is: it does not count;
    nor do weak sentiment words (VADER below 1 point)."""
    found = []
    stack = [head]
    while stack:
        node = stack.pop()
        if node.i in excluded or node.text.lower() == "according":
            if node is head:  # the head itself does not count, what it governs does
                stack.extend(child for child in node.children if child.dep_ not in SKIPPED_CLAUSES)
            continue
        value = word_polarity(node)
        kinds = {entry.stance for entry in stance_lexicon().get(node.text.lower(), [])
                 } | {entry.stance for entry in stance_lexicon().get(node.lemma_.lower(), [])}
        if node.pos_ == "VERB" and not kinds & {"harm", "help"} or abs(value) < 1.0:
            value = 0.0  # verbs count only as harm or help ("ignores", "protects"), not by how they sound ("win")
        if node.pos_ == "NOUN" and kinds and kinds <= {"favor", "against"} and node.head.lemma_ != "be":
            value = 0.0  # "would require approval", "sought support": someone's stance, not a judgement of the subject
        if value > 0 and node.dep_ in OBJECTS and word_polarity(node.head) < 0:
            value = -value  # "undone all the gains": something good is harmed
        if value:
            found.append((_hyphenated(node)[0] or node.text, value))
        skipped = SKIPPED_CLAUSES | ({"xcomp", "advcl"} if node.lemma_ == "be" else set())
        stack.extend(child for child in node.children
                     if (child.dep_ not in skipped or _conjoined_word(child)) and child.i not in excluded)
    return found


def _conjoined_word(token: Any) -> bool:
    """A word conjoined to another word, not a clause: "dangerous and irresponsible", "cruel and unusual"
    (a conjoined verb starts a new clause and stays out)."""
    return token.dep_ == "conj" and token.pos_ in {"ADJ", "NOUN", "ADV"} and token.head.pos_ in {"ADJ", "NOUN", "ADV"}


DEMONSTRATIVES = frozenset({"this", "that"})


def demonstrative_judgement(predicate: Any, excluded: set[int]) -> tuple[Any, list[tuple[str, float]]] | None:
    """The judgement of a clause by a neighbouring "this is ..." clause: "X is trying to ... — this is a deeply
    dangerous way to govern" (the clause is the complement or neighbour of a predicate whose subject is
    "this"/"that"). Returns (the judging predicate, its evaluative words), or None."""
    neighbours = []
    if predicate.dep_ in {"ccomp", "parataxis", "conj"} and predicate.head.i > predicate.i:
        neighbours.append(predicate.head)  # "X is trying ... — this is dangerous": the ROOT judges its ccomp
    neighbours += [child for child in predicate.children if child.dep_ in {"parataxis", "conj"} and child.i > predicate.i]
    for judge in neighbours:
        if judge.lemma_ != "be" or not any(child.dep_ == "nsubj" and child.text.lower() in DEMONSTRATIVES
                                           for child in judge.children):
            continue
        own = excluded | {token.i for token in predicate.subtree} if judge is predicate.head else excluded
        words = _evaluative_words(judge, own)
        if words:
            return judge, words
    return None


def _voice_of(verb: Any) -> str:
    """Who acts in ``verb``: "speaker" (I/we, an order, an infinitive the speaker wants), "other", or "passive"."""
    node = verb
    while node.dep_ in {"xcomp", "conj"} and node.head is not node:
        node = node.head
    subjects = [child for child in node.children if child.dep_ in SUBJECTS]
    if any(child.dep_ == "nsubjpass" for child in node.children):
        return "passive"
    if not subjects:
        return "speaker" if node.dep_ in {"ROOT", "xcomp"} or node.tag_ in {"VB"} else "other"
    return "speaker" if subjects[0].text.lower() in SPEAKER_VOICE else "other"


def _signed(value: float, negated: bool) -> str:
    return ("favor" if value > 0 else "against") if not negated else ("against" if value > 0 else "favor")


def _words(pairs: list[tuple[str, float]]) -> str:
    return ", ".join(f'"{word}"' for word, _value in pairs)


def target_predicate(head: Any) -> Any:
    """The predicate whose clause holds the word ``head``: the nearest verb or auxiliary above it (or the root)."""
    node = head
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    return node


def clause_words(sentence: str, target: tuple[int, int], low: int, high: int) -> list[tuple[str, float]] | None:
    """The evaluative words of the clause that holds the target ``sentence[target[0]:target[1]]``.

    None when that clause's predicate lies outside ``sentence[low:high]`` (the speaker's words): the quote
    names the target in passing. An empty list when the clause has no evaluative word: the speaker talks
    about the target without judging anything near it. Either way no sentiment model should take a side.
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(target[0], target[1], alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return None
    predicate = target_predicate(span.root)
    if not low <= predicate.idx < high:
        return None
    own = {token.i for token in span}
    words = _evaluative_words(predicate, own)
    value = word_polarity(predicate) if predicate.i not in own else 0.0
    return words + ([(predicate.text, value)] if abs(value) >= 1.0 else [])


def cue_stance(token: Any) -> str:
    """The stance a reaction verb states toward its object: favor | against, or "" (``data/stance_verbs.tsv``)."""
    entries = stance_lexicon().get(token.text.lower(), []) or stance_lexicon().get(token.lemma_.lower(), [])
    kinds = {entry.stance for entry in entries if entry.kind == "verb" and not entry.particle}
    return next(iter(kinds)) if len(kinds) == 1 and kinds <= {"favor", "against"} else ""


FORMER_ADVERBS = frozenset({"previously", "formerly", "once", "initially", "originally", "earlier"})


def former_stance(sentence: str, cue: tuple[int, int]) -> str:
    """The words of a stance cue that the speaker held before ("had previously opposed", "once backed"),
    or "" when the cue reports a present stance. Only favor/against cues count."""
    doc = parse_sentence(sentence)
    verbs = doc.char_span(cue[0], cue[1], alignment_mode="expand") if doc is not None else None
    if verbs is None or not len(verbs) or not cue_stance(verbs.root):
        return ""
    verb = verbs.root
    adverbs = [child for child in verb.children if child.dep_ == "advmod" and child.text.lower() in FORMER_ADVERBS]
    return f"{adverbs[0].text} {verb.text}" if adverbs else ""


def reaction_stance(sentence: str, target: tuple[int, int], cue: tuple[int, int]) -> Reading | None:
    """The speaker's stance from a reaction verb whose object the target is, read from the parse:
    "X condemned T", "T was condemned by X", "X attacked T as garbage" (negation flips favor to against).

    None when the cue is not a favor/against verb or the target is not its object (nor the passive's subject).
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(target[0], target[1], alignment_mode="expand") if doc is not None else None
    verbs = doc.char_span(cue[0], cue[1], alignment_mode="expand") if doc is not None else None
    if span is None or verbs is None or not len(span) or not len(verbs):
        return None
    verb = verbs.root
    stance = cue_stance(verb)
    node = span.root
    while node.dep_ in {"compound", "amod", "poss", "pobj", "prep", "conj", "appos"} and node.head.i not in {
            node.i, verb.i}:
        node = node.head  # "the conduct of T", "T's decision": what is opposed concerns T
    if not stance or node.head.i != verb.i or node.dep_ not in {"dobj", "obj", "nsubjpass"}:
        return None
    if _is_negated(verb):
        stance = "against" if stance == "favor" else ""
    if not stance:
        return None
    return Reading(stance, 0.8, f"the speaker reacted with \"{verb.text}\" (a word of {WORD_OF[stance]}) "
                                f"and the target is what it is about")


FIRST_PERSON = frozenset({"i", "we"})
REPORTED_SELF = frozenset({"he", "she", "they"})  # in reported speech, the speaker themselves ("she would launch")


def _action_verb(head: Any) -> Any:
    """The verb whose action a mention names: the mention's own verb ("we will change ..."), the verb of which it is
    the object ("launching an inquiry"), or the verb a preposition ties it to ("converting X to a mosque")."""
    node = head
    while node.dep_ in {"compound", "amod", "nmod"} and node.head.i != node.i:
        node = node.head
    if node.pos_ == "VERB":
        return node
    for _step in range(3):
        if node.dep_ in {"dobj", "obj"} and node.head.pos_ == "VERB":
            return node.head
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            node = node.head.head
            if node.pos_ == "VERB":
                return node
            continue
        break
    return None


def _actor(verb: Any) -> tuple[Any, Any]:
    """(the clause that carries the verb's subject, its subject token or None), through "to"-infinitives and
    conjoined verbs ("pledged converting", "can and may declare")."""
    def subjects_of(node: Any) -> list[Any]:
        near = [node, *(child for child in node.children if child.dep_ == "aux")]  # "he can and may declare"
        return [child for word in near for child in word.children if child.dep_ in {"nsubj", "csubj"}]

    node = verb
    while not subjects_of(node) and node.dep_ in {"xcomp", "conj"} and node.head.i != node.i:
        node = node.head
    subjects = subjects_of(node)
    return node, (subjects[0] if subjects else None)


def own_action_stance(sentence: str, target: tuple[int, int], low: int, high: int, reported: bool = False
                      ) -> Reading | None:
    """Favor of a speaker who says they do or will do what a policy or action target names: "we will change
    Hagia Sophia's name to a mosque", "she would be launching an impeachment inquiry", "pledged converting it".

    The mention must be the verb itself, or the object (or prepositional goal) of a verb of
    ``data/enacting_verbs.txt``, in the speaker's words ``sentence[low:high]``; the one acting is "I"/"we", the
    speaker's own reporting clause (no subject inside the content), or, in ``reported`` speech, "he"/"she"/"they";
    or the speaker's own measure, through a relative clause ("I will present a bill that legalises abortion": the
    bill the speaker presents legalises it). None when negated, conditional, or someone else acts. For phrase
    targets only (callers check).
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(target[0], target[1], alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return None
    return _enacted(span.root, {token.i for token in span}, low, high, reported)


RELATIVE_SUBJECTS = frozenset({"that", "which"})


def _enacted(head: Any, own: set[int], low: int, high: int, reported: bool, depth: int = 0) -> Reading | None:
    """``own_action_stance`` for the word ``head`` (``own``: the indices of the mention); ``depth`` counts the
    relative clauses followed (one at most: "a bill that legalises T", not a chain of measures)."""
    verb = _action_verb(head)
    if verb is None or not low <= verb.idx < high:
        return None
    if verb.i not in own and verb.lemma_.lower() not in enacting_verbs():
        return None
    clause, subject = _actor(verb)
    planned = clause.text.lower() in CONTROL_VERBS | {"going"} or clause.lemma_ == "be"  # "he is to send a bill"
    if clause.i != verb.i and verb.dep_ == "xcomp" and not planned:
        return None  # "they fear cutting off the fuel": only a plan or promise passes the action on to its subject
    measure = None
    if subject is None:
        speaker_acts = not low <= clause.idx < high  # the content hangs on the speaker's cue: "pledged converting"
    else:
        word = subject.text.lower()
        speaker_acts = word in FIRST_PERSON or (reported and word in REPORTED_SELF)
        antecedent = clause.head
        measure_like = antecedent.dep_ in {"dobj", "obj"} or (antecedent.dep_ == "pobj"
                                                              and antecedent.head.head.pos_ == "NOUN")
        if not speaker_acts and word in RELATIVE_SUBJECTS and clause.dep_ == "relcl" and measure_like and not depth:
            # What the speaker's own measure does, the speaker does: "I will present a bill that legalises T".
            measure = _enacted(clause.head, {clause.head.i}, low, high, reported, depth + 1)
            speaker_acts = measure is not None
    if not speaker_acts or any(_is_negated(node) for node in (verb, clause)) or _is_conditional(verb):
        return None
    if measure is not None:
        return Reading("favor", 0.6, f'the speaker\'s own measure ("{clause.head.text}") does what the target names '
                                     f'("{verb.text}")')
    actor = f'"{subject.text} ... {verb.text}"' if subject is not None else f'"{verb.text}"'
    return Reading("favor", 0.65, f"the speaker does or will do what the target names ({actor})")


OBLIGATION_MODALS = frozenset({"should", "must", "ought", "need", "needs", "have", "has"})


@lru_cache(maxsize=1)
def departure_verbs() -> frozenset[tuple[str, str]]:
    """(lemma, particle) pairs of verbs of leaving ("resign", "step down", "get out"): ``data/departure_verbs.txt``."""
    return frozenset(((entry.split() + [""])[0], (entry.split() + [""])[1]) for entry in read_word_list("departure_verbs.txt"))


def _is_obliged(verb: Any) -> str:
    """The modal that makes ``verb`` an obligation ("should", "must", "need to", "has to"), or ""."""
    for child in verb.children:
        word = child.text.lower()
        if child.dep_ == "aux" and word in OBLIGATION_MODALS - {"need", "needs", "have", "has"}:
            return word
    if verb.dep_ == "xcomp" and verb.head.text.lower() in OBLIGATION_MODALS:
        return f"{verb.head.text} to"  # "needs to resign", "has to go"
    return ""


def demanded_removal(head: Any) -> Reading | None:
    """Against a target the speaker says should leave or be removed: "foreign powers should get out of the region",
    "the minister must resign", "he should be impeached" (an obligation modal on a verb of
    ``data/departure_verbs.txt``, or on a passive verb of opposition or harm with the target as its subject)."""
    verb = head.head
    if verb.text.lower() in OBLIGATION_MODALS and head.dep_ == "nsubj":
        verb = next((child for child in verb.children if child.dep_ == "xcomp"), verb)  # "T needs to step down"
    modal = _is_obliged(verb) if head.dep_ in {"nsubj", "nsubjpass"} else ""
    if not modal or _is_negated(verb) or _is_negated(verb.head):
        return None
    particles = {child.text.lower(): child.text for child in verb.children if child.dep_ in {"prt", "prep", "advmod"}}
    particle = next((word for word in [*particles, ""] if (verb.lemma_.lower(), word) in departure_verbs()), None)
    kept = any(child.dep_ in {"oprd", "acomp", "xcomp", "ccomp", "dative"} or (child.dep_ == "dobj" and child.pos_ == "PRON")
               for child in verb.children)  # "leave the door open", "leave it to the courts": not leaving
    leaving = head.dep_ == "nsubj" and particle is not None and not kept
    kinds = {entry.stance for entry in stance_lexicon().get(verb.text.lower(), []) if not entry.particle}
    removed = head.dep_ == "nsubjpass" and kinds & {"against", "harm"} and not kinds & {"favor", "help"}
    if not (leaving or removed):
        return None
    words = f"{verb.text} {particles[particle]}" if particle else verb.text
    return Reading("against", 0.7, f"the speaker says the target {modal} \"{words}\": they want it gone")


def loaded_mention(sentence: str, target: tuple[int, int], name: str) -> Reading | None:
    """The speaker's stance from the word they call the target by: "stop the aggression" for an offensive, "this
    ploy" for a decision (a mention the targets file lists, chosen by the speaker over the target's name).

    Nouns and adjectives of the mention count by their valence (``word_polarity``, at least 1 VADER point in sum);
    words of the target's own ``name`` do not ("the climate crisis" names its target, it does not judge it), nor
    the action nouns of the stance lexicon ("the attack", "the ban": they name what happened).
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(target[0], target[1], alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return None
    own = {word.lower() for word in _WORD.findall(name)}
    lexicon = stance_lexicon()
    words = []
    for token in span:
        forms = {token.text.lower(), token.lemma_.lower()}
        if token.pos_ not in {"NOUN", "ADJ"} or forms & own or any(form in lexicon for form in forms):
            continue
        value = word_polarity(token)
        if abs(value) >= 1.0:
            words.append((token.text, value))
    total = sum(value for _word, value in words)
    if abs(total) < 1.0:
        return None
    return Reading(_signed(total, False), 0.6, f"the speaker calls the target {_words(words)}, a word that judges it")


def beneficiary_word(sentence: str, target: tuple[int, int]) -> str:
    """The evaluative word that says something is good or bad *for* the target ("a big win for ISIS", "nothing is
    better for T", "a stab in the back for T"), or "".

    Who gains or loses by something is not how the speaker judges them: a senator warns that a decision is "a big
    win for ISIS" because he is against ISIS. The tone of such a clause says nothing of the speaker's view of the
    target, so no sentiment model should read one from it. The word is the one "for" hangs on, or the noun above it
    through one more preposition ("a stab in the back for T").
    """
    doc = parse_sentence(sentence)
    span = doc.char_span(target[0], target[1], alignment_mode="expand") if doc is not None else None
    if span is None or not len(span):
        return ""
    head = span.root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head  # "a win for Iran and Assad"
    if head.dep_ != "pobj" or head.head.text.lower() != "for":
        return ""
    node = head.head.head
    for _step in range(2):
        if abs(word_polarity(node)) >= 1.0:
            return node.text
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            break
        node = node.head.head
    return ""


def structural_stance(sentence: str, target: tuple[int, int], low: int, high: int) -> Reading | None:
    """Stance toward ``sentence[target[0]:target[1]]`` of whoever voices ``sentence[low:high]``, from the parse.

    The target's grammatical role decides which words count:

    - **subject** of a predicate ("X is behaving like a bully", "X ignores the law"): the evaluative words
      of the predicate (negative -> against, positive -> favor);
    - **object** of an action the speaker takes or wants ("we must dismantle X", "protect X"): the verb's
      polarity; when someone else acts on the target, a harming verb makes the target a victim (favor);
    - **agent** ("the disaster created by X"): the polarity of what the agent caused;
    - **possessor** ("X's impulsive decision"): the words about what the target owns or did.

    Negation flips the reading; a condition ("if X ...") weakens it. None when the parse gives no
    evaluative words about the target.
    """
    doc = parse_sentence(sentence)
    if doc is None:
        return None
    span = doc.char_span(target[0], target[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    excluded = {token.i for token in head.subtree} if head.dep_ != "poss" else {token.i for token in span}
    if head.dep_ == "pobj" and head.head.text.lower() == "by":
        excluded |= {head.head.i}
    weak = 0.15 if _is_conditional(head) else 0.0
    if low <= head.head.idx < high and not weak:
        removal = demanded_removal(head)
        if removal:
            return removal
    embedded = head.head.dep_ in {"acl", "ccomp", "xcomp"} and head.head.head.pos_ == "NOUN"
    if head.dep_ in {"nsubj", "csubj"} and low <= head.head.idx < high and not embedded:
        predicate = head.head  # (not inside "the possibility that T ...": a proposition, not a judgement)
        if "undergo" in {entry.stance for entry in stance_lexicon().get(predicate.text.lower(), [])}:
            return None  # "T suffered casualties": what happens to the target, not a judgement of it
        words = _evaluative_words(predicate, excluded | {head.i})
        total = sum(value for _w, value in words)
        if abs(total) >= 1.0:
            label = _signed(total, _is_negated(predicate))
            return Reading(label, 0.75 - weak, f"the target is the subject of \"{predicate.text}\" with the words "
                                               f"{_words(words)}{' (negated)' if _is_negated(predicate) else ''}")
        judged = demonstrative_judgement(predicate, excluded | {head.i})
        if judged and low <= judged[0].idx < high and abs(sum(value for _w, value in judged[1])) >= 1.0:
            judge, words = judged
            return Reading(_signed(sum(value for _w, value in words), _is_negated(judge)), 0.7 - weak,
                           f"what the target does (\"{predicate.text}\") is judged in the next words: "
                           f"\"{judge.text}\" with {_words(words)}")
    by_noun = head.dep_ == "pobj" and head.head.text.lower() == "by" and head.head.head.pos_ == "NOUN"
    if (head.dep_ == "poss" or by_noun) and low <= head.head.idx < high:
        owned = head.head.head if by_noun else head.head
        words = _evaluative_words(owned, excluded)
        if owned.dep_ in SUBJECTS:
            words += _evaluative_words(owned.head, excluded | {t.i for t in owned.subtree})
        total = sum(value for _w, value in words)
        if abs(total) >= 1.0:
            return Reading(_signed(total, _is_negated(owned.head)), 0.7 - weak,
                           f"what the target owns or did (\"{owned.text}\") is described with {_words(words)}")
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        verb = head.head.head
        caused = verb.head if verb.dep_ in {"acl", "relcl"} else verb
        words = [(caused.text, word_polarity(caused))] if caused is not verb and word_polarity(caused) else []
        words += [(w, v) for w, v in _evaluative_words(verb, excluded | {caused.i})]
        total = sum(value for _w, value in words)
        if abs(total) >= 1.0:
            return Reading(_signed(total, _is_negated(verb)), 0.7 - weak,
                           f"the target is the agent of \"{verb.text}\", described with {_words(words)}")
    named = head.head if head.dep_ == "poss" else head  # "called T's conduct a breach": what T did is named
    if named.dep_ in {"dobj", "nsubj"} and named.head.lemma_.lower() in NAMING_VERBS:
        naming = named.head
        own = {token.i for token in span} | {c.i for c in named.children if c.dep_ in {"det", "poss", "case"}} | {
            c.i for c in head.children if c.dep_ == "case"}
        subjects = {t.i for c in naming.children if c.dep_ in SUBJECTS for t in c.subtree}
        words = _evaluative_words(naming, own | subjects | {naming.i})
        total = sum(value for _w, value in words)
        if abs(total) >= 1.0:
            what = "the target" if named is head else f"what the target owns or did (\"{named.text}\")"
            return Reading(_signed(total, _is_negated(naming)), 0.75 - weak,
                           f"{what} is called {_words(words)} (\"{naming.text}\")")
    verb = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head.head
    if head.dep_ in OBJECTS and verb.pos_ in {"VERB", "AUX"} and low <= verb.idx < high:
        value = word_polarity(verb)
        negated = _is_negated(verb)
        voice = _voice_of(verb)
        if value and voice == "speaker":
            return Reading(_signed(value, negated), 0.75 - weak,
                           f"the speaker wants to or does \"{verb.text}\" the target{' (negated)' if negated else ''}")
        kinds = {entry.stance for entry in stance_lexicon().get(verb.text.lower(), [])}
        if "harm" in kinds and voice == "other" and not negated:
            return Reading("favor", 0.6 - weak, f"the target is harmed: the object of \"{verb.text}\"")
    return None


# ------------------------------------------------------------------------------- validation (moved)

# The measurements live in helpers.stance_validation; these names stay importable from here for older callers.
from helpers.stance_validation import (evaluate_directed_stance, evaluate_target_sentiment, five_class,  # noqa: E402,F401
                                       load_newsmtsc, macro_f1, tfidf_baseline, vader_label)
