"""Agreement coefficients against published worked examples, edge cases, and reading coded sheets back."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import agreement as ag
from helpers import coding
from helpers.articles import Article
from helpers.cli import main

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units with missing values (None), values 1-5.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Krippendorff (2011), section A: two observers, binary data, 10 units; alpha = 0.095.
BINARY_2011 = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
               [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


def wikipedia_kappa_example() -> tuple[list[str], list[str]]:
    """Cohen's kappa on Wikipedia: 50 proposals read by two readers; 20 yes/yes, 5 yes/no,
    10 no/yes, 15 no/no; p_o = .70, p_e = .50, kappa = .40."""
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    return [a for a, _ in pairs], [b for _, b in pairs]


# ------------------------------------------------------------------------------ coefficients

@pytest.mark.parametrize("level", list(PUBLISHED))
def test_alpha_reproduces_krippendorffs_example_with_missing_values(level):
    assert round(ag.krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == PUBLISHED[level]


def test_alpha_binary_example_and_text_labels():
    assert round(ag.krippendorff_alpha(BINARY_2011, "nominal"), 3) == 0.095
    labels = [["low" if v == 1 else "mid" if v == 2 else str(v) if v is not None else None for v in row]
              for row in KRIPPENDORFF_2011]
    assert round(ag.krippendorff_alpha(labels, "nominal"), 3) == 0.743
    words = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    ordered = [[words.get(v) for v in row] for row in KRIPPENDORFF_2011]
    domain = ["very low", "low", "mid", "high", "very high"]
    assert round(ag.krippendorff_alpha(ordered, "ordinal", value_domain=domain), 3) == 0.815
    with pytest.raises(ValueError):
        ag.krippendorff_alpha(ordered, "ordinal")  # order of text labels unknown
    with pytest.raises(ValueError):
        ag.krippendorff_alpha(KRIPPENDORFF_2011, "cardinal")


def test_alpha_accepts_nan_and_empty_strings_as_missing():
    with_nan = [[math.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011]
    assert ag.krippendorff_alpha(with_nan, "interval") == pytest.approx(ag.krippendorff_alpha(KRIPPENDORFF_2011, "interval"))
    with_blank = [["" if v is None else str(v) for v in row] for row in KRIPPENDORFF_2011]
    assert round(ag.krippendorff_alpha(with_blank, "nominal"), 3) == 0.743


def test_kappa_reproduces_the_textbook_example():
    a, b = wikipedia_kappa_example()
    assert ag.cohen_kappa(a, b) == pytest.approx(0.40)
    assert ag.percent_agreement([a, b]) == pytest.approx(0.70)


def test_kappa_equals_scikit_learn_on_random_codes():
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(1)
    for _ in range(30):
        n = rng.randint(5, 40)
        a = [rng.choice("xyz") for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.choice("xyz") for x in a]
        if len(set(a) | set(b)) < 2:
            continue
        assert ag.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_kappa_drops_units_with_a_missing_code():
    a, b = wikipedia_kappa_example()
    assert ag.cohen_kappa(a + [None, "yes", ""], b + ["no", None, "yes"]) == pytest.approx(0.40)
    with pytest.raises(ValueError):
        ag.cohen_kappa(["a"], ["a", "b"])


def test_edge_cases_are_defined():
    # perfect agreement with two categories in use
    assert ag.cohen_kappa(list("abab"), list("abab")) == 1.0
    assert ag.krippendorff_alpha([list("abab"), list("abab")]) == 1.0
    # one category only: no variation, both coefficients undefined; percent agreement is 1
    assert math.isnan(ag.cohen_kappa(["yes"] * 5, ["yes"] * 5))
    assert math.isnan(ag.krippendorff_alpha([["yes"] * 5, ["yes"] * 5]))
    assert ag.percent_agreement([["yes"] * 5, ["yes"] * 5]) == 1.0
    # all missing / nothing pairable
    assert math.isnan(ag.cohen_kappa([None, None], [None, "a"]))
    assert math.isnan(ag.krippendorff_alpha([[None, "a"], ["b", None]]))
    assert math.isnan(ag.krippendorff_alpha([]))
    assert math.isnan(ag.percent_agreement([[None, "a"], ["b", None]]))
    # systematic disagreement is below zero
    assert ag.cohen_kappa(list("abab"), list("baba")) == -1.0


def test_percent_agreement_of_several_coders_averages_pairs_per_unit():
    data = [["a", "a", "b"], ["a", "b", "b"], ["a", None, "c"]]
    # unit 1: 3/3 pairs agree; unit 2: 0/1; unit 3: 1/3
    assert ag.percent_agreement(data) == pytest.approx((1 + 0 + 1 / 3) / 3)


def test_bootstrap_intervals_are_seeded_and_cover_the_estimate():
    a, b = wikipedia_kappa_example()
    low, high = ag.kappa_ci(a, b, n_boot=500, seed=3)
    assert (low, high) == ag.kappa_ci(a, b, n_boot=500, seed=3)
    assert (low, high) != ag.kappa_ci(a, b, n_boot=500, seed=4)
    assert low < 0.40 < high and -1 <= low and high <= 1
    low, high = ag.alpha_ci(KRIPPENDORFF_2011, "interval", n_boot=300)
    assert low < PUBLISHED["interval"] < high
    low, high = ag.alpha_ci(KRIPPENDORFF_2011, "ordinal", n_boot=100)
    assert low < PUBLISHED["ordinal"] < high
    assert all(math.isnan(v) for v in ag.kappa_ci(["yes"] * 9, ["yes"] * 9))
    assert all(math.isnan(v) for v in ag.alpha_ci([["a"], ["a"]]))
    assert all(math.isnan(v) for v in ag.kappa_ci(a, b, n_boot=0))


@pytest.mark.parametrize("level", ["nominal", "interval", "ratio"])
def test_vectorised_resamples_equal_the_package_on_the_full_sample(level):
    matrix, _ = ag._as_matrix(KRIPPENDORFF_2011, level)
    value = ag._alpha_resamples(matrix, level, lambda n: np.ones((1, n)))[0]
    assert value == pytest.approx(ag.krippendorff_alpha(KRIPPENDORFF_2011, level))
    a, b = wikipedia_kappa_example()
    kappa = ag._kappa_resamples(ag._codes_matrix([a, b]), lambda n: np.ones((1, n)))[0]
    assert kappa == pytest.approx(0.40)


def test_category_agreement_and_confusion_table():
    a, b = wikipedia_kappa_example()
    per = ag.category_agreement(a, b, categories=["yes", "no"]).set_index("category")
    assert per.loc["yes", ["n_1", "n_2", "n_both"]].tolist() == [25, 30, 20]
    assert per.loc["yes", "specific_agreement"] == pytest.approx(40 / 55)
    assert per.loc["no", "specific_agreement"] == pytest.approx(30 / 45)
    assert per.loc["yes", "kappa"] == pytest.approx(0.40)  # two categories: the same as overall
    table = ag.confusion_table(a + [None], b + ["yes"], labels=["yes", "no"])
    assert table.loc["yes", "no"] == 5 and table.loc["no", "yes"] == 10
    assert table.loc[ag.MISSING_LABEL, "yes"] == 1
    assert list(table.columns) == ["yes", "no"]


def test_verbal_bands():
    assert [ag.landis_koch(k) for k in (-0.1, 0.1, 0.3, 0.5, 0.7, 0.9)] == [
        "poor", "slight", "fair", "moderate", "substantial", "almost perfect"]
    assert [ag.alpha_verdict(a) for a in (0.9, 0.7, 0.5, math.nan)] == ["reliable", "tentative", "unreliable", "undefined"]


# ------------------------------------------------------------------------------ coded sheets

TEXT = ('"We will win," said Ana Ruiz. Officials said the strike had ended. '
        "The city was quiet on Monday. The minister condemned the strike.")


def fake_quotes(article: Article) -> pd.DataFrame:
    def quote(i, kind, content, speaker, mention, side):
        start = article.text.rindex(content)  # the last occurrence: "the strike" of the reaction
        m = article.text.index(mention)
        return {"quote_id": i, "paragraph": 0, "sentence": 0, "kind": kind, "text": content, "start": start,
                "end": start + len(content), "cue": "", "cue_start": None, "cue_end": None, "speaker": speaker,
                "speaker_id": speaker, "mention": mention, "mention_start": m, "mention_end": m + len(mention),
                "side": side, "uncertain": False}
    return pd.DataFrame([quote(0, "direct", "We will win,", "Ana Ruiz", "Ana Ruiz", ""),
                         quote(1, "indirect", "the strike had ended", "Officials", "Officials", ""),
                         quote(2, "reaction", "the strike", "the minister", "The minister", "")])


def fake_stances(article, quotes, targets):
    return pd.DataFrame([{"quote_id": 1, "target": "the strike", "stance": "neutral"}])


TARGETS = [{"target": "the strike", "patterns": ["strike"]}]


@pytest.fixture()
def sheet(tmp_path) -> Path:
    article = Article(id="fake", text=TEXT, path="fake.txt")
    units = coding.build_units([article], targets=TARGETS, quotes_fn=fake_quotes, stances_fn=fake_stances,
                               compound=lambda text: 0.6 if "win" in text else 0.0)
    out, _key = coding.write_sheet(units, tmp_path / "sheet.csv", ["A", "B"])
    return out


def fill(sheet_path: Path, coder: str, codes: dict[str, dict[str, str]], out: Path) -> Path:
    frame = pd.read_csv(sheet_path, dtype=str, keep_default_na=False)
    for unit_id, values in codes.items():
        row = frame.index[frame["unit_id"] == unit_id][0]
        for variable, value in values.items():
            frame.loc[row, f"{coder}_{variable}"] = value
    frame.to_csv(out, index=False)
    return out


CODES_A = {
    "fake:q0": {"is_quote": "yes", "kind": "direct", "speaker": "Ana Ruiz", "side": "none", "sentiment": "positive",
                "sentiment_score": "0.5"},
    "fake:q1": {"is_quote": "yes", "kind": "indirect", "speaker": "officials", "side": "none", "sentiment": "neutral",
                "sentiment_score": "0"},
    "fake:q2": {"is_quote": "yes", "kind": "reaction", "speaker": "The minister.", "side": "none", "sentiment": "negative",
                "sentiment_score": "-0.5"},
    "fake:q1:the-strike": {"stance": "neutral"},
    "fake:q2:the-strike": {"stance": "against"},
    "fake:s2": {"is_quote": "no"},
}
CODES_B = {
    "fake:q0": {"is_quote": "yes", "kind": "direct", "speaker": "Ana Ruiz", "side": "none", "sentiment": "positive",
                "sentiment_score": "0.8"},
    "fake:q1": {"is_quote": "yes", "kind": "indirect", "speaker": "Officials", "side": "none", "sentiment": "negative",
                "sentiment_score": "-0.2"},
    "fake:q2": {"is_quote": "Yes", "kind": "reaction", "speaker": "interior minister", "side": "none", "sentiment": "negative",
                "sentiment_score": "-0.7"},
    "fake:q1:the-strike": {"stance": "neutral"},
    "fake:q2:the-strike": {"stance": "against"},
    "fake:s2": {"is_quote": "no"},
}


@pytest.fixture()
def coded(sheet, tmp_path) -> tuple[Path, Path]:
    return (fill(sheet, "A", CODES_A, tmp_path / "coder_A.csv"), fill(sheet, "B", CODES_B, tmp_path / "coder_B.csv"))


def test_round_trip_agreement_between_coders_and_with_the_tool(coded):
    sample = ag.load_coded(list(coded))
    assert sample.coders == ["A", "B"] and sample.key.endswith("sheet.key.csv")
    report = ag.agreement(sample, n_boot=200)
    table = report.table.set_index(["variable", "comparison"])
    assert table.loc[("kind", "A vs B"), "percent_agreement"] == 1.0
    assert table.loc[("kind", "A vs tool"), "kappa"] == 1.0
    # "the minister" vs "The minister." vs "minister": compared case-folded, without "the" and final dot
    assert table.loc[("speaker", "A vs tool"), "percent_agreement"] == 1.0
    assert table.loc[("speaker", "A vs B"), "percent_agreement"] == pytest.approx(2 / 3)
    assert table.loc[("sentiment", "A vs B"), "percent_agreement"] == pytest.approx(2 / 3)
    assert table.loc[("sentiment_score", "A vs B"), "level"] == "interval"
    assert not math.isnan(table.loc[("sentiment_score", "A vs B"), "alpha"])
    assert table.loc[("stance", "A vs B"), "units"] == 2
    assert table.loc[("stance", "A vs tool"), "units"] == 1  # the tool gave no stance for the reaction
    # the tool said no quote in sentence s2 and the coders agree; quote rows: the tool says yes
    assert table.loc[("is_quote", "A vs tool"), "percent_agreement"] == 1.0
    assert set(report.disagreements["variable"]) >= {"sentiment", "speaker", "stance"}
    confusion = report.confusion_table("sentiment", "B", "tool")
    assert confusion.loc["negative", "neutral"] == 2 and confusion.loc["positive", "positive"] == 1
    text = ag.format_text(report)
    assert "A vs tool" in text and "Confusion of kind" in text


def test_cli_text_and_json(coded, capsys):
    assert main(["agreement", str(coded[0]), str(coded[1]), "--bootstrap", "50"]) == 0
    out = capsys.readouterr().out
    assert "kappa [95% CI]" in out and "B vs tool" in out
    assert main(["agreement", str(coded[0]), str(coded[1]), "--format", "json", "--bootstrap", "50"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coders"] == ["A", "B"] and data["n_boot"] == 50
    rows = {(r["variable"], r["comparison"]): r for r in data["agreement"]}
    assert rows[("kind", "A vs B")]["percent_agreement"] == 1.0
    assert rows[("sentiment_score", "A vs B")]["kappa"] is None  # NaN -> null


def test_one_sheet_with_both_coders_and_no_key(coded, tmp_path):
    both = pd.read_csv(coded[0], dtype=str, keep_default_na=False)
    other = pd.read_csv(coded[1], dtype=str, keep_default_na=False)
    for column in [c for c in both.columns if c.startswith("B_")]:
        both[column] = other[column]
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    both.to_csv(alone / "both.csv", index=False)
    sample = ag.load_coded([alone / "both.csv"])
    assert sample.coders == ["A", "B"] and sample.key is None
    assert set(ag.agreement(sample, n_boot=0).table["comparison"]) == {"A vs B"}


def test_xlsx_sheet_reads_back(tmp_path):
    article = Article(id="fake", text=TEXT, path="fake.txt")
    units = coding.build_units([article], quotes_fn=fake_quotes, stances_fn=fake_stances, compound=lambda t: 0.0)
    out, _ = coding.write_sheet(units, tmp_path / "sheet.xlsx", ["A"])
    frame = ag.read_table(out)
    frame.loc[frame["unit_id"] == "fake:q0", "A_kind"] = "direct"
    frame.to_csv(tmp_path / "coded.csv", index=False)
    sample = ag.load_coded([tmp_path / "coded.csv"], key=tmp_path / "sheet.key.csv")
    assert sample.coders == ["A"]


def error_of(args: list[str], capsys) -> str:
    code = main(["agreement", *map(str, args), "--bootstrap", "0"])
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in captured.err
    return lines[0]


def rewrite(path: Path, out: Path, change) -> Path:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(out, index=False)
    return out


def test_bad_sheets_get_one_line_saying_what_is_wrong(coded, tmp_path, capsys):
    a, b = coded
    renamed = rewrite(a, tmp_path / "renamed.csv", lambda f: f.rename(columns={"A_kind": "A kind"}, inplace=True))
    assert "'A_kind' is missing and 'A kind' is unexpected (renamed?)" in error_of([renamed], capsys)
    dropped = rewrite(a, tmp_path / "dropped.csv", lambda f: f.drop(columns=["B_side"], inplace=True))
    assert "missing column(s) B_side" in error_of([dropped], capsys)
    extra = rewrite(a, tmp_path / "extra.csv", lambda f: f.insert(3, "comments", ""))
    assert "unexpected column(s) comments" in error_of([extra], capsys)
    label = rewrite(a, tmp_path / "label.csv", lambda f: f.loc.__setitem__((1, "A_kind"), "indrect"))
    message = error_of([label], capsys)
    assert "row 3" in message and "A_kind 'indrect' is not one of direct, indirect, mixed, reaction" in message
    score = rewrite(a, tmp_path / "score.csv", lambda f: f.loc.__setitem__((1, "A_sentiment_score"), "high"))
    assert "is not a number from -1 to 1" in error_of([score], capsys)
    other = rewrite(b, tmp_path / "other.csv", lambda f: f.__setitem__("sheet_id", "0123456789ab"))
    assert "is from a different sample" in error_of([a, other], capsys)
    fewer = rewrite(b, tmp_path / "fewer.csv", lambda f: f.drop(index=[2], inplace=True))
    assert "lacks 1 unit(s) of the sample" in error_of([a, fewer], capsys)
    twice = rewrite(a, tmp_path / "twice.csv", lambda f: None)
    assert "coder A's codes appear in both" in error_of([a, twice], capsys)
    assert "pass it with --key" in error_of([a.with_name("sheet.key.csv")], capsys)
    empty = tmp_path / "sheet_copy.csv"
    empty.write_bytes(a.with_name("sheet.csv").read_bytes())
    assert "no codes found" in error_of([empty], capsys)
    assert "does not exist" in error_of([tmp_path / "nope.csv"], capsys)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert "expected .csv or .xlsx" in error_of([text], capsys)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert "cannot be read" in error_of([broken], capsys)
    wrong_key = rewrite(a.with_name("sheet.key.csv"), tmp_path / "k.key.csv", lambda f: f.__setitem__("sheet_id", "x"))
    assert "different sample" in error_of([a, "--key", wrong_key], capsys)


def test_seed_fixture_sheet_and_key_belong_together():
    folder = Path(__file__).parent / "fixtures" / "coding"
    sheet, _ = ag.parse_sheet(ag.read_table(folder / "seed_sheet.csv"), "seed_sheet.csv")
    key, coders = ag.parse_sheet(ag.read_table(folder / "seed_sheet.key.csv"), "key", key=True)
    assert coders == ["tool"]
    ag._same_sample(sheet, "sheet", key, "key")
    assert (sheet["unit_type"] == "quote").sum() == 18
    for name in ("seed_coder_A.csv", "seed_coder_B.csv"):
        if (folder / name).exists():  # the coded sheets, once the coders have delivered them
            coded, _ = ag.parse_sheet(ag.read_table(folder / name), name)
            ag._same_sample(sheet, "sheet", coded, name)


CODING = Path(__file__).parent / "fixtures" / "coding"


def test_seed_coded_sheets_round_trip():
    sample = ag.load_coded([CODING / "seed_coder_A.csv", CODING / "seed_coder_B.csv"])
    assert sample.coders == ["A", "B"] and Path(sample.key).name == "seed_sheet.key.csv"
    table = ag.agreement(sample, n_boot=0).table.set_index(["variable", "comparison"])
    assert table.loc[("kind", "A vs B"), "units"] == 18  # every attribution coded by both
    assert table.loc[("kind", "A vs B"), "alpha"] == 1.0
    assert table.loc[("side", "A vs B"), "percent_agreement"] < 1.0  # the one hard side
    assert table.loc[("sentiment", "A vs tool"), "alpha"] < 0.667  # VADER against people: unreliable


def test_cli_tool_now_recomputes_the_key(capsys):
    from tests.conftest import SEED

    sheets = [str(CODING / "seed_coder_A.csv"), str(CODING / "seed_coder_B.csv")]
    assert main(["agreement", *sheets, "--tool-now", str(SEED), "--targets", str(CODING / "seed.targets.json"),
                 "--format", "json", "--bootstrap", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["key"].startswith("the tool now")
    assert {"A vs tool", "B vs tool"} <= {r["comparison"] for r in data["agreement"]}
    assert main(["agreement", sheets[0], "--tool-now", str(CODING / "seed.targets.json")]) != 0
    assert capsys.readouterr().err.startswith("error: ")


def test_sheets_saved_by_spreadsheets_in_other_locales_or_order(coded, tmp_path):
    a, b = coded
    frame = pd.read_csv(b, dtype=str, keep_default_na=False)
    frame["B_sentiment_score"] = frame["B_sentiment_score"].str.replace(".", ",", regex=False)
    frame = frame.iloc[::-1]  # a coder sorted the rows
    frame.to_csv(tmp_path / "semicolon_B.csv", index=False, sep=";")
    reread = ag.load_coded([a, tmp_path / "semicolon_B.csv"])
    original = ag.load_coded([a, b])
    pd.testing.assert_frame_equal(ag.agreement(reread, n_boot=0).table, ag.agreement(original, n_boot=0).table)


def test_three_coders_and_an_xlsx_sheet(tmp_path):
    article = Article(id="fake", text=TEXT, path="fake.txt")
    units = coding.build_units([article], targets=TARGETS, quotes_fn=fake_quotes, stances_fn=fake_stances,
                               compound=lambda t: 0.0)
    sheet, _key = coding.write_sheet(units, tmp_path / "sheet.xlsx", ["A", "B", "C"])
    frame = ag.read_table(sheet)
    for coder, kinds in {"A": ["direct", "indirect", "reaction"], "B": ["direct", "indirect", "reaction"],
                         "C": ["direct", "direct", "reaction"]}.items():
        frame.loc[frame["unit_type"] == "quote", f"{coder}_kind"] = kinds
    frame.to_excel(tmp_path / "coded.xlsx", sheet_name="coding", index=False)
    sample = ag.load_coded([tmp_path / "coded.xlsx"])
    assert sample.coders == ["A", "B", "C"] and Path(sample.key).name == "sheet.key.csv"
    table = ag.agreement(sample, n_boot=0).table
    kind = table[table["variable"] == "kind"].set_index("comparison")
    assert list(kind.index) == ["A vs B", "A vs C", "B vs C", "all coders", "A vs tool", "B vs tool", "C vs tool"]
    assert kind.loc["all coders", "percent_agreement"] == pytest.approx((1 + 1 / 3 + 1) / 3)
    assert kind.loc["all coders", "alpha"] == pytest.approx(
        ag.krippendorff_alpha([["direct", "indirect", "reaction"]] * 2 + [["direct", "direct", "reaction"]]))
    assert math.isnan(kind.loc["all coders", "kappa"])  # kappa is for pairs


def test_summary_can_judge_the_lower_bound_of_alpha():
    table = pd.DataFrame({"variable": ["stance", "side"], "comparison": ["A vs B"] * 2, "units": [13, 18],
                          "percent_agreement": [0.85, 0.9], "kappa": [0.68, 0.87], "kappa_low": [0.0, 0.68],
                          "kappa_high": [1.0, 1.0], "alpha": [0.876, 0.9], "alpha_low": [0.67, math.nan],
                          "alpha_high": [1.0, math.nan]})
    assert "verdict (lower bound)" not in ag.summary(table).columns
    shown = ag.summary(table, lower_bound=True)
    assert list(shown["verdict"]) == ["reliable", "reliable"]
    assert list(shown["verdict (lower bound)"]) == ["tentative", "undefined"]
