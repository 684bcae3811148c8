"""Speakers: canonical names, pronouns, roles, sides on articles other than the seed, corrections, CLI."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.articles import ArticleError, iter_articles, load_article
from helpers.evaluate import malformed_speaker
from helpers.speakers import (SPEAKER_COLUMNS, article_quotes, attribute, attributed_records, read_mention,
                              side_of)
from tests.conftest import ROOT, SEED

# Three short articles written for these tests, none about the seed's story.
WIRE_UKRAINE = (
    "Ukrainian Foreign Minister Olena Hart said on Tuesday that grain exports would resume next week.\n"
    "Russian officials denied that any ships had been stopped. The Kremlin said the claims were false.\n"
    "\"We are ready to talk,\" Hart told reporters in Geneva. \"But not at any price.\"\n"
    "A UN agency warned that food prices could rise sharply, according to a statement.\n"
    "She said the talks would continue in May.\n"
)
US_BUDGET = (
    "White House spokesman Tom Berrin said the budget would pass by Friday.\n"
    "Republicans rejected the proposal. Senator Ana Kowal, a Democrat from Ohio, said the plan was fair.\n"
    "Kowal added that the vote could slip. The senator said she would keep talking to both sides.\n"
    "The Congressional Budget Office (CBO) estimated that the deficit would grow. The CBO said the figures were provisional.\n"
)
EU_TRADE = (
    "The European Commission said tariffs on steel would rise in June.\n"
    "Chinese state media reported that Beijing would respond. A German industry group welcomed the decision.\n"
    "Paul Marchetti, the head of the French steel federation, said jobs were at stake. He said the industry needed time.\n"
    "A spokesperson said the measures were temporary.\n"
)


def by_content(text: str) -> dict[str, tuple[str, str, str]]:
    table, _ = attribute(text)
    return {row.text: (row.kind, row.speaker, row.side) for row in table.itertuples()}


def test_speaker_table_columns(seed_text):
    _quotes, speakers = attribute(seed_text)
    assert list(speakers.columns[:len(SPEAKER_COLUMNS)]) == SPEAKER_COLUMNS
    assert list(speakers.speaker_id) == sorted(speakers.speaker_id)


def test_seed_speakers_and_sides(seed_text):
    _quotes, speakers = attribute(seed_text)
    sides = dict(zip(speakers.speaker, speakers.side))
    assert sides == {
        "Hamas spokesperson": "Hamas", "Egyptian sources": "Egypt", "Karoline Leavitt": "United States",
        "Hazem Qassem": "", "David Mencer": "Israel", "Israel": "Israel",
        "United Nations World Food program": "United Nations", "Nizar Ayyash": "Gaza",
    }
    # the unnamed spokesperson is never linked to the named one: the article does not say they are the same
    hamas = speakers[speakers.speaker == "Hamas spokesperson"].iloc[0]
    assert hamas.n_quotes == 2 and hamas.n_reactions == 1


def test_sides_on_a_ukraine_wire_story():
    found = by_content(WIRE_UKRAINE)
    assert found["grain exports would resume next week"] == ("indirect", "Olena Hart", "Ukraine")
    assert found["the claims were false"] == ("indirect", "Kremlin", "Russia")
    assert found["We are ready to talk,"] == ("direct", "Olena Hart", "Ukraine")
    assert found["But not at any price."] == ("direct", "Olena Hart", "Ukraine")
    assert found["food prices could rise sharply"][2] == "United Nations"
    assert found["the talks would continue in May"][1] == "Olena Hart"  # "She" -> the last person quoted


def test_sides_on_a_us_budget_story():
    found = by_content(US_BUDGET)
    assert found["the budget would pass by Friday"] == ("indirect", "Tom Berrin", "United States")
    assert found["the proposal"] == ("reaction", "Republicans", "Republican Party")
    assert found["the plan was fair"] == ("indirect", "Ana Kowal", "Democratic Party")
    assert found["the vote could slip"][1] == "Ana Kowal"                   # surname -> full name
    assert found["she would keep talking to both sides"][1] == "Ana Kowal"  # "the senator" -> her title
    assert found["the figures were provisional"][1] == "Congressional Budget Office"  # acronym defined


def test_sides_on_an_eu_trade_story():
    found = by_content(EU_TRADE)
    assert found["tariffs on steel would rise in June"] == ("indirect", "European Commission", "European Union")
    assert found["Beijing would respond"][2] == "China"
    assert found["the decision"] == ("reaction", "German industry group", "Germany")
    assert found["jobs were at stake"] == ("indirect", "Paul Marchetti", "France")  # side from the apposition
    assert found["the industry needed time"][1] == "Paul Marchetti"
    assert found["the measures were temporary"][1] == "spokesperson"  # an unnamed role stays its own speaker


@pytest.mark.parametrize("mention, kind, name", [
    ("White House press secretary Jane Roe", "person", "Jane Roe"),
    ("U.S. President John Smith", "person", "John Smith"),
    ("He", "pronoun", "he"),
    ("A ministry spokesperson in the capital", "role", "ministry spokesperson"),
    ("Egyptian sources", "group", "Egyptian sources"),
    ("the report", "document", "report"),
])
def test_read_mention(mention, kind, name):
    reading = read_mention(mention)
    assert (reading.kind, reading.name) == (kind, name)


@pytest.mark.parametrize("phrase, side", [
    ("Israeli government spokesman", "Israel"), ("White House press secretary", "United States"),
    ("UN agency", "United Nations"), ("Egyptian sources", "Egypt"), ("Syrian ambassador to the UN", "Syria"),
    ("a NATO commander", "NATO"), ("Labour MP", "Labour Party"), ("independent analyst", ""),
])
def test_side_lexicon(phrase, side):
    assert side_of(phrase) == side


def test_corrections_rename_merge_sides_drop(seed_text):
    corrections = {
        "speakers": {"rename": {"Hamas spokesperson": "Hamas spokespeople"},
                     "merge": [["Hamas spokespeople", "Hazem Qassem"]],
                     "sides": {"Hamas spokespeople": "Hamas", "Egyptian sources": "Egypt (mediator)"}},
        "drop_quotes": [{"text": "could help free the remaining"}],
        "reassign": [{"start": seed_text.index("Israel was consulted"), "speaker": "Karoline Leavitt"}],
    }
    quotes, speakers = attribute(seed_text, corrections)
    assert "Hazem Qassem" not in set(quotes.speaker)
    merged = speakers[speakers.speaker == "Hamas spokespeople"].iloc[0]
    assert merged.n_quotes == 4 and merged.side == "Hamas"
    assert set(quotes[quotes.speaker == "Egyptian sources"].side) == {"Egypt (mediator)"}
    assert not quotes.text.str.contains("could help free").any()
    assert quotes.corrected.any()


def test_corrections_by_quote_id(seed_text):
    quotes, _ = attribute(seed_text, {"drop_quotes": [0, 1]})
    assert len(quotes) == 16


def test_bad_corrections_are_plain_errors(seed_text):
    for bad in ([1, 2], {"speakers": []}, {"speakers": {"merge": "x"}}, {"drop_quotes": [True]}):
        with pytest.raises(ArticleError):
            attribute(seed_text, bad)
    with pytest.warns(UserWarning):
        attribute(seed_text, {"speakers": {"rename": {"Nobody": "Someone"}}})


def test_article_quotes_applies_the_sidecar(tmp_path, seed_text):
    path = tmp_path / "story.txt"
    path.write_text(seed_text, encoding="utf-8")
    (tmp_path / "story.corrections.json").write_text(json.dumps({"speakers": {"rename": {"Israel": "Israeli government"}}}))
    quotes = article_quotes(load_article(path))
    assert "Israeli government" in set(quotes.speaker) and "Israel" not in set(quotes.speaker)


def test_cli_quotes_jsonl_and_errors(tmp_path):
    run = subprocess.run([sys.executable, "-m", "helpers", "quotes", str(SEED)], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == 18 and all(r["file"] == str(SEED) for r in records)
    assert records[4]["cue_start"] is None and records[4]["speaker"] == "Karoline Leavitt"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "helpers", "quotes", str(empty)], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode != 0 and run.stderr.startswith("error:") and "Traceback" not in run.stderr


# ---------------------------------------------------------------- pronouns, names, types and gender

def test_a_pronoun_never_goes_to_a_person_of_the_other_gender():
    quotes, _ = attribute('John Smith met the union. "We won," she wrote.')
    row = quotes.iloc[0]
    assert row.speaker != "John Smith" and row.uncertain and "she" in row.uncertain_reason


def test_pronoun_resolution_is_visible_and_agrees_in_gender():
    text = ('Mary Jones said the plan failed. "It was a disaster," she said. Mr. Brown said the plan worked. '
            'He added that it was cheap.')
    quotes, speakers = attribute(text)
    rows = {row.text: row for row in quotes.itertuples()}
    assert rows["It was a disaster,"].speaker == "Mary Jones" and rows["It was a disaster,"].resolution == "pronoun"
    assert rows["it was cheap"].speaker == "Brown" and rows["it was cheap"].gender == "male"
    table = speakers.set_index("speaker")
    assert table.loc["Mary Jones", "gender"] == "female" and table.loc["Mary Jones", "n_pronoun"] == 1


def test_speaker_types():
    text = ("Officials said the road was closed. The ministry said it would reopen. The report found that costs rose. "
            "Jane Roe said the plan was fine.")
    quotes, _ = attribute(text)
    types = dict(zip(quotes.speaker, quotes.speaker_type))
    assert types == {"Officials": "unnamed", "ministry": "organisation", "report": "document", "Jane Roe": "person"}


def test_names_lose_time_phrases_and_lone_honorifics():
    quotes, _ = attribute("Trump on Friday said the wall would be built. Mr. Trump added that it was cheap.")
    assert set(quotes.speaker) == {"Trump"}


def test_a_surname_goes_to_the_person_the_article_names_most():
    text = ("Joe Biden said the economy grew. Joe Biden later said jobs were back. His son Hunter Biden was not "
            "there. Biden said taxes would rise.")
    quotes, _ = attribute(text)
    assert quotes[quotes.text == "taxes would rise"].speaker.iloc[0] == "Joe Biden"


def _row_of(text: str, words: str):
    """The one attributed quote whose content holds ``words``."""
    quotes = attribute(text)[0]
    rows = quotes[[words in content for content in quotes["text"]]]
    assert len(rows) == 1, quotes[["speaker", "text"]]
    return rows.iloc[0]


def _speaker_of(text: str, words: str) -> str:
    """The speaker of the quote whose content holds ``words``."""
    return _row_of(text, words)["speaker"]


def test_an_apposition_that_names_the_source_gives_the_name():
    text = ("Since then, a Republican, Ben Arlo, has voiced support for the inquiry, telling the Tribune: "
            "\"I'm a big fan of oversight.\"\nThe Senate Minority Leader, Chuck Rowan, said on Friday "
            "\"We made a plea to the president.\"\nOne of these groups, the Northern Defence Forces, said it "
            "had been given assurances.")
    assert _speaker_of(text, "big fan") == "Ben Arlo"
    assert _speaker_of(text, "made a plea") == "Chuck Rowan"
    assert _speaker_of(text, "assurances") == "Northern Defence Forces"


def test_a_document_speaks_for_the_author_that_published_it():
    text = ("A report published last month by the city auditor found that staffing had fallen by a fifth.\n"
            "A statement released by Arlo's office said the zone would open soon.")
    assert _speaker_of(text, "staffing") == "city auditor"
    assert _speaker_of(text, "zone") == "Arlo's office"


def test_a_pronoun_is_not_the_person_inside_its_own_clause():
    text = ("The previous day, the broadcaster PBS revealed that Crown Prince Omar bin Faisal had accepted "
            "responsibility for the death of the reporter Adam Kell. Speaking to Martin Dane of PBS, he said, "
            "\"It happened under my watch.\"")
    assert _speaker_of(text, "my watch") == "Omar bin Faisal"


def test_a_person_named_in_narration_with_a_foreign_first_name_or_a_title_is_found():
    text = ("Ministers met in Cairo on Monday.\n\nOn Tuesday, Greek prime minister Kyriakos Mitsotakis, speaking "
            "to a think tank, praised the agreement. \"The islands have a continental shelf,\" he said.\n\n"
            "President Carver made several statements in May. Early in the month, he faced criticism. "
            "He hinted that the task force would be disbanded.")
    assert _speaker_of(text, "continental shelf") == "Kyriakos Mitsotakis"
    assert _speaker_of(text, "task force") == "Carver"


def test_a_question_s_auxiliary_or_a_thing_is_not_a_source():
    assert read_mention("Does Rubenwardy").name == "Rubenwardy"
    assert read_mention("Enrolling Minetest").name == "Minetest"
    assert read_mention("something").kind == "none"
    assert read_mention("Sterling Brown").name == "Sterling Brown"


def test_an_organisation_named_after_its_office_is_not_a_person():
    reading = read_mention("The Turkish Ministry of Foreign Affairs")
    assert (reading.kind, reading.name) == ("group", "Turkish Ministry of Foreign Affairs")
    assert read_mention("Ministry spokesman Zhao").kind == "person"


def test_first_names_are_looked_up_without_accents():
    from helpers.speakers import name_gender
    assert name_gender("Agnès Callamard", "") == "female"


def test_the_statement_speaks_for_whoever_put_it_out_earlier():
    text = ("Late on Sunday, President Dan Harlow, in a statement delivered via the press secretary, announced "
            "troops would be leaving.\nThe statement also said the troops had won.\n\n"
            "A statement released by Ortega's office said the zone would open. The Turkish statement said "
            "talks on the zone would start.")
    assert _speaker_of(text, "the troops had won") == "Dan Harlow"
    assert _speaker_of(text, "talks on the zone") == "Ortega's office"


def test_a_pronoun_is_not_the_person_its_quote_speaks_of():
    text = ("Kiara Perkins, an art major, came to the opening. For Kevin Allton, an instructor in English, Warhol "
            "was also a legend. He said, \"Andy Warhol was the center of the Zeitgeist for the 20th century.\"")
    assert _speaker_of(text, "center of the Zeitgeist") == "Kevin Allton"


def test_a_surname_the_recogniser_misses_is_still_a_person_of_the_article():
    text = ("Actress Doris Day said she loved animals.\n\nDay had one child, record producer Terry Melcher, with "
            "her first husband, Al Jorden. She was also married to George Weidler and Barry Comden. She said "
            "Jorden had been abusive.")
    assert _speaker_of(text, "Jorden had been abusive") == "Doris Day"


def test_a_role_goes_to_the_nearest_person_the_narration_gives_it():
    text = ("Prime minister Kyriakos Mitsotakis said the pipeline was vital.\n\nItalian economic development "
            "minister Stefano Patuanelli sent a letter of support, but the minister said they would build another "
            "pipeline.")
    assert _speaker_of(text, "another pipeline") == "Stefano Patuanelli"


def test_a_role_with_a_name_set_off_by_commas_gives_the_name():
    text = "The judge presiding over the case, Bernard Schwartz, said, \"You have severed the ability to interact.\""
    assert _speaker_of(text, "severed") == "Bernard Schwartz"


def test_an_outlet_keeps_its_name_and_a_quote_after_a_mixed_one_keeps_its_speaker():
    text = ("USA Today noted the commission's scope allows it to advise.\n\nAfter the leak, CEO of the Refugee "
            "Council Enver Solomon told Sky News any process \"must be well thought out\": \"Moves to reduce the "
            "backlog are welcome but the answer is not yet more hurdles.")
    assert _speaker_of(text, "commission's scope") == "USA Today"
    quotes = attribute(text)[0]
    assert set(quotes[quotes.text.str.contains("Moves to reduce")].speaker) == {"Enver Solomon"}


@pytest.mark.parametrize("name, reason", [
    ("Beck on Wednesday", "time phrase"), ("Milwaukee Journal Sentinel this summer", "time phrase"),
    ("April 2015 memo", "time phrase"), ("Mr", "lone honorific"), ("Barack Obama’s", "possessive"),
    ("Editor’s", "the outlet's own voice"), ("defeat Mr. Trump", "starts with a conjunction, preposition or verb"),
    ("of the victims", "starts with a conjunction, preposition or verb"),
    ("Does Rubenwardy", "starts with a conjunction, preposition or verb"),
    ("the two", ""), ("a senior official", ""), ("Theresa May", ""), ("USA Today", ""), ("surviving father", "")])
def test_malformed_speaker_names_are_recognised(name, reason):
    assert malformed_speaker(name) == reason


def test_speaker_names_on_real_news_are_rarely_malformed():
    """The first 100 Wikinews articles, the gold articles and the gold news sentences: at most 0.5% malformed speakers
    (``benchmarks/evaluate_speaker_names.py`` runs the whole corpus)."""
    articles = list(iter_articles([ROOT / "data" / "corpus" / "wikinews_en.jsonl"]))[:100]
    gold = sorted((ROOT / "tests" / "fixtures" / "gold").rglob("*.txt"))
    gold += sorted((ROOT / "tests" / "fixtures" / "gold_sentences").rglob("newsmtsc_sentences_??.txt"))
    texts = [a.text for a in articles] + [load_article(path).text for path in gold]
    speakers = [row["speaker"] for text in texts for row in attributed_records(text) if row["speaker"]]
    malformed = [(name, malformed_speaker(name)) for name in speakers if malformed_speaker(name)]
    assert len(speakers) > 1000 and len(malformed) <= 0.005 * len(speakers), malformed


def test_a_person_beside_the_same_pronoun_is_not_its_antecedent():
    text = ('Mark Smith criticised the bill on Monday. He met John Jones, the party leader, in the morning. '
            '"It is a disaster," he said.')
    assert _speaker_of(text, "disaster") == "Mark Smith"


def test_gender_from_how_the_article_refers_to_a_person():
    from helpers.speakers import narration_gender
    text = ("Howie Hawkins renewed his support for the Green New Deal. Hawkins said taxes were too low. "
            "Hawkins claimed the pandemic shows the US is a failed state. He urged voters to vote.")
    assert narration_gender("Howie Hawkins", text) == "male"
    # another person between the name and the pronoun: no evidence
    assert narration_gender("Howie Hawkins", "Hawkins met Mary Jones. She said no. Hawkins met Ann Roe; she left.",
                            frozenset({"Mary", "Jones", "Ann", "Roe"})) == "unknown"


def test_it_after_a_document_goes_to_the_document_s_author():
    text = ("Staffing fell at the plants, the Lower Kell Water Board said. A report published last month by the city "
            "auditor found that staffing had fallen by 22 percent. It warned that further cuts could put testing at risk.")
    assert _speaker_of(text, "further cuts") == "city auditor"


def test_they_goes_to_the_plural_subject_before_it():
    text = "Police said the road was closed. The protesters marched to the square on Monday. They said the government had lied."
    assert _speaker_of(text, "government had lied") == "protesters"
    text = "Officials said the dam was safe. Residents disagreed, and they warned that the river was rising."
    assert _speaker_of(text, "river was rising") == "Residents"


def test_they_after_names_given_together_speaks_for_all_of_them():
    text = ("Senators Ann Marlow and Peter Quist met the governor on Monday. The meeting lasted an hour. "
            "They said the budget was unfair.")
    assert _speaker_of(text, "budget was unfair") == "Ann Marlow and Peter Quist"
    # a plural common noun two sentences back is too far: too many plural subjects are things ("sales")
    text = "Protesters marched on Monday. The rain fell. The march ended at noon. They said the budget was unfair."
    assert _speaker_of(text, "budget was unfair") != "Protesters"


def test_a_plural_description_refers_to_the_people_it_was_given_to():
    text = ("A jury found officers Ann Marlow and Peter Quist guilty on Monday. Both officers said they would "
            "appeal. The officers, although suspended, are back at work. They indicated they would seek bail.")
    for words in ("would appeal", "would seek bail"):
        assert _speaker_of(text, words) == "Ann Marlow and Peter Quist", words
    appeal = _row_of(text, "would appeal")
    assert appeal.uncertain and "named together" in appeal.uncertain_reason
    # a description that neither counts them nor was given to them is someone else
    text = "A jury found Ann Marlow and Peter Quist guilty on Monday. The protesters said the verdict was fair."
    assert _speaker_of(text, "verdict was fair") == "protesters"


def test_a_role_refers_to_the_holder_of_its_abbreviated_title_while_they_are_in_view():
    text = ('Donald Trump attacked Gov. Ron DeSantis of Florida on Saturday.\n\nTrump called him disloyal.\n\n'
            'DeSantis brushed off the criticism. "I don\'t spend my time worrying about that," the Republican '
            'governor told reporters.')
    assert _speaker_of(text, "worrying about that") == "Ron DeSantis"
    # out of view (never named again), the role stays a role
    text = ('Gov. Ron DeSantis signed the bill in March.\n\nThe vote was close.\n\nCritics were angry.\n\n'
            '"We will appeal," the governor of Georgia said.')
    assert _speaker_of(text, "will appeal") != "Ron DeSantis"


def test_a_pronoun_of_the_other_gender_than_the_last_source_looks_at_the_persons_just_named():
    text = ('Nancy Pelosi spoke first. "We agreed on the plan," she said.\n\nMark Kelly and his wife Laura Kelly '
            'visited the school. "It was moving," he said. "We will be back," she added.')
    assert _speaker_of(text, "will be back") == "Laura Kelly"


def test_a_person_named_by_first_name_alone_can_be_he_or_she():
    text = ('"Three weeks, and nobody came," said Beth Tran, who runs a diner.\n\nHer husband, David, agreed. '
            '"We are on our own," he said.')
    assert _speaker_of(text, "on our own") == "David"
    # a first name that is someone's surname here is that person's, not a lone first name
    text = 'Ann Lee spoke first. Lee left. Then the doors closed. "We are on our own," he said.'
    assert _speaker_of(text, "on our own") != "Lee"


def test_a_party_member_description_is_the_person_spoken_of_last():
    text = ('Representative Alexandria Ocasio-Cortez told CNN that the party needed "a fighter." Asked whether she '
            'would run for Senate, the New York Democrat said she was "focused on the House."')
    row = _row_of(text, "focused on")
    assert row.speaker == "Alexandria Ocasio-Cortez" and row.uncertain
    assert _speaker_of("Democrat Joe Manchin said the bill was dead.", "bill was dead") == "Joe Manchin"


def test_a_statement_added_before_or_after_another_is_the_same_speaker_s():
    text = '"We are in lockstep," Johnson said, before adding that the House would vote "as soon as possible."'
    quotes = attribute(text)[0]
    assert list(quotes.speaker) == ["Johnson", "Johnson"] and list(quotes.kind) == ["direct", "mixed"]


def test_a_document_speaks_for_its_named_owner_and_an_acronym_may_hold_an_ampersand():
    text = ("Pacific Gas and Electric Company (PG&E) began turning off electricity. According to PG&E's schedule, "
            "half a million could be affected by noon. Trump's statement said the plan would work.")
    assert _speaker_of(text, "half a million") == "Pacific Gas and Electric Company"
    assert _speaker_of(text, "plan would work") == "Trump"


def test_an_age_description_is_the_person_spoken_of_last():
    text = ('Nikki Haley said the men were "stuck in the past." The 51-year-old told Fox News that voters wanted '
            '"a new generation."')
    row = _row_of(text, "new generation")
    assert row.speaker == "Nikki Haley" and row.uncertain and "spoken of last" in row.uncertain_reason


def test_a_quoted_verb_the_tagger_takes_for_a_noun_still_heads_the_reported_clause():
    text = 'Trump said that DeSantis was "polling very badly." His aide said the governor was "focused on results."'
    quotes = attribute(text)[0]
    assert list(quotes.kind) == ["mixed", "mixed"], quotes[["kind", "text"]]


def test_an_unattributed_quote_after_a_sentence_about_a_person_is_their_guess():
    text = ('The mayor, Tom Hart, said the town would recover.\n\nMaria Lopez has farmed here for thirty years. '
            '"It is all gone. Everything we planted is under water."')
    row = _row_of(text, "all gone")
    assert row.speaker == "Maria Lopez" and row.uncertain and "sentence before" in row.uncertain_reason


def test_a_clause_before_a_colon_gives_its_subject_and_a_document_its_author():
    text = ('Incumbent President Donald Trump quickly took a parting shot on Twitter: "Oh no, really big political '
            'news, perhaps the biggest story in years!"\n\nTrump\'s statement read: "The high-ranking member was '
            'killed in an operation."\n\nOsama bin Laden: "We will never give up on this town."')
    assert _speaker_of(text, "biggest story") == "Donald Trump"
    assert _speaker_of(text, "was killed") == "Donald Trump"
    assert _speaker_of(text, "never give up") == "Osama bin Laden"


def test_a_titled_surname_counts_for_the_person_who_holds_the_title():
    text = ("President Donald Trump met the press on Monday. President Trump said the economy was strong. "
            "His niece Mary Trump published a book. President Trump called it a lie. Trump said the book was false.")
    assert _speaker_of(text, "book was false") == "Donald Trump"


def test_a_relative_clause_that_reports_gives_the_noun_the_pronoun_stands_for():
    text = ("The bill was drafted by Ana Greenfield who said on the parliament floor, \"It follows decades of work "
            "from campaigners.\" It was welcomed by the nurses, who said on the radio, \"This is long overdue.\"")
    assert _speaker_of(text, "decades of work") == "Ana Greenfield"
    assert _speaker_of(text, "long overdue") == "nurses"


def test_a_clause_the_parser_hangs_on_an_object_of_said_is_still_reported():
    text = "Senator Kevin Connor said a law allowing the termination of a life marked a \"sad day for the state\"."
    assert _speaker_of(text, "sad day") == "Kevin Connor"
    assert attribute("Kevin Connor said a prayer for the victims.")[0].empty


def test_a_hyphenated_name_and_a_name_after_a_role_in_according_to_stay_whole():
    text = "Kimberly-Clark said it was working to maintain the supply."
    assert _speaker_of(text, "maintain the supply") == "Kimberly-Clark"
    text = "Attendance reached 11,000 visitors, according to curator Elaine Gustafon."
    assert _speaker_of(text, "11,000 visitors") == "Elaine Gustafon"


def test_a_statement_speaks_for_whoever_put_it_out():
    assert _speaker_of("The White House released a statement saying the troops would leave.",
                       "troops would leave") == "White House"
    text = ("The Commission on International Religious Freedom (USCIRF) also criticized the move. They released a "
            "statement which said, \"Its status as a museum must be maintained.\"")
    assert _speaker_of(text, "status as a museum") == "Commission on International Religious Freedom"


def test_a_definite_description_of_an_organisation_is_the_one_named_before_and_flagged():
    text = ("The Aviation Herald reported the aircraft overran the runway. The industry publication said it broke "
            "through a barrier.\n\nHamas said the talks failed. The army said the rockets were fired at night.")
    quotes = attribute(text)[0]
    row = quotes[quotes["text"].str.contains("barrier")].iloc[0]
    assert (row["speaker"], row["resolution"], bool(row["uncertain"])) == ("Aviation Herald", "role", True)
    assert _speaker_of(text, "rockets") == "army"   # "the army" is not Hamas: its name does not say army


def test_a_definite_description_of_an_organisation_may_be_one_the_narration_named():
    text = "Shares of Ford Motor Co fell after Reuters reported weak sales. The company said the cuts were needed."
    row = _row_of(text, "cuts were needed")
    assert (row["speaker"], bool(row["uncertain"])) == ("Ford Motor Co", True)   # not the outlet that reported
    text = "The Washington Post revealed the memo on Monday. The newspaper said the memo was genuine."
    assert _speaker_of(text, "memo was genuine") == "Washington Post"
    text = "Acme Holdings cut 300 jobs on Monday. The ministry said the cuts were legal."
    assert _speaker_of(text, "cuts were legal") == "ministry"   # a ministry is not a company
    text = "The Interior Ministry closed the border on Monday. The ministry said the move was temporary."
    assert _speaker_of(text, "temporary") == "Interior Ministry"


def test_a_name_after_a_description_s_preposition_is_not_the_subject():
    text = 'Jennifer Daskal of American University and contributor to Slate wrote, "The ruling is broad."'
    assert _speaker_of(text, "ruling is broad") == "Jennifer Daskal"
    assert _speaker_of('A spokesman for Acme said, "We agree."', "We agree") == "spokesman for Acme"


def test_a_name_the_parse_hangs_on_a_place_before_the_verb_is_still_the_subject():
    text = ("In a campaign speech presenting his \u201cnew deal for black America\u201d in Charlotte, N.C., President Trump "
            "said his administration would \u201censure funding for historical black colleges and universities.\u201d")
    assert _speaker_of(text, "ensure funding") == "Trump"


def test_a_quote_without_a_cue_goes_on_from_the_source_that_spoke_in_between_flagged():
    text = ('Haley wrote on Twitter, "We must back our allies." Her aide Tom Brown later told reporters that the post '
            'was sincere. "She means every word."')
    row = _row_of(text, "every word")
    assert (row["speaker"], bool(row["uncertain"])) == ("Tom Brown", True)
    text = '"We will win," Smith said. "It is a good day."'
    assert _speaker_of(text, "good day") == "Smith"
    text = '"We will win," Smith said. He added that the vote was close. "It is a good day."'   # "he" goes on
    row = _row_of(text, "good day")
    assert (row["speaker"], bool(row["uncertain"])) == ("Smith", False)


def test_a_relay_gives_the_outlet_and_the_original_speaker_each_a_quote():
    text = "Reuters reported on Monday a German government source, whom they did not name, said the ban was new."
    quotes = attribute(text)[0]
    assert list(zip(quotes["speaker"], quotes["text"])) == [
        ("Reuters", "a German government source, whom they did not name, said the ban was new"),
        ("German government source", "the ban was new")]
    # not a denial, a request or a would-be statement, not a pronoun ("X said he told them ..." is X's), not a
    # verb of evidence ("shows")
    for sentence in ("Smith denied that Jones said the plan was dead.", "Smith said Jones would say the plan was dead.",
                     "Smith asked that Jones say the plan was dead."):
        assert set(attribute(sentence)[0]["speaker"]) == {"Smith"}, sentence
    assert set(attribute("Smith said he told them the deal was off.")[0]["speaker"]) == {"Smith"}
    assert set(attribute("Hawkins claimed the pandemic shows the US is a failed state.")[0]["speaker"]) == {"Hawkins"}


def test_a_relayed_reaction_is_also_the_inner_source_s():
    quotes = attribute("Jones noted that the Libyan parliament rejected the deal.")[0]
    assert list(zip(quotes["speaker"], quotes["kind"], quotes["text"])) == [
        ("Jones", "indirect", "the Libyan parliament rejected the deal"), ("Libyan parliament", "reaction", "the deal")]
    for sentence in ("Jones said he rejected the deal.", "Jones said the parliament would reject the deal."):
        assert set(attribute(sentence)[0]["speaker"]) == {"Jones"}, sentence


def test_a_document_named_after_a_verb_speaks_for_that_verb_s_subject():
    text = ("The European Court of Justice ruled on Thursday that hosts must remove posts. According to the ruling, "
            "hosts must act fast.")
    assert _speaker_of(text, "act fast") == "European Court of Justice"
    text = "The New York Post reported on Monday that a laptop was found. The report claimed the files were genuine."
    assert _speaker_of(text, "files were genuine") == "New York Post"
    text = "The officers ruled out foul play. The report said the fire started at night."   # "ruled out" makes no report
    assert _speaker_of(text, "fire started") == "report"
    text = "Smith ruled out a run for office on Monday. The ruling said the law was unfair."   # nor a ruling
    assert _speaker_of(text, "law was unfair") == "ruling"


def test_accusations_relays_and_affiliations():
    text = ("Solicitor General Jose Calida filed a petition on February 10, accusing the network of violating its "
            "franchise.")
    assert _speaker_of(text, "violating its franchise") == "Jose Calida"
    text = ("According to semi-official news agency ISNA, the prosecutor general of Tehran, Ali Alghasi Mehr, said the "
            "36 must face \"murder and terrorism charges\", adding Iran will pursue the prosecution of Trump even after "
            "he ends serving as president of the US.")   # Wikinews, 2020-07-02
    quotes = attribute(text)[0]
    assert set(quotes["speaker"]) == {"Ali Alghasi Mehr"}, quotes[["speaker", "text"]]
    text = ("Anna Franowska of the charity told Reuters \"it almost appears as if the statement was prepared "
            "before.\"")
    assert _speaker_of(text, "almost appears") == "Anna Franowska"
    assert _speaker_of("Bank of America said profits rose.", "profits rose") == "Bank of America"
    # a titled person of a place: the person ("Senator Mitch McConnell of Kentucky")
    text = '"This is a stunt," said Senator Mitch McConnell of Kentucky, the minority leader.'
    assert _speaker_of(text, "a stunt") == "Mitch McConnell"
    assert _speaker_of("Secretary of State Antony Blinken said talks would resume.", "talks") == "Antony Blinken"


def test_sources_named_together_speak_together():
    text = ("Dick Durbin and Adam Schiff said the plan was illegal. Schiff called it \"a non-starter\".")
    quotes = attribute(text)[0]
    assert list(quotes["speaker"]) == ["Dick Durbin and Adam Schiff", "Adam Schiff"]
    assert list(quotes["speaker_type"]) == ["person", "person"]
    assert _speaker_of("Woolworths and Coles said they had no plans to introduce limits.", "no plans") \
        == "Woolworths and Coles"
    assert _speaker_of("Marks and Spencer said profits fell.", "profits fell") == "Marks and Spencer"


def test_a_name_opens_at_its_first_name_after_a_capitalised_title():
    text = "Director of National Intelligence John Ratcliffe said the report was false."
    assert _speaker_of(text, "report was false") == "John Ratcliffe"


def test_an_outlet_named_after_its_kind_is_the_outlet_and_a_person_takes_the_side_narration_gives():
    assert _speaker_of("The state-owned Iranian news agency Fars reported that the warrants were issued.",
                       "warrants") == "Fars"
    text = "Turkish President Recep Tayyip Erdoğan spoke on the phone. Erdoğan said the operation was needed."
    quotes = attribute(text)[0]
    assert (quotes["speaker"].iloc[0], quotes["side"].iloc[0]) == ("Recep Tayyip Erdoğan", "Turkey")


def test_an_acronym_defined_after_a_name_with_commas_stands_for_the_name():
    text = ("The move was criticised by the United Nations Educational, Scientific and Cultural Organization "
            "(UNESCO). UNESCO said the change would require its approval.")
    assert _speaker_of(text, "require its approval") == \
        "United Nations Educational, Scientific and Cultural Organization"


def test_a_family_role_is_the_one_family_member_of_its_gender_flagged():
    text = ("Judge Ann Gray sentenced David and Louise Turpin to life in prison. The father said \"I love my "
            "children.\" The mother said \"I look forward to the day I can see them.\"")
    quotes = attribute(text)[0]
    assert list(quotes["speaker"]) == ["David Turpin", "Louise Turpin"]
    assert quotes["uncertain"].all()


def test_according_to_a_role_and_a_name_gives_the_name_and_a_participle_before_a_quote_the_main_subject():
    text = ("According to Windsor Locks' first selectman, Chris Kervick, there were ten passengers aboard the "
            "aircraft.")
    quotes = attribute(text)[0]
    assert (quotes["speaker"].iloc[0], quotes["text"].iloc[0]) == ("Chris Kervick",
                                                                   "there were ten passengers aboard the aircraft")
    text = ("According to Connecticut Senator Richard Blumenthal, the involved airplane is one of eighteen B-17s "
            "still in the United States.")
    assert _speaker_of(text, "eighteen") == "Richard Blumenthal"
    text = ("In a statement issued on Monday, the Royal Canadian Mounted Police (RCMP) confirmed they seized the "
            "substance, stating \"In B.C., this has been considered a public health emergency since April.\"")
    assert _speaker_of(text, "public health emergency") == "Royal Canadian Mounted Police"


def test_seconding_a_call_is_a_reaction_and_the_ordinal_is_not_a_cue():
    text = ("Macron called for the fires to be discussed. The call was quickly seconded by German Chancellor Angela "
            "Merkel and British Prime Minister Boris Johnson.")
    quotes = attribute(text)[0]
    assert ("reaction", "Angela Merkel and Boris Johnson") in set(zip(quotes["kind"], quotes["speaker"]))
    assert attribute("The second round of talks ended on Friday.")[0].empty


def test_an_acronym_after_a_time_and_a_comma_names_only_what_follows():
    from helpers.speakers import acronyms

    assert acronyms("On Sunday, the Kurdish-led Syrian Democratic Forces (SDF) said.") == \
        {"SDF": "Syrian Democratic Forces"}


def test_gender_of_a_first_name_from_another_country_and_never_a_guess_on_a_shared_one():
    from helpers.speakers import name_gender

    assert name_gender("Jarosław Kaczyński", "") == "male"     # "ł" folds to "l": the world list has "jaroslaw"
    assert name_gender("Mariela Belski", "") == "female"
    assert name_gender("Nour Khalil", "") == "unknown"         # given to both sexes
    assert name_gender("Donald Trump", "") == "male"           # the Census list first


def test_a_pronoun_given_to_a_person_named_after_the_last_source_is_flagged():
    text = ('Senator Tom Smith said the plan had failed. The plan was written by Governor Bob Jones in 2019. '
            '"It was never going to work," he said.')
    row = _row_of(text, "never going to work")
    assert row["speaker"] == "Bob Jones" and row["uncertain"]
    assert "also possible: Tom Smith" in row["uncertain_reason"]


def test_a_world_first_name_gives_a_gender_but_never_makes_a_place_a_person():
    from helpers.speakers import looks_like_person, name_gender

    assert name_gender("Wojciech Polak", "") == "male"
    assert not looks_like_person("Abu Dhabi Media", "Abu Dhabi Media said the channel would close.")
    assert name_gender("General Motors", "") == "unknown"   # English words never come from the world list
