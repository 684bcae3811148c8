"""Loading articles from every format, with offsets into the text as loaded."""
from __future__ import annotations

import json

import pytest

from helpers.articles import Article, ArticleError, InputWarning, iter_articles, load_article, load_articles
from tests.conftest import SEED


def test_seed_loads_byte_for_byte():
    article = load_article(SEED)
    assert article.text == SEED.read_bytes().decode("utf-8")
    assert article.id == "israel_hamas_ceasefire_talks"
    assert article.title  # from the meta sidecar
    assert article.outlet == "" and article.date == ""


def test_txt_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffFirst line.\r\nSecond “line”.\r\n".encode("utf-8"))
    article = load_article(path)
    assert article.text == "First line.\r\nSecond “line”.\r\n"


def test_utf16_and_latin1(tmp_path):
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("Café said “yes”.".encode("utf-16"))
    assert load_article(utf16).text == "Café said “yes”."
    latin = tmp_path / "l1.txt"
    latin.write_bytes("Caf\xe9 owners said no.".encode("latin-1"))
    with pytest.warns(InputWarning, match="not UTF-8"):
        assert load_article(latin).text == "Café owners said no."


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (bytes(range(256)) * 4, "not a text file"),
])
def test_unusable_files_give_plain_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        load_article(path)


def test_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(ArticleError, match="does not exist"):
        load_article(tmp_path / "nothing.txt")
    with pytest.raises(ArticleError, match="no article files"):
        list(iter_articles([tmp_path]))


def test_html_keeps_body_and_drops_boilerplate(tmp_path):
    body = " ".join(["The council voted on Tuesday to close the old bridge for repairs."] * 3)
    page = f"""<!DOCTYPE html><html><head><title>Bridge closes</title><script>var tracking = 1;</script></head>
    <body><nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li></ul></nav>
    <article><h1>Bridge closes</h1><p>{body}</p>
    <p>"It is not safe," said the mayor, Ana Ruiz. "We have no choice."</p></article>
    <footer>Copyright 2026 Example News. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = load_article(path)
    assert "council voted" in article.text
    assert "said the mayor, Ana Ruiz" in article.text
    assert "tracking" not in article.text and "Subscribe" not in article.text and "Sport" not in article.text
    assert article.title == "Bridge closes"


def test_json_and_jsonl(tmp_path):
    record = {"id": "x1", "title": "T", "outlet": "O", "date": "2024-01-02", "url": "u", "text": "He said no."}
    single = tmp_path / "one.json"
    single.write_text(json.dumps(record))
    article = load_article(single)
    assert (article.id, article.title, article.outlet, article.date, article.text) == ("x1", "T", "O", "2024-01-02", "He said no.")
    lines = tmp_path / "many.jsonl"
    lines.write_text("\n".join(json.dumps({**record, "id": f"x{i}"}) for i in range(3)) + "\n")
    assert [a.id for a in load_articles(lines)] == ["x0", "x1", "x2"]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "ok"}\n{not json\n')
    with pytest.raises(ArticleError, match="line 2"):
        list(load_articles(broken))
    no_text = tmp_path / "notext.json"
    no_text.write_text('{"body": "x"}')
    with pytest.raises(ArticleError, match="no 'text' field"):
        load_article(no_text)


def test_csv_collection_with_named_columns(tmp_path):
    from helpers.articles import load_table

    path = tmp_path / "export.csv"
    path.write_text('headline,body,source\n"A","He said yes.","Paper A"\n"B","She said no.","Paper B"\n')
    articles = list(load_table(path, text_column="body", columns={"title": "headline", "outlet": "source"}))
    assert [(a.title, a.outlet, a.text) for a in articles] == [("A", "Paper A", "He said yes."), ("B", "Paper B", "She said no.")]
    with pytest.raises(ArticleError, match="no column 'text'"):
        list(load_table(path))


def test_folder_walk_skips_sidecars(tmp_path):
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "a.meta.json").write_text('{"title": "A title"}')
    (tmp_path / "b.txt").write_text("Two.")
    articles = list(iter_articles([tmp_path]))
    assert [a.id for a in articles] == ["a", "b"]
    assert articles[0].title == "A title"
    assert isinstance(articles[0], Article)
