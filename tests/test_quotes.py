"""Quote extraction: the seed's attributions, and each rule on a tiny hand-made sentence."""
from __future__ import annotations

import re

import pytest

from helpers.quotes import KINDS, QUOTE_COLUMNS, extract_quotes, quotation_spans
from helpers.speakers import attribute
from tests.conftest import ROOT


def quotes_of(text: str) -> list[tuple[str, str, str]]:
    """(kind, content, canonical speaker) of every quote."""
    table, _ = attribute(text)
    return list(zip(table.kind, table.text, table.speaker))


def test_columns_follow_the_contract(seed_text):
    table = extract_quotes(seed_text)
    assert list(table.columns[:len(QUOTE_COLUMNS)]) == QUOTE_COLUMNS
    assert set(table.kind) <= set(KINDS)
    for row in table.itertuples():
        assert seed_text[row.start:row.end] == row.text
        if row.cue:
            assert seed_text[row.cue_start:row.cue_end] == row.cue
        if row.mention:
            assert seed_text[row.mention_start:row.mention_end] == row.mention


def test_seed_attributions_are_all_found(seed_text):
    found = quotes_of(seed_text)
    expected = [
        ("indirect", "U.S. President Donald Trump’s repeated threats are endangering the ceasefire", "Hamas spokesperson"),
        ("indirect", "direct talks between the U.S. and Hamas in Qatar have ended positively", "Egyptian sources"),
        ("indirect", "the talks had been held", "Karoline Leavitt"),
        ("direct", "Israel was consulted on this matter,", "Karoline Leavitt"),
        ("reaction", "Trump's threats against the group", "Hamas spokesperson"),
        ("indirect", "Israeli hostages will be released only through negotiations", "Hazem Qassem"),
        ("reaction", "Trump’s threats against Hamas", "David Mencer"),
        ("indirect", "could help free the remaining 59 hostages", "Israel"),
        ("direct", "They are running out of road,", "David Mencer"),
        ("indirect", "his city is in a very difficult situation", "Nizar Ayyash"),
    ]
    for item in expected:
        assert item in found, item
    assert len(found) == 18


def test_seed_he_said_sentences_resolve_to_the_right_person(seed_text):
    table, _ = attribute(seed_text)
    he = table[table.mention == "He"]
    assert list(he.speaker) == ["Hazem Qassem", "Nizar Ayyash"]
    assert he.text.iloc[0].startswith("if Trump wants to release the hostages")


def test_seed_split_quotes_belong_to_the_same_speaker(seed_text):
    table, _ = attribute(seed_text)
    second = table[table.text.str.startswith("And look, dialogue")]
    assert list(second.speaker) == ["Karoline Leavitt"] and list(second.kind) == ["direct"]
    assert second.cue.iloc[0] == ""
    mencer = table[table.text.str.startswith("Indeed, they have run out of road.")]
    assert list(mencer.speaker) == ["David Mencer"]


def test_seed_narration_is_not_a_quote(seed_text):
    table = extract_quotes(seed_text)
    for narration in ("Israel this week cut off", "Israel threatens to resume", "The statement came after",
                      "There are conflicting signals", "Participants in the talks"):
        position = seed_text.index(narration)
        assert not ((table.start <= position) & (position < table.end)).any(), narration
    statement = seed_text.index("The statement came after")
    in_sentence = table[(table.cue_start >= statement) & (table.cue_start < statement + 160)]
    assert list(in_sentence.kind) == ["reaction"]  # only "reacted angrily to", not "came after"


def test_seed_reactions_are_reactions(seed_text):
    table, speakers = attribute(seed_text)
    reactions = table[table.kind == "reaction"]
    assert sorted(reactions.cue) == ["reacted", "welcomed"]
    mencer = speakers[speakers.speaker == "David Mencer"].iloc[0]
    assert mencer.n_quotes == 2 and mencer.n_reactions == 1  # the reaction is not a voice


@pytest.mark.parametrize("text, kind, content, speaker", [
    ("Officials said the talks had ended.", "indirect", "the talks had ended", "Officials"),
    ("The talks had ended, officials said.", "indirect", "The talks had ended", "officials"),
    ("The talks had ended, said Jane Roe, a spokeswoman.", "indirect", "The talks had ended", "Jane Roe"),
    ("According to the ministry, 40 people died.", "indirect", "40 people died", "ministry"),
    ("40 people died, according to the ministry.", "indirect", "40 people died", "ministry"),
    ("The mayor told reporters the city was safe.", "indirect", "the city was safe", "mayor"),
    ("The mayor told reporters on Monday that the city was safe.", "indirect", "the city was safe", "mayor"),
    ("Jane Roe said in a statement: the city is safe.", "indirect", "the city is safe", "Jane Roe"),
    ('John Smith said: "We will win."', "direct", "We will win.", "John Smith"),
    ('"We will win," Smith said.', "direct", "We will win,", "Smith"),
    ("Officials fear that the dam could burst.", "indirect", "the dam could burst", "Officials"),
    ("The report found that only 20 percent of schools had heat.", "indirect",
     "only 20 percent of schools had heat", "report"),
    ("Polls show the president trailing by ten points.", "indirect", "the president trailing by ten points", "Polls"),
    ('Jane Roe called the plan "a betrayal" of voters.', "mixed", 'the plan "a betrayal" of voters', "Jane Roe"),
    ("The minister condemned the strike.", "reaction", "the strike", "minister"),
    ("The minister reacted angrily to the decision on Monday.", "reaction", "the decision", "minister"),
    ("The company issued a statement, saying it would appeal the ruling.", "indirect",
     "it would appeal the ruling", "company"),
    ('"It is a disgrace," said Sen. Jane Roe, D-N.Y., the minority leader.', "direct", "It is a disgrace,", "Jane Roe"),
    ('"This is not who we are," Mr. John Smith said, his voice rising.', "direct", "This is not who we are,",
     "John Smith"),
    ('Jane Roe told Channel Four on Sunday: "We will accept the result."', "direct", "We will accept the result.",
     "Jane Roe"),
    ("The governor will sign the bill, according to people familiar with the matter.", "indirect",
     "The governor will sign the bill", "people familiar with the matter"),
    ("John Smith, speaking at a news conference, said the transition would be smooth.", "indirect",
     "the transition would be smooth", "John Smith"),
    ("Jane Roe said Wednesday she would not bring the bill, adding that there were not enough votes.", "indirect",
     "there were not enough votes", "Jane Roe"),
    ('Jane Roe called the report "fake news" and said it was a hoax.', "indirect", "it was a hoax", "Jane Roe"),
    ("Jane Roe was quoted as saying the party must unite.", "indirect", "the party must unite", "Jane Roe"),
    ("The operation was condemned by members of the European Union.", "reaction", "The operation",
     "members of the European Union"),
])
def test_attribution_patterns(text, kind, content, speaker):
    assert (kind, content, speaker) in quotes_of(text)


def test_colon_quote_followed_by_another_sentence():
    found = quotes_of('Jane Roe said: "We will win." She added that the vote was close.')
    assert found == [("direct", "We will win.", "Jane Roe"), ("indirect", "the vote was close", "Jane Roe")]


def test_several_attributions_in_one_sentence():
    found = quotes_of("Jane Roe said the plan failed, and John Smith said it worked.")
    assert found == [("indirect", "the plan failed", "Jane Roe"), ("indirect", "it worked", "John Smith")]


def test_split_quote_both_pieces_go_to_the_speaker():
    found = quotes_of('"We will win," said John Smith. "And we will do it soon."')
    assert found == [("direct", "We will win,", "John Smith"), ("direct", "And we will do it soon.", "John Smith")]


def test_quote_over_several_paragraphs():
    text = ('"This first paragraph opens the quote and does not close it.\n\n'
            '"The second one reopens it and ends it," Jane Roe said.')
    table, _ = attribute(text)
    assert list(table.speaker) == ["Jane Roe", "Jane Roe"]
    assert not table.uncertain.any()


def test_quote_inside_quote_belongs_to_the_outer_one():
    text = '"They told us \'leave now\' and we left," said Jane Roe.'
    table = extract_quotes(text)
    assert len(table) == 1 and table.text.iloc[0] == "They told us 'leave now' and we left,"


def test_quote_inside_quote_in_the_same_straight_marks():
    text = ('Jane Roe criticized the plan. "The statement shows a lack of care. The "United States" is not '
            'holding anyone." Roe later wrote, "They suffered."')
    spans = [text[quote.start:quote.end] for quote in quotation_spans(text)]
    assert spans == ['The statement shows a lack of care. The "United States" is not holding anyone.', "They suffered."]
    unclosed = 'He said "we are going. He said "no" today.'
    assert [unclosed[quote.start:quote.end] for quote in quotation_spans(unclosed)][0] == "we are going. He said "


def test_apostrophes_are_not_quotation_marks():
    text = "The students' union said it's not the school's fault, and Roe’s aides agreed."
    assert quotation_spans(text) == []


def test_double_apostrophe_quotes():
    text = "''We will not give up,'' said Jane Roe."
    assert quotes_of(text) == [("direct", "We will not give up,", "Jane Roe")]


@pytest.mark.parametrize("text", [
    'The union said: "We have an unbalanced quote that never closes.',
    'An unbalanced close" appears here, the union said.',
    '"""', '“', '”', "'", '" " " "', 'He said "', '“Nested “inner” marks never close',
])
def test_unbalanced_marks_never_crash_and_are_flagged(text):
    table = extract_quotes(text)
    for row in table.itertuples():
        assert text[row.start:row.end] == row.text
    if "unbalanced" in text:
        assert table.uncertain.any()


def test_narration_and_scare_quotes_are_not_quotes():
    assert quotes_of("Israel this week cut off all international aid entering the territory.") == []
    assert quotes_of("The army threatens to resume its attacks if the hostages are not released.") == []
    assert quotes_of('The so-called "peace plan" was published on Monday.') == []
    assert quotes_of("It is believed that the plan will fail.") == []


def test_interview_turns():
    text = ("Interviewer: What do you make of it?\n\nJaneRoe: It was a good day for us.\n\n"
            "Interviewer: And next?\n\nJaneRoe: We go on. I'm Jane Roe, by the way.\n\n"
            "Interviewer: Thanks.")
    table, _ = attribute(text)
    assert list(table.text) == ["It was a good day for us", "We go on. I'm Jane Roe, by the way"]
    assert set(table.speaker) == {"Jane Roe"}


def test_linear_time_on_pathological_input():
    # long runs of marks, commas and capitalized words must not make the patterns backtrack
    text = ('"' * 2000 + " said " + "A, " * 3000 + "Big " * 3000 + "said that " + "x " * 3000 + ".\n") * 2
    table = extract_quotes(text)
    assert (table.end <= len(text)).all()


def test_wikinews_corpus_runs_and_slices_back():
    import json

    lines = (ROOT / "data" / "corpus" / "wikinews_en.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    total = 0
    for line in lines:
        text = json.loads(line)["text"]
        table, _ = attribute(text)
        total += len(table)
        assert all(text[s:e] == t for s, e, t in zip(table.start, table.end, table.text))
    assert total > 40


def test_no_seed_names_in_helpers():
    """Nothing in helpers/ is fitted to the seed: no person or place named there appears in code or lexicons."""
    names = ["Leavitt", "Mencer", "Qassem", "Ayyash", "Witkoff", "Deir al Balah", "Balah", "Hazem", "Karoline",
             "Nizar", "Netanyahu", "Donald Trump", "World Food"]
    for path in sorted((ROOT / "helpers").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json", ".csv"):
            content = path.read_text(encoding="utf-8", errors="replace")
            for name in names:
                assert not re.search(rf"\b{re.escape(name)}\b", content), f"{name} appears in {path}"


def test_words_back_scans_a_bounded_window_and_matches_a_full_scan():
    """Looking back from a cue reads a window of text, not the whole sentence; the words are the same."""
    from helpers import quotes
    text = "Jane Roe-Smith, the U.S. envoy’s aide, said " * 2000
    low, position = 3, len(text) - 6
    full = [m.span() for m in reversed(list(quotes._WORD.finditer(text, low, position)))]
    assert [m.span() for m in quotes._words_back(text, low, position)] == full
    first = next(quotes._words_back(text, low, position))
    assert first.span() == full[0]
    assert first.pos >= position - quotes._WORDS_BACK_WINDOW - 40   # the first window, not the sentence start


# ---------------------------------------------------------------- the parse behind attribution

@pytest.mark.parametrize("text, kind, content, speaker", [
    ("The two said the talks would resume.", "indirect", "the talks would resume", "two"),
    ("Trump, meanwhile, says the wall will be built.", "indirect", "the wall will be built", "Trump"),
    ("Jane Roe, who claimed that the vote was rigged, left the hall.", "indirect", "the vote was rigged", "Jane Roe"),
    ("She vowed to put the company out of business.", "indirect", "to put the company out of business", "she"),
    ("Officials warned of Russian efforts to interfere in the vote.", "indirect",
     "Russian efforts to interfere in the vote", "Officials"),
    ("Roe criticized the plan; blamed the council and said the budget was a sham.", "indirect",
     "the budget was a sham", "Roe"),
    ('"We will win this race," Roe gushed.', "direct", "We will win this race,", "Roe"),
    ('John Smith, Daily Planet: "The debate was a mess."', "direct", "The debate was a mess.", "John Smith"),
    ("He claimed a vaccine was near and said people should stay calm.", "indirect", "a vaccine was near", "He"),
    ("Carroll expressed concerns about for-profit schools.", "reaction", "for-profit schools", "Carroll"),
    ("The plan drew sharp criticism from Jane Roe.", "reaction", "The plan", "Jane Roe"),
    ("Support for mail-in voting also came from Jane Roe.", "reaction", "mail-in voting", "Jane Roe"),
    ("Protesters called for a ceasefire in the region.", "indirect", "a ceasefire in the region", "Protesters"),
])
def test_parse_finds_subjects_and_complements(text, kind, content, speaker):
    found = [(row.kind, row.text, row.mention) for row in extract_quotes(text).itertuples()]
    assert any(k == kind and c == content and speaker.lower() in m.lower() for k, c, m in found), found


def test_content_never_swallows_a_second_attribution():
    quotes = extract_quotes("He claimed a vaccine was near and said people should stay calm.")
    assert sorted(quotes.text) == ["a vaccine was near", "people should stay calm"]


def test_every_offset_points_back_to_the_characters():
    text = "Meanwhile,  Jane Roe — the mayor — said on Monday that “the water is safe,” adding: repairs start soon."
    quotes = extract_quotes(text)
    assert len(quotes)
    for row in quotes.itertuples():
        assert text[row.start:row.end] == row.text
        assert text[row.cue_start:row.cue_end] == row.cue
        assert text[row.mention_start:row.mention_end] == row.mention


def test_outlet_notes_are_never_quotes():
    text = ('Editor\'s note: An earlier version of this story misquoted "The Daily Planet" as saying the vote was '
            'rigged.\n\nJane Roe said the vote was fair.')
    quotes = extract_quotes(text)
    assert list(quotes.text) == ["the vote was fair"]


def test_only_sentences_that_can_hold_an_attribution_are_parsed():
    from helpers.quotes import needs_parse

    text = "The river rose. Officials said it would fall. “Stay away,” she wrote. " + '"' * 300
    spans = [(0, 15), (16, 45), (46, 71), (71, len(text))]
    assert [needs_parse(text, start, end) for start, end in spans] == [False, True, True, False]


def test_the_pipeline_is_one_setting(monkeypatch):
    from helpers import syntax
    from helpers.articles import ArticleError

    assert syntax.pipeline_name() == syntax.DEFAULT_PIPELINE
    monkeypatch.setenv(syntax.PIPELINE_SETTING, "no_such_pipeline_installed")
    assert syntax.pipeline_name() == "no_such_pipeline_installed"
    with pytest.raises(ArticleError, match="not installed"):
        syntax.nlp("no_such_pipeline_installed")


def test_parsed_tokens_map_to_article_offsets():
    from helpers.syntax import parse_spans

    text = "First sentence here. Then “Roe said” it, in Gaza."
    (parsed,) = parse_spans(text, [(21, len(text))], entities=True)
    for token in parsed.doc:
        start = parsed.offset(token)
        assert text[start:start + len(token)] == token.text


def _speaker_by_content(text: str) -> dict[str, str]:
    """Content -> speaker of every quote ``attribute`` finds in ``text``."""
    quotes = attribute(text)[0]
    return dict(zip(quotes["text"], quotes["speaker"]))


def test_an_addressee_before_an_infinitive_is_part_of_the_content():
    found = _speaker_by_content("Foreign Secretary Dominic Raab urged the embassy to reconsider.\n"
                                "The governor postponed the vote, citing the health crisis.\n"
                                "Tony Bobulinski held a press conference claiming the deal was signed in 2017.")
    assert found.get("the embassy to reconsider") == "Dominic Raab"
    assert found.get("the health crisis") == "governor"
    assert found.get("the deal was signed in 2017") == "Tony Bobulinski"


def test_content_does_not_cross_a_semicolon_or_a_relative_clause_or_a_narrated_verb():
    found = _speaker_by_content("Quirin denied any wrongdoing, but later he claimed the meeting had been friendly; "
                                "Redouane consistently claimed the meeting was friendly.\n"
                                "Pierce called for an end to the War on Drugs, with which Hawkins somewhat agreed.\n"
                                "Foreign Secretary Dominic Raab urged the embassy to reconsider and spoke with Mike Pompeo.\n"
                                "When asked about climate change, Trump claimed emissions had fallen.")
    assert found.get("the meeting was friendly") == "Redouane"
    assert found.get("the meeting had been friendly") == "Quirin"
    assert found.get("an end to the War on Drugs") == "Pierce"
    assert found.get("the embassy to reconsider") == "Dominic Raab"
    assert "climate change" not in found


def test_a_quote_after_a_clause_of_any_verb_or_a_reaction_goes_to_its_subject():
    found = _speaker_by_content('Senator Lindsey Graham spoke on Fox News, "This is going to lead to a disaster."\n'
                                "Brett McGurk also criticized the decision via Twitter. \"The statement tonight shows a "
                                "complete lack of understanding.\"")
    assert found.get("This is going to lead to a disaster.") == "Lindsey Graham"
    assert found.get("The statement tonight shows a complete lack of understanding.") == "Brett McGurk"


def test_a_reporting_verb_with_a_long_audience_before_the_quote_introduces_it():
    quotes = attribute('Howard Rubel, a lawyer representing Spanton, told the BBC after the verdict "My client is '
                       'very relieved with the verdict."')[0]
    assert quotes["speaker"].tolist() == ["Howard Rubel"]


def test_labels_are_not_sentences_and_a_long_apposition_keeps_the_opening_name():
    text = ('On Wednesday, Home Secretary Suella Braverman told GB News: "It is clear that we have a problem."\n'
            'Jane Roe, the mayor of Lima, said: "We will rebuild the bridge."\n'
            'Cynthia Thompson, curator and director of exhibits at the University of Arkansas, Fayetteville, said, '
            '"These images serve as documentation of people in his life."')
    quotes = attribute(text)[0]
    assert quotes["speaker"].tolist() == ["Suella Braverman", "Jane Roe", "Cynthia Thompson"]
    assert "label-line" not in set(quotes["rule"])


def test_calling_something_a_quoted_name_is_mixed_speech():
    # after the quotation mark the parser hangs the predicate on the object, not on "called"
    text = 'The Liberal Democrats called the Rwanda plan "cruel and unworkable." Critics called it "a disaster".'
    quotes = extract_quotes(text)
    assert list(quotes.kind) == ["mixed", "mixed"], quotes[["kind", "text"]]
    assert list(quotes.text) == ['the Rwanda plan "cruel and unworkable."', 'it "a disaster"']


def test_quotations_joined_by_and_after_one_cue_are_each_a_direct_quote_of_its_source():
    text = ('Politico quoted Tim Manning, a former official, as saying "FEMA has an important role in the response" '
            'and "[i]f there\'s an emergency, FEMA needs to be involved." Schumer said "We made a plea to the '
            'president" and "So we told the president we needed the government open."')
    quotes = attribute(text)[0]
    assert list(quotes.kind) == ["direct"] * 4, quotes[["kind", "text"]]
    assert list(quotes.speaker) == ["Tim Manning", "Tim Manning", "Schumer", "Schumer"]
