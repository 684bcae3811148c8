"""The pages of a report that are computed from the tables: the index and the highlighted article.

The index answers a reader's questions first: 3-5 plain-language findings (who is quoted and how often,
who word for word, each side's voice, who stands where, where sides disagree), each linked to its
evidence in ``article.html`` (the article with every quote marked, with its character offsets); the
caveats that apply to this article; the trust figures of each step (``helpers/data/trust_figures.json``,
measured on the shipped gold by ``benchmarks/trust_figures.py``) and what was measured on this article;
and where to find everything else.

Counting rule, the same as the notebooks' and the CSVs': a speaker's *quotes* are the direct, indirect
and mixed ones; *reactions* (``welcomed X``) are counted apart.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from helpers.articles import Article

TRUST_FILE = Path(__file__).resolve().parent / "data" / "trust_figures.json"
GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "gold"
VOICED = ("direct", "indirect", "mixed")
FEW_QUOTES = 3  # below this a speaker gets no sentiment interval (helpers.sentiment) and stands on few words
NO_SIDE = "(no side)"
# One colour per kind of quote in the highlighted article (Okabe-Ito light tints, colour-blind safe).
KIND_COLOURS = {"direct": "#CCE3F0", "indirect": "#FAE6C0", "mixed": "#BFE7DC", "reaction": "#F2DDEA"}
FIGURE_NAMES = {"precision": "precision", "recall": "recall", "f1": "F1", "speaker_accuracy": "speaker accuracy",
                "end_to_end_f1": "F1 with the right speaker", "pearson_r": "Pearson r", "weighted_f1": "weighted F1",
                "polarity_macro_f1": "macro-F1 (for / against / none)",
                "five_class_macro_f1": "macro-F1 (five classes, with direction)",
                "right_stance": "share of pairs with the reader's stance", "favor_against_macro_f1": "macro-F1 (for / against)",
                "pairs_with_a_row": "share of pairs the table has a row for"}
STYLE = """body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}a{color:#0072B2}.muted{color:#555;font-size:90%}nav{margin:.5em 0 1em;font-size:95%}
mark{padding:0 2px}mark:target{outline:3px solid #D55E00}.article{font-family:serif;line-height:1.9}
li{margin:.3em 0}"""

e = html.escape


@dataclass
class Tables:
    """The tables one article's index is computed from (the same frames the CSVs are written from)."""

    quotes: pd.DataFrame
    speakers: pd.DataFrame
    stances: pd.DataFrame
    side_stances: pd.DataFrame
    targets: list[str]
    targets_source: str


def page(title: str, body: str) -> str:
    """A standalone HTML page in the report's style (no scripts, nothing loaded from the network)."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{e(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def load_trust_figures(path: str | Path = TRUST_FILE) -> list[dict[str, Any]]:
    """The stored trust figures, one dict per measured step (``[]`` when the file is missing)."""
    try:
        return list(json.loads(Path(path).read_text(encoding="utf-8"))["steps"])
    except (OSError, ValueError, KeyError):
        return []


def format_figures(figures: dict[str, Any]) -> str:
    """``precision 0.96, recall 0.83`` from a figures dict."""
    return ", ".join(f"{FIGURE_NAMES.get(name, name.replace('_', ' '))} {value:.2f}" for name, value in figures.items())


def trust_markdown(notebook: str, steps: Sequence[dict[str, Any]] | None = None) -> str:
    """The Markdown that stands in a report page for a notebook's validation section."""
    steps = load_trust_figures() if steps is None else steps
    mine = [step for step in steps if step.get("notebook") == notebook]
    head = "## How far can we trust this step?\n\n"
    if not mine:
        return head + "No figures are stored for this step.\n"
    rows = "\n".join(f"| {step['what']} | {step['measured_on']} | {format_figures(step['figures'])} |" for step in mine)
    return (head + "Measured on hand-labelled data shipped with the project (not on this article); "
            "the notebook's own validation section shows the details (`--validate`).\n\n"
            "| what | measured on | figures |\n|---|---|---|\n" + rows + "\n")


# ---------------------------------------------------------------- evidence

def quote_link(quote_id: Any, quotes: pd.DataFrame | None = None) -> str:
    """A link to one quote in ``article.html``, its offsets in the tooltip."""
    title = ""
    if quotes is not None and len(quotes):
        row = quotes[quotes["quote_id"] == quote_id]
        if len(row):
            first = row.iloc[0]
            title = f' title="characters {int(first["start"])}-{int(first["end"])}: {e(_short(first["text"]), quote=True)}"'
    return f'<a href="article.html#q{e(str(quote_id))}"{title}>q{e(str(quote_id))}</a>'


def _links(quote_ids: Sequence[Any], quotes: pd.DataFrame, limit: int = 6) -> str:
    ids = list(quote_ids)
    shown = ", ".join(quote_link(quote_id, quotes) for quote_id in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _short(text: Any, limit: int = 90) -> str:
    """``text`` on one line, cut at a word boundary before ``limit`` characters (never mid-word) with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _names(values: Sequence[str]) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1] if values else ""


def _side(value: Any) -> str:
    return str(value) if isinstance(value, str) and value.strip() else NO_SIDE


def _ids(value: Any) -> list[Any]:
    """Quote ids from a table cell (a list, or its text form in a CSV)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [int(x) if x.strip().isdigit() else x.strip() for x in value.strip("[]").split(",") if x.strip()]
    return []


def article_page(article: Article, quotes: pd.DataFrame, index: str = "index.html") -> str:
    """The article as read, every quote marked (id, kind, speaker) with an anchor, then the quotes as a table."""
    text, parts, position = article.text, [], 0
    rows = quotes.sort_values(["start", "end"]).to_dict("records") if len(quotes) else []
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if start < position:  # overlapping spans: the first one is marked
            continue
        parts.append(e(text[position:start]))
        label = f"q{row['quote_id']} {row['kind']} · {row['speaker'] or 'unknown speaker'}"
        parts.append(f'<mark id="q{e(str(row["quote_id"]))}" style="background:{KIND_COLOURS.get(row["kind"], "#DDDDDD")}" '
                     f'title="{e(label, quote=True)}, characters {start}-{end}">{e(text[start:end])}'
                     f'<sub class="muted">&nbsp;{e(label)}</sub></mark>')
        position = end
    parts.append(e(text[position:]))
    legend = " ".join(f'<mark style="background:{colour}">{kind}</mark>' for kind, colour in KIND_COLOURS.items())
    table = "".join(
        f'<tr><td><a href="#q{e(str(r["quote_id"]))}">q{e(str(r["quote_id"]))}</a></td><td>{e(str(r["kind"]))}</td>'
        f'<td>{e(str(r["speaker"] or "–"))}</td><td>{e(_side(r["side"]) if _side(r["side"]) != NO_SIDE else "–")}</td>'
        f'<td>{int(r["start"])}–{int(r["end"])}</td><td>{"yes" if bool(r.get("uncertain")) else ""}</td>'
        f'<td>{e(_short(r["text"], 140))}</td></tr>' for r in rows)
    body = (f'<nav><a href="{index}">← report index</a></nav>\n<h1>{e(article.title or article.id)}: the quotes in the text</h1>\n'
            f"<p>Every quote's content is marked, one colour per kind: {legend}. The label gives the quote's id "
            "(as in the CSV tables), its kind and its speaker; hover for the character offsets "
            "(<code>text[start:end]</code> is the quote).</p>\n"
            f'<div class="article">{"".join(parts).replace(chr(10), "<br>" + chr(10))}</div>\n'
            "<h2>The quotes</h2>\n<table><tr><th>id</th><th>kind</th><th>speaker</th><th>side</th><th>characters</th>"
            f"<th>uncertain</th><th>text</th></tr>{table}</table>\n<nav><a href=\"{index}\">← report index</a></nav>")
    return page(f"{article.title or article.id}: quotes", body)


# ---------------------------------------------------------------- findings

def findings(tables: Tables) -> list[str]:
    """3-5 findings in plain language, as HTML list items, each with links to its evidence."""
    quotes = tables.quotes
    voiced = quotes[quotes["kind"].isin(VOICED)] if len(quotes) else quotes
    reactions = quotes[quotes["kind"] == "reaction"] if len(quotes) else quotes
    if not len(voiced) and not len(reactions):
        return ["<b>Nobody is quoted.</b> The rules found no quotation, reported speech or reaction in this "
                "article; the pages still show its text, sentences and words."]
    items = [_who_is_quoted(voiced, reactions, quotes), _word_for_word(voiced, quotes)]
    sides = _each_side(voiced, quotes)
    if sides:
        items.append(sides)
    items.append(_who_stands_where(tables))
    items.append(_where_sides_disagree(tables))
    return [item for item in items if item][:5]


def _who_is_quoted(voiced: pd.DataFrame, reactions: pd.DataFrame, quotes: pd.DataFrame) -> str:
    reacted = (f" Reactions (someone <i>welcomed</i> or <i>condemned</i> something, with no words of theirs) are "
               f"counted apart: {len(reactions)} ({_links(reactions['quote_id'], quotes, 4)}).") if len(reactions) else ""
    if not len(voiced):
        return f"<b>Nobody is quoted in their own words or in reported speech.</b>{reacted}"
    counts = voiced.groupby("speaker").agg(n=("quote_id", "size"), ids=("quote_id", list)).reset_index()
    counts = counts.sort_values(["n", "speaker"], ascending=[False, True])
    top = counts.head(4)
    named = "; ".join(f"<b>{e(str(r.speaker) or 'unknown speaker')}</b> {r.n} ({_links(r.ids, quotes, 4)})"
                      for r in top.itertuples())
    rest = ""
    if len(counts) > len(top):
        most = int(counts["n"].iloc[len(top)])
        rest = f"; {len(counts) - len(top)} more with {most} or fewer" if most > 1 else \
            f"; {len(counts) - len(top)} more with 1 each"
    return (f"<b>Who is quoted:</b> {len(voiced)} quotes from {len(counts)} speakers. Most quoted: {named}{rest}."
            f"{reacted}")


def _word_for_word(voiced: pd.DataFrame, quotes: pd.DataFrame) -> str:
    if not len(voiced):
        return ""
    direct = voiced[voiced["kind"].isin(["direct", "mixed"])]
    if not len(direct):
        return ("<b>Nobody is quoted word for word:</b> every quote is reported speech, the journalist's paraphrase "
                "(<i>X said that ...</i>).")
    groups = direct.groupby("speaker")["quote_id"].agg(list).reset_index()
    groups["n"] = groups["quote_id"].map(len)
    groups = groups.sort_values(["n", "speaker"], ascending=[False, True])
    named = "; ".join(f"{e(str(r.speaker) or 'unknown speaker')} ({_links(r.quote_id, quotes, 4)})" for r in groups.itertuples())
    others = voiced.loc[~voiced["speaker"].isin(groups["speaker"]), "speaker"].nunique()
    tail = (f" The other {others} speaker{'s are' if others != 1 else ' is'} only paraphrased."
            if others else " Nobody is only paraphrased.")
    return f"<b>Word for word</b> (direct quotes, in quotation marks): {named}.{tail}"


def _each_side(voiced: pd.DataFrame, quotes: pd.DataFrame) -> str:
    if not len(voiced):
        return ""
    sides = voiced.assign(side=voiced["side"].map(_side))
    if set(sides["side"]) == {NO_SIDE}:
        return ""
    groups = sides.groupby("side").agg(n=("quote_id", "size"), speakers=("speaker", "nunique"),
                                       ids=("quote_id", list)).reset_index()
    groups["last"] = groups["side"].eq(NO_SIDE)
    groups = groups.sort_values(["last", "n", "side"], ascending=[True, False, True])
    named = "; ".join(f"{e(r.side)}: {r.n} quote{'s' if r.n != 1 else ''} from {r.speakers} "
                      f"speaker{'s' if r.speakers != 1 else ''} ({_links(r.ids, quotes, 3)})" for r in groups.itertuples())
    return f"<b>Each side's voice:</b> {named}."


def _who_stands_where(tables: Tables) -> str:
    stances = tables.stances
    if not len(stances) or not tables.targets:
        return ("<b>Who stands where:</b> no stance could be read" +
                (" (no stance targets)." if not tables.targets else " toward the targets in what is quoted."))
    parts = []
    for target in tables.targets:
        rows = stances[(stances["target"] == target) & stances["stance"].isin(["favor", "against"])]
        if not len(rows):
            continue
        said = []
        for label, word in (("favor", "for"), ("against", "against")):
            chosen = rows[rows["stance"] == label].sort_values("speaker")
            if len(chosen):
                said.append(f"{word}: " + ", ".join(f"{e(str(r.speaker) or 'unknown speaker')} ({_links(_ids(r.quote_ids), tables.quotes, 3)})"
                                                     for r in chosen.itertuples()))
        parts.append(f"on <i>{e(target)}</i>, " + "; ".join(said))
    if not parts:
        return "<b>Who stands where:</b> nobody quoted is clearly for or against any of the targets."
    shown = stances[stances["stance"].isin(["favor", "against"])]
    sure = (f" Each of these is a lead to check, not a finding: the calibrated chance that such a row is right is "
            f"{shown['score'].min():.2f}–{shown['score'].max():.2f} here." if "score" in shown and len(shown) else "")
    return "<b>Who stands where:</b> " + " · ".join(parts[:4]) + "." + sure


def _where_sides_disagree(tables: Tables) -> str:
    from helpers.stance import disagreements

    sides = tables.side_stances
    if not len(sides):
        return ""
    known = sides[sides["side"].map(_side) != NO_SIDE]
    conflicts = disagreements(known) if len(known) else pd.DataFrame()
    if not len(conflicts):
        return ("<b>Where sides disagree:</b> no two sides take opposite stances on the same target in what is "
                "quoted.")
    parts = []
    for row in conflicts.itertuples():
        evidence = known[(known["target"] == row.target) & known["stance"].isin(["favor", "against"])]
        ids = [quote_id for value in evidence["quote_ids"] for quote_id in _ids(value)]
        parts.append(f"on <i>{e(str(row.target))}</i>, {e(_names(row.favor))} for and {e(_names(row.against))} "
                     f"against ({_links(ids, tables.quotes, 4)})")
    return "<b>Where sides disagree:</b> " + "; ".join(parts) + "."


# ---------------------------------------------------------------- caveats and trust

def caveats(tables: Tables) -> list[str]:
    """The limits that apply to this article's results, as HTML list items."""
    quotes, speakers, items = tables.quotes, tables.speakers, []
    if len(quotes) and "uncertain" in quotes:
        uncertain = quotes[quotes["uncertain"].astype(bool)]
        if len(uncertain):
            items.append(f"{len(uncertain)} attribution{'s are' if len(uncertain) != 1 else ' is'} uncertain (the rules "
                         f"found more than one possible speaker or none nearby): {_links(uncertain['quote_id'], quotes)}. "
                         "Check them in the highlighted article.")
    if len(speakers) and {"n_quotes", "n_reactions", "side"} <= set(speakers.columns):
        few = speakers[(speakers["n_quotes"] < FEW_QUOTES) & (speakers["n_quotes"] + speakers["n_reactions"] > 0)]
        if len(few):
            items.append(f"{len(few)} of {len(speakers)} speakers have fewer than {FEW_QUOTES} quotes "
                         f"({e(_names(sorted(few['speaker'].astype(str))))}): their sentiment has no interval and their "
                         "stance rests on one or two sentences; read the quotes rather than the averages.")
        unknown = speakers[speakers["side"].map(_side) == NO_SIDE]
        if len(unknown):
            items.append(f"No side is known for {e(_names(sorted(unknown['speaker'].astype(str))))}: the article does "
                         "not say whom they speak for in a way the rules recognise. A <code>NAME.corrections.json</code> "
                         "beside the article can set it (see seeds/README.md).")
    if tables.targets_source == "suggested":
        items.append("The stance targets were suggested from the text (there is no <code>NAME.targets.json</code> "
                     "beside the article): check that they are what the article is about, or write your own as "
                     "plain words.")
    items.append("Sentiment is VADER's reading of the words of each quote; it measures tone, not position, and "
                 "words such as <i>killed</i> make a quote negative whatever the speaker means.")
    return items


def trust_section(article: Article, quotes: pd.DataFrame, steps: Sequence[dict[str, Any]] | None = None) -> str:
    """The trust figures of every step, and what was measured on this article (when it has hand-made gold)."""
    steps = load_trust_figures() if steps is None else steps
    rows = "".join(f"<tr><td>{e(step['step'])}: {e(step['what'])}</td><td>{e(format_figures(step['figures']))}</td>"
                   f"<td class=muted>{e(step['measured_on'])}</td></tr>" for step in steps)
    table = (f"<table><tr><th>step</th><th>figures</th><th>measured on</th></tr>{rows}</table>" if rows else
             "<p>No trust figures are stored with this installation (run <code>python benchmarks/trust_figures.py</code>).</p>")
    return (table + "<p class=muted>Precision: the share of what the tool found that is right; recall: the share of "
            "what is there that the tool found; F1 combines the two (docs/glossary.md). 1.00 is perfect.</p>\n"
            f"<p><b>On this article:</b> {this_article(article, quotes)}</p>")


def this_article(article: Article, quotes: pd.DataFrame) -> str:
    """What was measured on this very article: its hand-made gold, when the project ships one."""
    from helpers.evaluate import gold_quotes_for, quote_scores

    gold = gold_quotes_for(article.text, GOLD_DIR) if GOLD_DIR.is_dir() else None
    if gold is None:
        return ("nothing could be measured: there is no hand-made gold for it. The figures above are what to "
                "expect on similar news text; check the uncertain attributions and a few quotes by hand.")
    scores = quote_scores(quotes, gold)
    return (f"against its hand-made gold ({scores['n_gold']} quotes), quotes: "
            f"{format_figures({k: scores[k] for k in ('precision', 'recall', 'f1', 'speaker_accuracy')})}. "
            "The rules were written next to this article's gold, so this is the least informative figure here: "
            "the held-out figures above are what to expect on other articles.")


# ---------------------------------------------------------------- metadata

def metadata_reason(article: Article, field_name: str, source: str) -> str:
    """Why a metadata field (outlet, date, url) is unknown, in a few words."""
    if article.meta.get("note"):
        return str(article.meta["note"])
    if source.startswith(("http://", "https://")) or Path(article.path).suffix.lower() in (".html", ".htm"):
        return f"the page's metadata gives no {field_name}"
    if Path(article.path).suffix.lower() in (".json", ".jsonl", ".csv", ".tsv", ".xlsx"):
        return f"the record has no {field_name} field"
    return (f"a plain-text file says nothing about its {field_name}; "
            f"{Path(article.path).stem or 'NAME'}.meta.json beside it can give it")
