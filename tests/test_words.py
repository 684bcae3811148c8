"""Word counts, distinctive words, collocations and the sentence-boundary evaluation."""
from __future__ import annotations

import json

from helpers import evaluate, segment, words
from tests.conftest import FIXTURES


def test_word_frequencies_drop_stopwords_and_punctuation():
    table = words.word_frequencies("The cat and the dog. The cat, again!", top=None)
    assert list(table.word) == ["cat", "dog"]
    assert list(table["count"]) == [2, 1]


def test_log_likelihood_is_zero_when_rates_match_and_grows_with_difference():
    assert abs(words.log_likelihood(10, 100, 1000, 10000)) < 1e-9
    assert words.log_likelihood(20, 100, 1000, 10000) > words.log_likelihood(15, 100, 1000, 10000) > 0


def test_distinctive_words_prefers_words_rare_in_background(seed_text):
    table = words.distinctive_words(seed_text)
    assert table.iloc[0].word == "hamas"
    assert (table.log_ratio > 0).all()


def test_collocations_find_repeated_pairs():
    text = "Prime minister spoke. The prime minister left. A prime minister returned. Then rain fell."
    assert words.collocations(text).iloc[0].bigram == "prime minister"


def test_shipped_background_counts_match_rebuild():
    from helpers.articles import iter_articles
    from tests.conftest import ROOT

    rebuilt = words.build_background_counts(a.text for a in iter_articles([ROOT / "data/corpus/wikinews_en.jsonl"]))
    assert rebuilt == words.background_counts()


def test_sentence_boundary_scores_count_right_and_wrong_cuts():
    documents = [{"paragraphs": [["One.", "Two."], ["Three."]]}]
    perfect = evaluate.sentence_boundary_scores(documents, lambda text: ["One.", "Two.", "Three."])
    assert perfect["f1"] == 1.0
    merged = evaluate.sentence_boundary_scores(documents, lambda text: ["One. Two.", "Three."])
    assert merged["precision"] == 1.0 and round(merged["recall"], 3) == 0.667
    errors = evaluate.sentence_boundary_errors(documents, lambda text: ["One. Two.", "Three."])
    assert list(errors.error) == ["missed end"]


def test_sentence_splitter_on_hand_labelled_samples():
    for name, floor in (("gold_sentences", 0.99), ("heldout_wikinews", 0.96)):
        documents = json.loads((FIXTURES / "sentences" / f"{name}.json").read_text(encoding="utf-8"))["documents"]
        scores = evaluate.sentence_boundary_scores(documents, lambda text: list(segment.sentences(text).text))
        assert scores["f1"] >= floor, (name, scores)
