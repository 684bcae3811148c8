"""Paragraphs, sentences and tokens: offsets slice back, the seed splits into its 24 sentences."""
from __future__ import annotations

from helpers.segment import paragraphs, sentences, tokens


def _slices_back(table, text):
    return all(text[s:e] == t for s, e, t in zip(table.start, table.end, table.text))


def test_seed_has_24_sentences_and_16_paragraphs(seed_text):
    table = sentences(seed_text)
    assert len(table) == 24
    assert len(paragraphs(seed_text)) == 16
    assert _slices_back(table, seed_text)
    texts = list(table.text)
    assert texts[1].startswith("A Hamas spokesperson in Gaza said U.S. President")  # "U.S." does not end it
    assert "“Israel was consulted on this matter,\" said Leavitt." in texts
    assert "“They are running out of road,\" said Mencer." in texts
    assert "\"Indeed, they have run out of road." in texts
    assert "The [U.S.] president has made clear that they need to release the hostages right now.”" in texts


def test_sentences_never_cross_paragraphs(seed_text):
    table = sentences(seed_text)
    paras = paragraphs(seed_text)
    for row in table.itertuples():
        para = paras.iloc[row.paragraph]
        assert para.start <= row.start and row.end <= para.end


def test_blank_line_paragraphs_with_wrapped_lines():
    text = "First paragraph runs\nover two lines. Second sentence.\n\nSecond paragraph\nis wrapped too.\n"
    assert list(paragraphs(text).text) == ["First paragraph runs\nover two lines. Second sentence.",
                                           "Second paragraph\nis wrapped too."]
    assert len(sentences(text)) == 3


def test_windows_line_ends_keep_offsets():
    text = "One said this.\r\nTwo said that. Three.\r\n"
    table = sentences(text)
    assert list(table.text) == ["One said this.", "Two said that.", "Three."]
    assert _slices_back(table, text)


def test_tokens_slice_back_and_handle_curly_apostrophes(seed_text):
    table = tokens(seed_text)
    assert _slices_back(table, seed_text)
    assert "Trump" in set(table.text) and "’s" in set(table.text)
    assert "U.S." in set(table.text)


def test_tokens_brackets_and_abbreviations():
    text = 'The [U.S.] president said "no."'
    assert list(tokens(text).text) == ["The", "[", "U.S.", "]", "president", "said", '"', "no", ".", '"']


def test_empty_and_whitespace_text():
    assert sentences("").empty and tokens("   \n").empty


def test_long_line_without_punctuation_is_cut_not_hung():
    text = "word " * 60_000
    table = sentences(text)
    assert _slices_back(table, text) and len(table) >= 2


def test_overlong_sentences_are_cut_at_spaces():
    text = "He said, " * 2000
    table = sentences(text)
    assert _slices_back(table, text)
    assert (table.end - table.start).max() <= 3000
    assert "".join(table.text).replace(" ", "") == text.replace(" ", "")


def test_a_wire_dateline_stays_in_its_sentence_and_is_skipped_by_the_parser():
    from helpers.segment import after_dateline

    text = "NEW YORK, Dec 3 (Reuters) - The mayor said the budget would be cut. It was."
    assert list(sentences(text).text) == ["NEW YORK, Dec 3 (Reuters) - The mayor said the budget would be cut.",
                                          "It was."]
    assert text[after_dateline(text, 0, len(text)):].startswith("The mayor")
    assert after_dateline("LONDON - Later, more.", 0, 21) == 9
    # a capitalised word that is not a dateline is not skipped
    text = "NATO said the talks - held in Oslo - had failed."
    assert after_dateline(text, 0, len(text)) == 0
