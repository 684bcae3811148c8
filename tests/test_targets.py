"""Tests of helpers.targets: plain-string targets, mentions (namesakes, plurals, acronyms, pronouns), suggestions."""
from __future__ import annotations

import json
import re

import pytest

from helpers.targets import (derive_patterns, find_target_mentions, is_unusable_target, load_targets, name_kind,
                             pronoun_mentions, suggest_targets, thing_pronoun_mentions)
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "corpus" / "wikinews_en.jsonl"
# What an analyst never wants as a target: function words, weekdays, months, dates, numbers, outlets, contractions.
FORBIDDEN = [r"^(?:the|a|an|i|we|he|she|it|they|this|that|there|here|and|but|or|aren|isn|going|think|i'm)$",
             r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
             r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
             r"\d", r"^(?:bbc|cnn|reuters|associated press|nbc|twitter|znak\.com|the guardian|fox news)$", r"['’]"]


def test_plain_string_targets_derive_their_patterns():
    people, pacs, sdf = load_targets(["Hillary Clinton", "super PACs", "Syrian Democratic Forces"])
    assert people["patterns"] == ["Hillary Clinton"]  # the name stands for the mention rules of its kind
    text = ("Hillary Clinton spoke. Bill Clinton laughed. The Clintons left; Clinton's aide met President Clinton. "
            "Super PACs and a super PAC. The Syrian Democratic Forces (SDF) said so.")
    found = find_target_mentions(text, [people, pacs, sdf])
    clinton = found[found["target"] == "Hillary Clinton"]["text"].tolist()
    assert clinton == ["Hillary Clinton", "Clintons", "Clinton", "Clinton"]  # never "Bill Clinton"'s surname
    assert found[found["target"] == "super PACs"]["text"].tolist() == ["Super PACs", "super PAC"]
    assert found[found["target"] == "Syrian Democratic Forces"]["text"].tolist() == ["Syrian Democratic Forces", "SDF"]


def test_the_targets_file_with_regular_expressions_keeps_working():
    old = {"targets": [{"target": "Hillary", "patterns": [r"re:(?<!Bill )Clinton", "Hillary"]}]}
    targets = load_targets(old)
    assert targets[0]["patterns"] == [r"re:(?<!Bill )Clinton", "Hillary"]
    found = find_target_mentions("Hillary Clinton and Bill Clinton.", targets)
    assert found["text"].tolist() == ["Hillary", "Clinton"] and set(found["target"]) == {"Hillary"}


@pytest.mark.parametrize("name, kind", [("Hillary Clinton", "person"), ("Boris Johnson", "person"), ("UNESCO", "organisation"),
                                        ("the Labour Party", "organisation"), ("diplomatic immunity", "phrase"),
                                        ("Turkey", "organisation")])
def test_name_kind(name, kind):
    assert name_kind(name) == kind
    assert derive_patterns(name)


def test_pronouns_in_a_quote_refer_to_the_last_named_target():
    text = 'Durbin spoke about Donald Trump. "I don\'t know what he is basing this on," Durbin said.'
    targets = load_targets(["Donald Trump"])
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    start = text.index("I don't")
    found = pronoun_mentions(text, start, text.index(',"'), mentions)
    assert [(t, text[s:e]) for t, s, e, _w in found] == [("Donald Trump", "he")]
    assert pronoun_mentions(text, start, text.index(',"'), mentions, exclude="Donald Trump") == []


def test_a_pronoun_never_refers_to_an_acronym_or_an_institution():
    text = 'Durbin spoke after UNESCO. "I don\'t know what he is basing this on," Durbin said.'
    targets = load_targets(["UNESCO", "the Health Ministry"])
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    assert pronoun_mentions(text, text.index("I don't"), text.index(',"'), mentions) == []


def test_a_country_is_also_named_by_its_adjective_and_people_not_by_its_capital():
    text = 'Damascus said it would "confront the Turkish aggression." Ankara said the Turks would stay.'
    found = find_target_mentions(text, load_targets(["Turkey"]))
    assert list(found["text"]) == ["Turkish"]
    text = 'He said American troops would leave. The Pentagon agreed.'
    assert list(find_target_mentions(text, load_targets(["United States"]))["text"]) == ["American"]


def test_he_or_she_never_refers_to_a_group():
    text = 'Sinema spoke of the Republicans. "They asked for this bill," she said.'
    targets = load_targets(["Republicans", "Kyrsten Sinema"])
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    groups = [m for m in mentions if m[0] == "Republicans"]
    assert pronoun_mentions(text, 0, len(text), groups) == []
    # one word the article gives a first name is a person: "he" may be Trump
    text = 'Donald Trump spoke. Later Trump left. "I don\'t know what he wants," Durbin said.'
    mentions = [tuple(row) for row in find_target_mentions(text, load_targets(["Trump"])).itertuples(index=False)]
    found = pronoun_mentions(text, text.index("I don't"), len(text), mentions)
    assert [text[s:e] for _t, s, e, _w in found] == ["he"]


def test_it_named_by_a_describing_verb_refers_to_the_policy_named_before():
    text = 'The president plans to declare a national emergency. Jane Roe called it "a non-starter".'
    targets = load_targets([{"target": "the emergency", "patterns": ["national emergency"]}])
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    start = text.index("it ")
    assert [(t, s) for t, s, _e, _w in thing_pronoun_mentions(text, start, len(text), mentions)] == [
        ("the emergency", start)]
    assert thing_pronoun_mentions(text, start + 3, len(text), mentions) == []   # "it" outside the quote
    text = 'The national emergency was declared. "I called this morning, then we decided to call it a day," Roe said.'
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    assert thing_pronoun_mentions(text, text.index("I called"), len(text), mentions) == []


def test_it_opening_a_quote_sentence_refers_to_the_policy_named_before():
    text = ('The bill was drafted by Alex Greenwich, who said "It follows decades of work. It is clear that we '
            'waited too long." Donald Trump said "It is a disgrace."')
    targets = load_targets(["the abortion bill", "Donald Trump"])
    targets[0]["patterns"] = [r"re:\bbill\b"]
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    start, end = text.index("It follows"), text.index('long."')
    found = thing_pronoun_mentions(text, start, end, mentions)
    # the second "It" stands for what follows it ("It is clear that ..."), not for the bill
    assert [(t, s) for t, s, _e, _w in found] == [("the abortion bill", start)]
    # a person target is never "it"
    start = text.index("It is a disgrace")
    far = [m for m in mentions if m[0] == "Donald Trump"]
    assert thing_pronoun_mentions(text, start, start + 16, far) == []
    # "This" before a noun is a determiner ("This bill ..."), not a pronoun
    text = 'The bill passed. Murphy said "This bill is a gift to the gun lobby."'
    mentions = [tuple(row) for row in find_target_mentions(text, targets).itertuples(index=False)]
    start = text.index("This")
    assert [w for _t, _s, _e, w in thing_pronoun_mentions(text, start, len(text), mentions)] == []


def test_unusable_targets():
    for name in ("Monday", "the", "I'm", "BBC", "2019", "March 3", "Reuters"):
        assert is_unusable_target(name), name
    for name in ("Boris Johnson", "ceasefire", "Syrian Democratic Forces"):
        assert not is_unusable_target(name), name


def test_suggested_targets_on_the_wikinews_corpus_are_never_forbidden():
    """A sample of the corpus (every 40th article: fast enough for the test run), all suggestions checked."""
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()][::40]
    suggested = [t["target"] for record in records for t in suggest_targets(record["text"])]
    assert len(suggested) >= 20
    bad = [name for name in suggested if any(re.search(p, name, re.IGNORECASE) for p in FORBIDDEN)]
    assert bad == []


def test_a_pronoun_refers_back_to_a_person_named_by_a_title_with_the():
    text = ('Critics questioned the President\'s power. Durbin said "I don\'t know what he is basing this on."')
    mentions = [("Donald Trump", text.index("the President"), text.index("the President") + 13, "the President")]
    start = text.index("I don't")
    found = pronoun_mentions(text, start, len(text) - 1, mentions)
    assert [(target, word) for target, _s, _e, word in found] == [("Donald Trump", "he")]
