"""Sentiment: VADER scores, explanations that add up, adjusted lexicons, per-speaker and per-side tables."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import sentiment
from helpers.resources import vader_analyzer

HAND_MADE = [
    "The talks were good.",
    "The talks were not good.",
    "The talks were very good.",
    "The talks were VERY GOOD, the food was bad.",
    "The plan was good, but the result is terrible and not great.",
    "No problem at all",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "He is the shit!",
    "Good news!!! Really??",
    "Bad news?? Why??",
    "Nothing here.",
    "",
    "   ",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Great😁news",
    "Sentiment analysis has never been this good!",
    "\u201cWe are committed to peace,\u201d he said.",
]


def test_score_text_is_vader():
    for text in HAND_MADE:
        expected = vader_analyzer().polarity_scores(text)
        scores = sentiment.score_text(text)
        assert list(scores) == ["compound", "pos", "neu", "neg"]
        assert scores == {key: expected[key] for key in scores}


@pytest.mark.parametrize("text", HAND_MADE)
def test_explain_adds_up_to_compound(text):
    table = sentiment.explain(text)
    assert list(table.columns) == sentiment.EXPLAIN_COLUMNS
    assert table.iloc[-1]["rule"].startswith("punctuation emphasis")
    assert not table.iloc[:-1]["rule"].str.startswith("punctuation").any()
    compound = vader_analyzer().polarity_scores(text)["compound"]
    assert sentiment.compound_from_valences(table["valence"]) == pytest.approx(compound, abs=0.001)


@pytest.mark.parametrize("text", HAND_MADE)
def test_explain_offsets_point_into_the_original_text(text):
    table = sentiment.explain(text)
    for row in table.iloc[:-1].itertuples():
        piece = text[row.start:row.end]
        if piece in vader_analyzer().emojis:
            assert row.token in vader_analyzer().emojis[piece].split()
        else:
            assert piece == row.token


def test_explain_names_the_rules():
    def rule_of(text: str, token: str) -> str:
        table = sentiment.explain(text)
        return table.loc[table["token"] == token, "rule"].iloc[0]

    assert rule_of("The talks were good.", "good") == ""
    assert "negated (not)" in rule_of("The talks were not good.", "good")
    assert "booster (very)" in rule_of("The talks were very good.", "good")
    assert "caps" in rule_of("The talks were GOOD, the food was bad.", "GOOD")
    assert "but (x0.5)" in rule_of("The plan was good, but the result is terrible.", "good")
    assert "but (x1.5)" in rule_of("The plan was good, but the result is terrible.", "terrible")
    assert "negated (least)" in rule_of("One of the least compelling plans.", "compelling")
    assert "idiom (the shit)" in rule_of("He is the shit!", "shit")
    table = sentiment.explain("No problem at all")
    assert table["token"].tolist()[:2] == ["No", "problem"]
    assert table["valence"].iloc[0] == 0 and table["valence"].iloc[1] > 0


def test_explain_unchanged_words_keep_their_lexicon_value():
    for text in HAND_MADE:
        words = sentiment.explain(text).iloc[:-1]
        plain = words[words["rule"] == ""]
        assert (plain["valence"] == plain["lexicon_valence"]).all(), text


def test_punctuation_row():
    table = sentiment.explain("Good news!!! Really??")
    row = table.iloc[-1]
    assert row["token"] == "!!!??"
    assert (row["start"], row["end"]) == (9, 21)
    assert row["valence"] == pytest.approx(3 * 0.292 + 2 * 0.18)
    negative = sentiment.explain("Bad news!").iloc[-1]
    assert negative["valence"] == pytest.approx(-0.292)
    none = sentiment.explain("Bad news.").iloc[-1]
    assert (none["token"], none["start"], none["end"], none["valence"]) == ("", -1, -1, 0.0)


def test_emoji_offsets_point_at_the_emoji():
    text = "Great😁news"
    table = sentiment.explain(text)
    smiling = table[table["token"] == "smiling"].iloc[0]
    assert text[smiling["start"]:smiling["end"]] == "😁"


def test_explain_adds_up_on_all_nyt_sentences():
    nyt = sentiment.load_nyt()
    assert len(nyt) == 5190
    analyzer = vader_analyzer()
    worst = 0.0
    for text in nyt["text"]:
        valences = [row["valence"] for row in sentiment.explain_rows(text)]
        worst = max(worst, abs(sentiment.compound_from_valences(valences) - analyzer.polarity_scores(text)["compound"]))
    assert worst < 0.001


def test_nyt_agreement_reaches_published_figures():
    scored = sentiment.nyt_scores()
    table = sentiment.nyt_validation(scored).set_index(["instrument", "source"])
    vader = table.loc[("VADER compound", "measured here")]
    assert vader["n"] == 5190
    assert vader["pearson_r"] >= 0.49
    assert 0.4 < vader["f1_weighted"] < 0.8
    assert 0.2 < table.loc[("AFINN-en-165 (normalised)", "measured here"), "pearson_r"] < 0.9
    human = table.xs("individual human rater", level="instrument")
    assert human["pearson_r"].min() > vader["pearson_r"]  # one human beats VADER, measured and published


def test_nyt_ratings_match_the_means():
    ratings = sentiment.load_nyt_ratings()
    assert len(ratings) == 5190 and ratings.filter(like="rating_").shape[1] == 20
    means = ratings.filter(like="rating_").mean(axis=1)
    assert np.allclose(means, ratings["mean"], atol=0.01)


def test_three_class_cut():
    assert sentiment.three_class([0.05, 0.049, -0.049, -0.05]).tolist() == [1, 0, 0, -1]
    assert [sentiment.label(value) for value in (0.3, 0.0, -0.3)] == ["positive", "neutral", "negative"]


def test_adjusted_analyzer_leaves_the_default_alone():
    text = "The attacks killed three people."
    plain = sentiment.score_text(text)["compound"]
    neutral = sentiment.adjusted_analyzer(neutralise=["attacks", "killed"])
    assert sentiment.score_text(text, neutral)["compound"] == 0.0
    assert sentiment.score_text(text)["compound"] == plain < 0
    assert "killed" in vader_analyzer().lexicon
    changed = sentiment.adjusted_analyzer({"ceasefire": 2.0})
    assert sentiment.score_text("A ceasefire.", changed)["compound"] > 0
    assert sentiment.explain("A ceasefire.", changed)["valence"].iloc[0] == 2.0


def test_lexicon_mapping_for_one_call():
    text = "Two people were killed."
    assert sentiment.score_text(text, lexicon={"killed": 0})["compound"] == 0.0
    assert sentiment.score_text(text, {"Killed": 0})["compound"] == 0.0
    assert sentiment.explain(text, lexicon={"killed": -1.0})["valence"].iloc[0] == -1.0
    assert sentiment.score_text(text)["compound"] < 0


def test_domain_words_table():
    table = sentiment.domain_words()
    assert {"word", "valence", "kind", "why", "vader_valence", "afinn_valence"} <= set(table.columns)
    assert table["word"].is_unique and (table["word"] == table["word"].str.lower()).all()
    assert {"killed", "attacks", "threats", "cut", "hostages"} <= set(table["word"])
    analyzer = sentiment.domain_analyzer()
    assert "killed" not in analyzer.lexicon and "good" in analyzer.lexicon


def test_afinn_score():
    assert sentiment.afinn_score("good")["afinn"] == 3.0
    assert sentiment.afinn_score("good")["afinn_norm"] == pytest.approx(3 / math.sqrt(9 + 15))
    assert sentiment.afinn_score("a table")["afinn"] == 0.0


def _quotes() -> pd.DataFrame:
    """A hand-made quotes table following the attribution step's column contract."""
    rows = [
        # quote_id, kind, text, speaker_id, speaker, side
        (0, "direct", "This is a great and wonderful day.", "a", "Ann Able", "North"),
        (1, "indirect", "the talks failed badly", "a", "Ann Able", "North"),
        (2, "direct", "We are happy.", "a", "Ann Able", "North"),
        (3, "mixed", "a good deal", "a", "Ann Able", "North"),
        (4, "reaction", "terrible horrible awful news", "a", "Ann Able", "North"),
        (5, "indirect", "the plan is bad", "b", "Bo Bright", "South"),
        (6, "direct", "Nothing changes.", "b", "Bo Bright", "South"),
        (7, "direct", "We will win.", "c", "Cy Court", "South"),
    ]
    table = pd.DataFrame(rows, columns=["quote_id", "kind", "text", "speaker_id", "speaker", "side"])
    table["paragraph"], table["sentence"], table["start"], table["end"] = 0, 0, 0, 0
    for column in ("cue", "mention"):
        table[column] = "said" if column == "cue" else table["speaker"]
    table["uncertain"] = False
    return table


def test_score_quotes_scores_the_quote_text_only():
    scored = sentiment.score_quotes(_quotes())
    assert list(scored.columns[-4:]) == ["compound", "pos", "neu", "neg"]
    assert scored.loc[0, "compound"] == sentiment.score_text("This is a great and wonderful day.")["compound"]
    assert len(scored) == len(_quotes())


def test_speaker_sentiment():
    table = sentiment.speaker_sentiment(_quotes())
    assert list(table.columns) == sentiment.SPEAKER_COLUMNS
    ann = table.set_index("speaker_id").loc["a"]
    assert ann["n_quotes"] == 4  # the reaction is not something Ann said
    assert (ann["n_direct"], ann["n_indirect"]) == (2, 2)  # mixed counts with indirect, as in helpers.speakers
    assert ann["ci_low"] <= ann["sentiment_mean"] <= ann["ci_high"]
    assert ann["share_positive"] == 0.75 and ann["share_negative"] == 0.25
    assert ann["mean_indirect"] < ann["mean_direct"]
    bo = table.set_index("speaker_id").loc["b"]
    assert np.isnan(bo["ci_low"]) and bo["note"] == "too few quotes"
    assert table["sentiment_mean"].is_monotonic_increasing
    again = sentiment.speaker_sentiment(_quotes())
    pd.testing.assert_frame_equal(table, again)  # seeded bootstrap


def test_speaker_sentiment_without_indirect_speech():
    table = sentiment.speaker_sentiment(_quotes(), include_indirect=False).set_index("speaker_id")
    assert table.loc["a", "n_quotes"] == 2
    assert table.loc["a", "n_indirect"] == 2  # the split columns always show both
    assert table.loc["b", "n_quotes"] == 1


def test_side_sentiment():
    table = sentiment.side_sentiment(_quotes()).set_index("side")
    assert list(table.reset_index().columns) == sentiment.SIDE_COLUMNS
    assert table.loc["South", "n_speakers"] == 2 and table.loc["South", "n_quotes"] == 3
    assert table.loc["North", "n_quotes"] == 4


def test_bootstrap_interval():
    assert all(np.isnan(sentiment.bootstrap_interval([0.5, 0.1])))
    low, high = sentiment.bootstrap_interval([0.1, 0.2, 0.3, 0.9])
    assert 0.1 <= low < high <= 0.9
    assert (low, high) == sentiment.bootstrap_interval([0.1, 0.2, 0.3, 0.9])


def test_empty_quotes():
    empty = _quotes().iloc[0:0]
    assert sentiment.speaker_sentiment(empty).empty
    assert sentiment.side_sentiment(empty).empty


def test_unattributed_quotes_are_not_a_speaker():
    quotes = _quotes()
    quotes.loc[7, "speaker"] = ""
    quotes.loc[7, "side"] = ""
    table = sentiment.speaker_sentiment(quotes)
    assert "" not in set(table["speaker"]) and len(table) == 2
    assert "" in set(sentiment.side_sentiment(quotes)["side"])


def test_article_speakers_on_the_seed():
    pytest.importorskip("helpers.speakers")
    from helpers.articles import load_article
    from tests.conftest import SEED

    table = sentiment.article_speakers(load_article(SEED))
    assert list(table.columns[:8]) == ["speaker_id", "speaker", "side", "mentions", "n_quotes", "n_direct",
                                       "n_indirect", "n_scored"]
    assert {"sentiment_mean", "ci_low", "ci_high", "share_positive", "share_negative", "mean_direct",
            "mean_indirect", "note"} <= set(table.columns)
    quoted = table[table["n_quotes"] > 0]
    assert quoted["sentiment_mean"].notna().all()
    assert (quoted["n_scored"] == quoted["n_quotes"]).all()
    assert len(table) >= 5


def test_afinn_explain_adds_up_and_points_into_the_text():
    for text in sentiment.load_nyt()["text"].head(300).tolist() + ["It is NOT GOOD at all.", "İstanbul is good"]:
        table = sentiment.afinn_explain(text)
        assert table["valence"].sum() == sentiment.afinn_score(text)["afinn"]
        for row in table.itertuples():
            assert text[row.start:row.end].lower() == row.token.lower()


def test_plots_draw_with_and_without_intervals():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from helpers import plots

    table = sentiment.speaker_sentiment(_quotes())
    ax = plots.dot_interval_plot(table, title="t")
    assert sorted(label.get_text() for label in ax.get_yticklabels()) == sorted(
        f"{row.speaker} (n={row.n_quotes})" for row in table.itertuples())
    assert len(ax.get_yticks()) == len(table) and ax.get_xlabel() and ax.get_ylabel()
    ax = plots.strip_plot(sentiment.score_quotes(_quotes()), title="t")
    assert len(ax.get_yticks()) == 3
    ax = plots.agreement_scatter([0.1, -0.2], [0.2, -0.1], "x", "y")
    assert ax.get_xlabel() == "x"
    plt.close("all")


def test_score_sentences(seed_text):
    table = sentiment.score_sentences(seed_text)
    assert list(table.columns) == ["paragraph", "sentence", "start", "end", "text", "compound", "pos", "neu", "neg"]
    row = table.iloc[0]
    assert seed_text[row["start"]:row["end"]] == row["text"]
    assert row["compound"] == sentiment.score_text(row["text"])["compound"]
