"""helpers.corpus: one table of quotes over many articles, identical however it runs."""
from __future__ import annotations

import importlib.util
import json

import pandas as pd
import pytest

from helpers import corpus
from helpers.articles import Article, load_article
from helpers.cli import main
from tests.conftest import ROOT

WIKINEWS = ROOT / "data" / "corpus" / "wikinews_en.jsonl"
PIPELINE = all(importlib.util.find_spec(f"helpers.{name}") for name in ("speakers", "sentiment", "stance"))


def fake_analyze(article: Article, targets=None) -> pd.DataFrame:
    """A stand-in for the pipeline: every sentence with "said" is a quote; fails on purpose on 'boom'."""
    if "boom" in article.text:
        raise RuntimeError("exploded")
    from helpers.segment import sentences

    rows = [{"file": article.path, "article_id": article.id, "title": article.title, "quote_id": n,
             "paragraph": row.paragraph, "sentence": row.sentence, "speaker": "someone", "speaker_id": "S1",
             "side": "", "kind": "indirect", "text": row.text, "start": row.start, "end": row.end,
             "cue": "said", "uncertain": False, "compound": round(len(row.text) / 1000, 4), "pos": 0.0,
             "neu": 1.0, "neg": 0.0}
            for n, row in enumerate(r for r in sentences(article.text).itertuples() if "said" in r.text)]
    return corpus.normalise(pd.DataFrame(rows))


def wikinews_sample(tmp_path, n=10):
    """The first ``n`` Wikinews articles that contain a quotation mark, as a JSONL file."""
    lines = [line for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if '\\"' in line][:n]
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- the per-quote shape

def test_summarise_stances_aligns_targets_and_stances_in_target_order():
    targets = [{"target": "Israel", "patterns": ["Israel"]}, {"target": "Hamas", "patterns": ["Hamas"]}]
    stances = pd.DataFrame({"quote_id": [0, 0, 1], "target": ["Hamas", "Israel", "Hamas"],
                            "stance": ["against", "favor", "neutral"]})
    table = corpus.summarise_stances([0, 1, 2], stances, targets).set_index("quote_id")
    assert table.loc[0, "targets"] == "Israel; Hamas" and table.loc[0, "stances"] == "favor; against"
    assert (table.loc[0, "n_favor"], table.loc[0, "n_against"], table.loc[0, "n_neutral"]) == (1, 1, 0)
    assert table.loc[1, "stances"] == "neutral" and table.loc[2, "targets"] == "" and table.loc[2, "n_favor"] == 0


STORY = ('"We will rebuild the bridge," Mayor Jane Roe said on Monday.\n\n'
         'Critics said the bridge plan was a waste of money. The council did not comment.')


def test_analyze_article_has_the_documented_columns():
    from helpers.sentiment import score_text

    article = Article(id="x", text=STORY, title="Title", outlet="Outlet", date="2024-01-01", path="x.txt")
    table = corpus.analyze_article(article, targets=["bridge", "council"])
    assert list(table.columns) == corpus.CORPUS_COLUMNS and len(table) == 2
    assert table["file"].tolist() == ["x.txt", "x.txt"] and table["outlet"].tolist() == ["Outlet"] * 2
    assert table["speaker"].tolist() == ["Jane Roe", "Critics"] and table["speaker_id"].tolist() == ["0", "1"]
    assert table["targets"].tolist() == ["bridge", "bridge"] and table["stances"].str.len().min() > 0
    assert table["compound"].tolist() == [score_text(text)["compound"] for text in table["text"]]
    assert all(STORY[start:end] == text for start, end, text in zip(table["start"], table["end"], table["text"]))
    long = corpus.stance_long(table)
    assert list(long.columns) == corpus.LONG_COLUMNS and long["target"].tolist() == ["bridge", "bridge"]


def _table_from_steps(article: Article) -> pd.DataFrame:
    """The corpus rows rebuilt from the notebooks' DataFrame tables (``article_steps``)."""
    steps = corpus.article_steps(article)
    scored = steps["sentiment"]
    summary = corpus.summarise_stances(scored["quote_id"].tolist(), steps["quote_stances"], steps["targets"])
    table = scored.merge(summary, on="quote_id", how="left")
    for name, value in (("file", article.path), ("article_id", article.id), ("title", article.title),
                        ("outlet", article.outlet), ("date", article.date)):
        table[name] = value
    return corpus.normalise(table)


CORPUS_ONLY = ["speaker_key", "speaker_type", "gender"]  # added by the corpus path, not by notebooks 02-04


def _same_as_steps(table: pd.DataFrame, article: Article) -> None:
    pd.testing.assert_frame_equal(table.drop(columns=CORPUS_ONLY), _table_from_steps(article).drop(columns=CORPUS_ONLY))


@pytest.mark.parametrize("name", ["seed_ceasefire", "wikinews_heaven_sent_interview", "written_opinion", "written_wire"])
def test_corpus_rows_are_the_notebook_tables(name, tmp_path):
    """The corpus path (plain rows, no DataFrames) gives what notebooks 02-04 show, corrections included."""
    source = ROOT / "tests" / "fixtures" / "gold" / f"{name}.txt"
    article = load_article(source)
    _same_as_steps(corpus.analyze_article(article), article)
    first = corpus.analyze_article(article)["speaker"].iloc[0]
    (tmp_path / f"{name}.txt").write_text(article.text, encoding="utf-8")
    (tmp_path / f"{name}.corrections.json").write_text(json.dumps(
        {"drop_quotes": [1], "speakers": {"rename": {first: "Renamed Source"}}}), encoding="utf-8")
    corrected = load_article(tmp_path / f"{name}.txt")
    table = corpus.analyze_article(corrected)
    assert "Renamed Source" in set(table["speaker"]) and 1 not in set(table["quote_id"])
    _same_as_steps(table, corrected)


def test_empty_table_keeps_columns_and_dtypes():
    empty = corpus.empty_table()
    assert list(empty.columns) == corpus.CORPUS_COLUMNS and len(empty) == 0
    assert str(empty["compound"].dtype) == "float64" and str(empty["start"].dtype) == "int64"


def test_resolve_targets_prefers_given_then_sidecar():
    article = Article(id="x", text="t", meta={"targets": {"targets": [{"target": "S", "patterns": ["s"]}]}})
    assert corpus.resolve_targets(article, ["Given"]) == ([{"target": "Given", "patterns": ["Given"]}], "given")
    assert corpus.resolve_targets(article) == ([{"target": "S", "patterns": ["s"]}], "sidecar")


# ---------------------------------------------------------------- reading collections

def test_collections_in_every_shape_and_bad_files_skipped(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b.txt").write_text("Second, the minister said so.", encoding="utf-8")
    (folder / "a.txt").write_text("First, she said yes.", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(json.dumps({"body": "A JSON article.", "headline": "H", "source": "Paper"}) + "\n", encoding="utf-8")
    table = tmp_path / "d.csv"
    pd.DataFrame({"body": ["Row one said.", "Row two."], "headline": ["One", "Two"], "media": ["M1", "M2"]}).to_csv(table, index=False)
    errors = []
    articles = corpus.collect_articles([folder, tmp_path / "missing.txt"], on_error=errors.append)
    assert [a.id for a in articles] == ["a", "b"]
    assert len(errors) == 2 and "broken.txt" in errors[0] and "missing.txt" in errors[1]
    mapped = corpus.collect_articles([jsonl, table], text_column="body",
                                     columns={"title": "headline", "outlet": "media"}, on_error=errors.append)
    assert [(a.text, a.title) for a in mapped] == [("A JSON article.", "H"), ("Row one said.", "One"), ("Row two.", "Two")]
    assert [a.outlet for a in mapped] == ["Paper", "M1", "M2"]


def test_serial_and_two_processes_give_the_same_table_and_skip_failures(tmp_path, capsys):
    path = wikinews_sample(tmp_path, 12)
    bad = Article(id="bad", text="It went boom, he said.", path="bad.txt")
    serial = corpus.analyze_corpus([path, bad], workers=1, progress=False, analyze=fake_analyze)
    parallel = corpus.analyze_corpus([path, bad], workers=2, progress=False, analyze=fake_analyze)
    pd.testing.assert_frame_equal(serial, parallel)
    assert serial["article_id"].iloc[0] == json.loads(path.read_text().splitlines()[0])["id"]  # input order
    assert serial.attrs["n_articles"] == 12 and len(serial.attrs["errors"]) == 1
    assert "bad.txt#bad: RuntimeError: exploded" in capsys.readouterr().err


# ---------------------------------------------------------------- command line

def test_cli_writes_csv_and_parquet_via_a_temporary_file(tmp_path, capsys):
    path = wikinews_sample(tmp_path, 3)
    out = tmp_path / "out" / "quotes.csv"
    assert main(["corpus", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    written = pd.read_csv(out)
    assert list(written.columns) == corpus.CORPUS_COLUMNS and len(written) > 0
    # no temporary file or run folder left behind; the provenance beside the CSV
    assert sorted(p.name for p in out.parent.iterdir()) == ["quotes.csv", "quotes.provenance.json"]
    assert corpus.read_provenance(out)["pipeline"] == corpus.provenance()["pipeline"]
    parquet = tmp_path / "quotes.parquet"
    assert main(["corpus", str(path), "--out", str(parquet), "--workers", "1", "--quiet"]) == 0
    assert len(pd.read_parquet(parquet)) == len(written)
    assert corpus.read_provenance(parquet)["n_quotes"] == len(written)


@pytest.mark.parametrize("argv, message", [
    (["corpus", "nowhere/", "--out", "x.csv", "--quiet"], "does not exist"),
    (["corpus", "README.md", "--out", "x.txt", "--quiet"], "must end in .csv or .parquet"),
])
def test_cli_bad_input_is_one_line(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    path = wikinews_sample(tmp_path, 1)
    assert main(["corpus", str(path), "--out", str(tmp_path / "x.csv"), "--scheduler", "tcp://127.0.0.1:9", "--quiet"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "scheduler" in err[0]


# ---------------------------------------------------------------- the real pipeline, three ways

@pytest.mark.skipif(not PIPELINE, reason="the pipeline modules have not landed yet")
def test_serial_two_workers_and_dask_cluster_give_identical_tables(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    path = wikinews_sample(tmp_path, 10)
    serial = corpus.analyze_corpus([path], workers=1, progress=False)
    assert len(serial) > 10 and serial["compound"].notna().all()
    two = corpus.analyze_corpus([path], workers=2, progress=False)
    pd.testing.assert_frame_equal(serial, two)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = corpus.analyze_corpus([path], scheduler=cluster.scheduler_address, progress=False)
    pd.testing.assert_frame_equal(serial, on_dask)


@pytest.mark.skipif(not PIPELINE, reason="the pipeline modules have not landed yet")
def test_mentions_table_points_back_to_the_text():
    text = "Critics said the ceasefire was fragile. The ceasefire held on Monday.\nNobody mentioned it again."
    article = Article(id="m", text=text, outlet="O", path="m.txt")
    table = corpus.analyze_mentions(article, [{"target": "the ceasefire", "patterns": ["ceasefire"]}])
    assert list(table.columns) == corpus.MENTION_COLUMNS and len(table) == 2
    assert all(text[s:e] == m for s, e, m in zip(table["start"], table["end"], table["mention"]))
    assert set(table["label"]) <= {"negative", "neutral", "positive"} and set(table["tone"]) <= {-1, 0, 1}
    both = corpus.analyze_corpus([article, Article(id="none", text="No target here.")], workers=1, progress=False,
                                 targets=[{"target": "the ceasefire", "patterns": ["ceasefire"]}],
                                 analyze=corpus.analyze_mentions)
    assert list(both.columns) == corpus.MENTION_COLUMNS and len(both) == 2
