"""Coding sheets: units, hidden tool codes, seeded samples, atomic writes, the key recomputed."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import coding
from helpers.articles import Article, load_article
from helpers.cli import main
from tests.conftest import FIXTURES, SEED
from tests.test_agreement import TARGETS, TEXT, fake_quotes, fake_stances

TOOL_ONLY = ["kind", "speaker", "side", "sentiment", "stance", "is_quote", "sentiment_score", "cue"]


def fake_units(**kwargs) -> pd.DataFrame:
    article = Article(id="fake", text=TEXT, path="fake.txt")
    return coding.build_units([article], targets=TARGETS, quotes_fn=fake_quotes, stances_fn=fake_stances,
                              compound=lambda text: 0.6 if "win" in text else -0.3, **kwargs)


def test_units_of_an_article():
    units = fake_units().set_index("unit_id")
    assert list(units["unit_type"]) == ["quote", "quote", "stance", "sentence", "quote", "stance"]
    assert units.loc["fake:q0", "quote"] == "We will win,"
    assert units.loc["fake:q0", "sentence"] == '"We will win," said Ana Ruiz.'
    assert units.loc["fake:q0", "context"].startswith('"We will win," said Ana Ruiz. Officials said')
    assert units.loc["fake:q1:the-strike", "target"] == "the strike"
    assert units.loc["fake:q1:the-strike", "tool_stance"] == "neutral"
    assert units.loc["fake:q2:the-strike", "tool_stance"] == ""  # the tool gave none: still a unit to code
    assert units.loc["fake:s2", "tool_is_quote"] == "no" and units.loc["fake:s2", "sentence"] == "The city was quiet on Monday."
    assert units.loc["fake:q0", "tool_sentiment"] == "positive" and units.loc["fake:q1", "tool_sentiment"] == "negative"
    assert units.loc["fake:q0", "tool_side"] == "none"  # empty side written as the label coders use
    for unit in units.itertuples():
        assert TEXT[unit.start:unit.end] == (unit.quote or unit.sentence)
    assert units["sheet_id"].nunique() == 1
    assert "fake:s0" not in units.index  # sentences with a tool quote are coded as quote rows


def test_sheet_hides_the_tools_codes_and_the_key_keeps_them(tmp_path):
    sheet_path, key_path = coding.write_sheet(fake_units(), tmp_path / "out" / "sheet.csv", ["A", "B", "C3"])
    assert key_path == tmp_path / "out" / "sheet.key.csv"
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    key = pd.read_csv(key_path, dtype=str, keep_default_na=False)
    assert list(sheet.columns) == coding.SHEET_COLUMNS + [c for coder in ("A", "B", "C3") for c in coding.coder_columns(coder)]
    assert not [c for c in sheet.columns if c in TOOL_ONLY or c.startswith("tool")]
    assert (sheet[[c for c in sheet.columns if c[:2] in ("A_", "B_")]] == "").all().all()
    assert list(key["unit_id"]) == list(sheet["unit_id"]) and set(key["sheet_id"]) == set(sheet["sheet_id"])
    assert key.loc[key["unit_id"] == "fake:q0", "tool_kind"].item() == "direct"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sheet.csv", "sheet.key.csv"]  # no temp files


def test_xlsx_sheet_has_a_readme_and_drop_down_lists(tmp_path):
    from openpyxl import load_workbook

    sheet_path, _ = coding.write_sheet(fake_units(), tmp_path / "sheet.xlsx", ["A", "B"])
    book = load_workbook(sheet_path)
    assert book.sheetnames == ["coding", "README"]
    validations = book["coding"].data_validations.dataValidation
    assert any('"direct,indirect,mixed,reaction"' == v.formula1 for v in validations)
    readme = " ".join(str(c.value) for c in book["README"]["A"])
    assert "A_, B_" in readme and "favor | against | neutral" in readme


def test_seeded_sample():
    everything = fake_units()
    first = fake_units(sample=2, seed=1)
    assert (first["unit_type"] != "stance").sum() == 2
    assert list(first["unit_id"]) == list(fake_units(sample=2, seed=1)["unit_id"])
    assert set(first["unit_id"]) <= set(everything["unit_id"])
    assert any(list(fake_units(sample=2, seed=s)["unit_id"]) != list(first["unit_id"]) for s in range(2, 6))
    assert first["sheet_id"].iloc[0] != everything["sheet_id"].iloc[0]  # another sample, another id
    assert len(fake_units(sample=100)) == len(everything)
    for seed in range(6):  # a stance row always comes with its quote, and only with it
        drawn = fake_units(sample=2, seed=seed)
        quotes = set(drawn.loc[drawn["unit_type"] == "quote", "quote_id"])
        assert set(drawn.loc[drawn["unit_type"] == "stance", "quote_id"]) <= quotes
        stances_of_drawn = everything[(everything["unit_type"] == "stance") & everything["quote_id"].isin(quotes)]
        assert set(stances_of_drawn["unit_id"]) <= set(drawn["unit_id"])
    assert len(fake_units(with_sentences=False).query("unit_type == 'sentence'")) == 0


def test_targets_file_and_stance_pairs(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"targets": [{"target": "aid", "patterns": ["aid", "food aid"]}]}))
    targets = coding.read_targets(path)
    assert [t["target"] for t in targets] == ["aid"]
    text = "She said food aid must flow. He said the raid failed."
    quotes = pd.DataFrame([{"quote_id": 0, "start": 9, "end": 27}, {"quote_id": 1, "start": 37, "end": 52}])
    assert coding.stance_pairs(text, quotes, targets).to_dict("records") == [{"quote_id": 0, "target": "aid"}]
    path.write_text("{not json")
    with pytest.raises(coding.ArticleError):
        coding.read_targets(path)


def test_tool_key_recomputes_the_key_for_the_same_units():
    units = fake_units()
    sheet, key = coding.split_sheet(units)
    article = Article(id="fake", text=TEXT, path="fake.txt")
    same = coding.tool_key(sheet, [article], targets=TARGETS, quotes_fn=fake_quotes, stances_fn=fake_stances,
                           compound=lambda text: 0.6 if "win" in text else -0.3)
    pd.testing.assert_frame_equal(same.astype(str), key.astype(str))

    def fewer_quotes(art):  # a changed tool: the reaction is gone, the direct quote's span moved
        quotes = fake_quotes(art).iloc[:2].copy()
        quotes.loc[0, "start"] += 1
        return quotes

    changed = coding.tool_key(sheet, [article], targets=TARGETS, quotes_fn=fewer_quotes, stances_fn=fake_stances,
                              compound=lambda text: 0.0).set_index("unit_id")
    assert changed.loc["fake:q0", "tool_kind"] == "direct"  # matched by overlap
    assert changed.loc["fake:q2", "tool_is_quote"] == "no" and changed.loc["fake:q2", "tool_kind"] == ""
    assert changed.loc["fake:q2:the-strike", "tool_stance"] == ""
    with pytest.raises(coding.ArticleError):
        coding.tool_key(sheet, [], quotes_fn=fake_quotes)


def test_cli_exports_the_seed_with_a_unit_for_every_attribution(tmp_path, capsys):
    from helpers.speakers import attribute

    out = tmp_path / "seed.csv"
    assert main(["coding-sheet", str(SEED), "--out", str(out), "--targets",
                 str(FIXTURES / "coding" / "seed.targets.json"), "--coders", "A,B"]) == 0
    assert "wrote" in capsys.readouterr().err
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False)
    article = load_article(SEED)
    quotes = attribute(article.text, corrections=article.sidecar("corrections"))[0]
    rows = sheet[sheet["unit_type"] == "quote"]
    assert len(rows) == len(quotes)  # one row per attribution the tool found
    assert sorted(zip(rows["start"].astype(int), rows["end"].astype(int))) == sorted(zip(quotes["start"], quotes["end"]))
    # every sentence holding an attribution of the hand-made gold is shown to the coders, in a quote row
    # or a sentence row (so a quote the tool missed can be flagged there)
    from helpers.segment import sentences

    spans = sentences(article.text)[["start", "end"]].to_numpy()

    def sentence_ids(start, end):
        return {i for i, (s, e) in enumerate(spans) if s < max(end, start + 1) and start < e}

    shown = set().union(*(sentence_ids(int(s), int(e)) for s, e in zip(sheet["start"], sheet["end"])))
    gold = json.loads((FIXTURES / "gold" / "seed_ceasefire.gold.json").read_text(encoding="utf-8"))
    for quote in gold["quotes"]:
        assert sentence_ids(quote["start"], quote["end"]) & shown, quote["text"]


def test_cli_bad_input_is_one_line(tmp_path, capsys):
    for args, needle in [
        (["--out", str(tmp_path / "x.txt")], "must end in .csv or .xlsx"),
        (["--out", str(tmp_path / "x.csv"), "--coders", "A,tool"], "not 'tool'"),
        (["--out", str(tmp_path / "x.csv"), "--coders", "A,a"], "distinct"),
        (["--out", str(tmp_path / "x.csv"), "--sample", "0"], "positive"),
        (["--out", str(tmp_path / "x.csv"), "--targets", str(tmp_path / "none.json")], "none.json does not exist"),
    ]:
        assert main(["coding-sheet", str(SEED), *args]) != 0
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and needle in err[0] and err[0].startswith("error:")
    assert main(["coding-sheet", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "x.csv")]) != 0
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_sheet_matches_its_article_only():
    units = fake_units()
    article = Article(id="fake", text=TEXT, path="fake.txt")
    assert coding.sheet_matches(units, article)
    assert not coding.sheet_matches(units, Article(id="fake", text=TEXT.replace("win", "won"), path="fake.txt"))
    assert not coding.sheet_matches(units, Article(id="other", text=TEXT, path="other.txt"))
