"""Corpora of any size: lazy readers, batches, resumable runs, provenance and the corpus speaker key.

Small and fast: a stand-in analyser (no parser) and a handful of articles. Memory, speed and
a real killed run are measured in ``benchmarks/bench_corpus_scale.py``.
"""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from helpers import corpus, speaker_keys
from helpers.articles import Article, ArticleError, count_articles, load_articles, load_table
from helpers.cli import main
from helpers.corpus_store import RunFolder, read_provenance

NAMES = ["Donald Trump", "Bill Clinton", "Hillary Clinton", "he", "a ministry spokesperson", "World Health Organization"]


class Interrupt(BaseException):
    """Stands for a kill: not an Exception, so no batch catches it."""


INTERRUPT_AT: set[str] = set()


def quoting_analyze(article: Article, targets=None) -> list[dict]:
    """A stand-in for the pipeline with the corpus columns: one quote per line "Speaker: words".

    Fails on purpose on a line "boom"; raises ``Interrupt`` on an article listed in ``INTERRUPT_AT``.
    """
    if article.id in INTERRUPT_AT:
        raise Interrupt
    rows = []
    offset = 0
    for number, line in enumerate(article.text.split("\n")):
        if line == "boom":
            raise RuntimeError("exploded")
        speaker, _, words = line.partition(": ")
        start = offset + len(speaker) + 2
        rows.append({"file": article.path, "article_id": article.id, "title": article.title, "outlet": article.outlet,
                     "date": article.date, "quote_id": number, "paragraph": number, "sentence": number,
                     "speaker": speaker_keys.read_name(speaker)[1] if speaker != "he" else "he",
                     "speaker_id": str(number), "speaker_key": "",
                     "speaker_type": speaker_keys.speaker_type(speaker), "gender": speaker_keys.mention_gender(speaker),
                     "mention": speaker, "side": "", "kind": "direct", "text": words, "start": start,
                     "end": start + len(words), "cue": ":", "uncertain": False, "compound": 0.0, "pos": 0.0,
                     "neu": 1.0, "neg": 0.0, "targets": "", "stances": "", "n_favor": 0, "n_against": 0,
                     "n_neutral": 0})
        offset += len(line) + 1
    return corpus.normalise(pd.DataFrame(rows, columns=corpus.CORPUS_COLUMNS))


def write_corpus(path, n=30, bad=()):
    """``n`` articles as JSON lines; article ``k`` quotes two of NAMES; those in ``bad`` fail."""
    with open(path, "w", encoding="utf-8") as handle:
        for k in range(n):
            lines = [f"{NAMES[k % len(NAMES)]}: words {k}", f"{NAMES[(k + 2) % len(NAMES)]}: more {k}"]
            if k in bad:
                lines.append("boom")
            handle.write(json.dumps({"id": f"a{k:03d}", "title": f"T{k}", "text": "\n".join(lines)}) + "\n")
    return path


def run(path, out, **options):
    options = {"workers": 1, "progress": False, "analyze": quoting_analyze, **options}
    return corpus.run_corpus([path], out, **options)


# ---------------------------------------------------------------- the speaker key rule

def book_of(names, order_seed=None):
    pairs = [(f"art{n}", name) for n, name in enumerate(names)]
    if order_seed is not None:
        random.Random(order_seed).shuffle(pairs)
    book = speaker_keys.KeyBook()
    for article, name in pairs:
        book.add(article, name, speaker_keys.speaker_type(name))
    return book


def key(book, name, article="x"):
    return book.key(article, name, speaker_keys.speaker_type(name))


CORPUS_NAMES = ["Donald Trump", "Donald J. Trump", "Donald Trump", "Melania Trump", "Bill Clinton", "Bill Clinton",
                "Hillary Clinton",
                "Hillary Rodham Clinton", "George W. Bush", "George H. W. Bush", "Donald Trump Jr."]


def test_one_key_for_every_way_one_person_is_named():
    book = book_of(CORPUS_NAMES)
    trump = key(book, "Donald Trump")
    assert trump == "person:donald-trump"
    assert {key(book, name) for name in ["Donald J. Trump", "President Donald Trump", "Mr. Trump", "Trump"]} == {trump}
    assert key(book, "Hillary Rodham Clinton") == key(book, "Hillary Clinton") != key(book, "Bill Clinton")
    assert key(book, "Clinton") == "person:clinton"  # two Clintons in as many articles: which one is unknown
    assert key(book_of(CORPUS_NAMES + ["Hillary Clinton", "Hillary Clinton"]), "Clinton") == "person:hillary-clinton"
    assert key(book, "George W. Bush") != key(book, "George H. W. Bush")
    assert key(book, "Donald Trump Jr.") != trump and key(book, "Melania Trump") != trump


def test_keys_do_not_depend_on_the_order_the_articles_came_in():
    names = CORPUS_NAMES + ["Trump", "Clinton", "Bush"]
    first, second = book_of(names), book_of(names, order_seed=3)
    assert [key(first, n) for n in names] == [key(second, n) for n in names]


def test_unnamed_sources_stay_in_their_article_and_organisations_merge():
    book = book_of([])
    assert key(book, "ministry spokesperson", "a1") != key(book, "ministry spokesperson", "a2")
    assert key(book, "officials", "a1").startswith("unnamed:a1:")
    assert key(book, "the World Health Organization", "a1") == key(book, "World Health Organization", "a2")
    assert key(book, "The Ministry’s", "a1") != key(book, "’s", "a2") != key(book, "📢", "a3") != key(book, "📢", "a4")
    assert speaker_keys.speaker_type("World Health Organization") == "organisation"
    assert speaker_keys.speaker_type("police") == "group"
    assert [speaker_keys.mention_gender(m) for m in ["He", "she", "Mr. Roe", "Ms Roe", "Jane Roe"]] == \
        ["male", "female", "male", "female", ""]


# ---------------------------------------------------------------- lazy input and batches

def test_jsonl_is_read_lazily(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}\nnot json\n', encoding="utf-8")
    articles = load_articles(path)
    assert [next(articles).text, next(articles).text] == ["one", "two"]  # the bad line is not read yet
    with pytest.raises(ArticleError, match="line 3 is not valid JSON"):
        next(articles)
    assert count_articles([path]) == 3


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tables_are_read_in_chunks(tmp_path, monkeypatch, suffix):
    from helpers import articles

    frame = pd.DataFrame({"body": [f"Text {k}." for k in range(7)], "headline": [f"H{k}" for k in range(7)]})
    path = tmp_path / f"t{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    monkeypatch.setattr(articles, "TABLE_CHUNK_ROWS", 3)
    read = list(load_table(path, text_column="body", columns={"title": "headline"}))
    assert [(a.text, a.title, a.id) for a in read] == [(f"Text {k}.", f"H{k}", f"t#{k}") for k in range(7)]
    assert count_articles(path) == 7


def test_batches_grow_and_skip_finished_ranges():
    articles = [Article(id=str(k), text="t") for k in range(20)]
    sizes = [len(batch) for batch in corpus.numbered_batches(articles, batch_size=4)]
    assert sizes == [1, 2, 4, 4, 4, 4, 1]
    resumed = list(corpus.numbered_batches(articles, batch_size=4, done=[(3, 6, "3"), (10, 19, "10")]))
    assert [[index for index, _ in batch] for batch in resumed] == [[0], [1, 2], [7, 8, 9]]
    with pytest.raises(ArticleError, match="input has changed"):
        list(corpus.numbered_batches(articles, done=[(3, 6, "other")]))


# ---------------------------------------------------------------- runs: output, failures, resume

@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_run_writes_the_table_speakers_errors_and_provenance(tmp_path, suffix, capsys):
    path = write_corpus(tmp_path / "c.jsonl", 30, bad={5})
    out = tmp_path / f"quotes{suffix}"
    summary = run(path, out, speakers_out=tmp_path / "speakers.csv", batch_size=8)
    table = pd.read_parquet(out) if suffix == ".parquet" else pd.read_csv(out, keep_default_na=False)
    assert summary["n_articles"] == 29 and summary["n_failed"] == 1 and len(table) == 58
    assert table["article_id"].tolist() == sorted(table["article_id"])  # input order
    assert not RunFolder(out).path.exists()
    if suffix == ".parquet":  # one file per batch, one schema, the provenance in each
        files = sorted(out.iterdir())
        assert len(files) > 3 and len({str(pd.read_parquet(f).dtypes.to_dict()) for f in files}) == 1
    provenance = read_provenance(out)
    assert provenance["n_quotes"] == 58 and provenance["helpers_version"] and provenance["n_failed"] == 1
    errors = pd.read_csv(tmp_path / "quotes.errors.csv")
    assert errors["article_id"].tolist() == ["a005"] and "RuntimeError: exploded" in errors["error"][0]
    assert "a005: RuntimeError: exploded" in capsys.readouterr().err
    speakers = pd.read_csv(tmp_path / "speakers.csv", keep_default_na=False).set_index("speaker_key")
    assert speakers.loc["person:donald-trump", "n_articles"] == 10
    assert speakers.loc["person:bill-clinton", "speaker_type"] == "person"
    he = speakers[speakers.index.str.startswith("unnamed:")]
    assert len(he) > 5 and set(he["gender"]) == {""}  # unnamed sources: one per article, no gender claimed


def test_an_interrupted_run_leaves_no_table_and_resumes_to_the_same_one(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 30, bad={5})
    whole = tmp_path / "whole.parquet"
    run(path, whole, batch_size=4, speakers_out=tmp_path / "whole.speakers.csv")
    out = tmp_path / "quotes.parquet"
    INTERRUPT_AT.add("a020")
    try:
        with pytest.raises(Interrupt):
            run(path, out, batch_size=4)
    finally:
        INTERRUPT_AT.clear()
    assert not out.exists() and RunFolder(out).path.exists()
    with pytest.raises(ArticleError, match="add --resume"):
        run(path, out, batch_size=4)
    with pytest.raises(ArticleError, match="other settings .*targets"):
        run(path, out, resume=True, targets=["something"])
    folder = RunFolder(out)
    with open(folder.manifest, "a", encoding="utf-8") as handle:  # a kill in the middle of a line
        handle.write('{"first": 99, "la')
    (folder.parts / "part-0000000099.parquet").write_bytes(b"half a file")  # a kill before its line
    finished = sum(entry["n_articles"] for entry in folder.entries())
    assert 0 < finished < 30
    summary = run(path, out, resume=True, batch_size=4, speakers_out=tmp_path / "speakers.csv")
    assert summary["n_articles"] == 29 and summary["n_failed"] == 1
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(whole))
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "speakers.csv"), pd.read_csv(tmp_path / "whole.speakers.csv"))
    assert run(path, out, resume=True) == {"complete": True, "seconds": 0.0}


def test_two_workers_give_the_same_table_and_keys(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 24)
    one = corpus.analyze_corpus([path], workers=1, progress=False, analyze=quoting_analyze)
    two = corpus.analyze_corpus([path], workers=2, progress=False, analyze=quoting_analyze)
    pd.testing.assert_frame_equal(one, two)
    assert one["speaker_key"].ne("").all() and one.attrs["n_articles"] == 24
    speakers = corpus.corpus_speakers(one)
    assert speakers["n_quotes"].sum() == len(one) and speakers["speaker_key"].is_unique


@pytest.mark.parametrize("argv, message", [
    (["--speakers-out", "s.txt"], "--speakers-out must end in .csv or .parquet"),
    (["--resume"], "no interrupted run"),
    (["--batch-size", "0"], "--batch-size must be 1 or more"),
])
def test_cli_bad_options_are_one_line(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    path = write_corpus(tmp_path / "c.jsonl", 2)
    assert main(["corpus", str(path), "--out", "q.csv", "--quiet", *argv]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


def test_an_existing_folder_that_is_not_a_table_is_never_replaced(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 3)
    out = tmp_path / "quotes.parquet"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ArticleError, match="not written by helpers corpus"):
        run(path, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_json_list_is_read_one_article_at_a_time(tmp_path, monkeypatch):
    from helpers import articles

    monkeypatch.setattr(articles, "JSON_CHUNK_CHARS", 16)   # elements cross chunk boundaries
    path = tmp_path / "export.json"
    path.write_text('\ufeff [ {"text": "one [x]", "id": "a"},\n {"text": "two, \\"quoted\\"", "id": "b"} , {"text": ',
                    encoding="utf-8")
    loaded = load_articles(path)
    assert [next(loaded).text, next(loaded).text] == ["one [x]", 'two, "quoted"']   # read before the break
    with pytest.raises(ArticleError, match="article 3 is not valid JSON"):
        next(loaded)
    path.write_text('[{"text": "one"}, {"text": "two"}]', encoding="utf-8")
    assert [a.text for a in load_articles(path)] == ["one", "two"]
    assert count_articles([path]) == 2
