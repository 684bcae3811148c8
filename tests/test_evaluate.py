"""Evaluation helpers for quotes: span overlap, matching, scores; and the floor on the gold annotations."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.evaluate import (evaluate_quote_gold, match_quotes, normalise_speaker, quote_scores,
                              span_overlap)
from helpers.speakers import attribute
from tests.conftest import FIXTURES

GOLD = sorted((FIXTURES / "gold").glob("*.gold.json"))


def table(*rows):
    return pd.DataFrame(rows, columns=["start", "end", "speaker", "kind"])


def test_span_overlap():
    assert span_overlap((0, 10), (0, 10)) == 1.0
    assert span_overlap((0, 10), (5, 15)) == 0.5
    assert span_overlap((0, 10), (10, 20)) == 0.0
    assert span_overlap((0, 100), (10, 20)) == 0.1  # a long prediction does not match a short quote inside it
    assert span_overlap((3, 3), (3, 3)) == 0.0


def test_match_is_one_to_one_and_best_first():
    predicted = table((0, 10, "Jane Roe", "direct"), (0, 9, "Roe", "direct"), (50, 60, "The UN", "indirect"))
    gold = table((0, 10, "Jane Roe", "direct"), (52, 60, "UN", "indirect"), (80, 90, "X", "indirect"))
    matches = match_quotes(predicted, gold)
    assert list(zip(matches.pred, matches.gold)) == [(0, 0), (2, 1)]
    assert list(matches.speaker_ok) == [True, True]  # "The UN" == "UN"


def test_quote_scores():
    predicted = table((0, 10, "Jane Roe", "direct"), (20, 30, "Mr. Doe", "indirect"), (40, 45, "", "indirect"))
    gold = table((0, 10, "Jane Roe", "direct"), (21, 30, "John Smith", "indirect"))
    scores = quote_scores(predicted, gold)
    assert scores["precision"] == pytest.approx(2 / 3) and scores["recall"] == 1.0
    assert scores["speaker_accuracy"] == 0.5   # "Mr. Doe" shares no name word with "John Smith"


def test_speakers_agree_on_a_shared_name_word():
    from helpers.evaluate import speakers_agree

    assert speakers_agree("Smith", "John Smith") and speakers_agree("Erdogan", "Recep Tayyip Erdoğan")
    assert not speakers_agree("Mr. Smith", "Mr. Jones") and not speakers_agree("", "John Smith")


def test_pieces_of_one_content_count_once():
    predicted = table((0, 10, "A", "direct"), (12, 20, "A", "direct"))
    gold = table((0, 20, "A", "direct"))
    scores = quote_scores(predicted, gold)
    assert scores["n_predicted"] == 1 and scores["precision"] == 1.0
    assert quote_scores(predicted, gold, kinds=("direct",))["f1"] == 1.0
    assert quote_scores(table(), gold)["f1"] == 0.0


def test_normalise_speaker():
    assert normalise_speaker("The United Nations") == normalise_speaker("united nations")
    assert normalise_speaker(None) == ""


@pytest.mark.skipif(not GOLD, reason="no gold annotations")
def test_gold_floor():
    """Regression floor on the hand-made gold (set just below the measured figures)."""
    scores = evaluate_quote_gold(GOLD, lambda text: attribute(text)[0]).set_index("article")
    pooled = scores.loc["all"]
    assert pooled["f1"] >= 0.88
    assert pooled["speaker_accuracy"] >= 0.83
    assert scores.loc["seed_ceasefire", "f1"] == 1.0
    assert scores.loc["seed_ceasefire", "speaker_accuracy"] == 1.0


def test_gold_quotes_for_finds_the_article_by_its_text(tmp_path):
    from helpers.evaluate import gold_quotes_for, load_quote_gold

    text, gold = load_quote_gold(FIXTURES / "gold" / "seed_ceasefire.gold.json")
    found = gold_quotes_for(text, FIXTURES / "gold")
    assert found is not None and len(found) == len(gold)
    assert (found["speaker_id"] == found["speaker"]).all()
    assert gold_quotes_for(text + " one more sentence.", FIXTURES / "gold") is None
    assert gold_quotes_for(text, tmp_path) is None  # no gold files there
