"""Tests of helpers.targets and helpers.stance: targets, target sentiment, directed stance, stance tables."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from helpers import stance
from helpers.articles import ArticleError
from helpers.stance import (QUOTE_STANCE_COLUMNS, STANCE_COLUMNS, combine, directed_stance, find_cues, inflect,
                            quote_stances, side_stance_table, stance_table, target_sentiment, tokenize)
from helpers.targets import (MODEL_JSON, MODEL_NPZ, features, find_target_mentions, load_model, load_targets,
                             suggest_targets)
from tests.conftest import FIXTURES, ROOT, SEED

QUOTE_COLUMNS = ["quote_id", "paragraph", "sentence", "kind", "text", "start", "end", "cue", "cue_start", "cue_end",
                 "speaker", "speaker_id", "mention", "mention_start", "mention_end", "side", "uncertain"]


def _span(sentence: str, words: str, after: int = 0) -> tuple[int, int]:
    start = sentence.index(words, after)
    return start, start + len(words)


def _quote(text: str, quote_id: int, kind: str, content: str, cue: str, mention: str, speaker: str, side: str) -> dict:
    """A row of the quotes contract built from the words of a hand-made article."""
    start, end = _span(text, content)
    cue_start, cue_end = _span(text, cue)
    m_start, m_end = _span(text, mention)
    return {"quote_id": quote_id, "paragraph": 0, "sentence": 0, "kind": kind, "text": content, "start": start,
            "end": end, "cue": cue, "cue_start": cue_start, "cue_end": cue_end, "speaker": speaker,
            "speaker_id": quote_id, "mention": mention, "mention_start": m_start, "mention_end": m_end,
            "side": side, "uncertain": False}


# ----------------------------------------------------------------------------------------- targets

def test_load_targets_accepts_sidecar_content_lists_and_names(tmp_path):
    sidecar = {"targets": [{"target": "the merger", "patterns": ["merger", "takeover"]}, "the strike"]}
    path = tmp_path / "a.targets.json"
    path.write_text(json.dumps(sidecar), encoding="utf-8")
    for source in (sidecar, path, str(path)):
        targets = load_targets(source)
        assert [t["target"] for t in targets] == ["the merger", "the strike"]
        found = find_target_mentions("The strike, two strikes and a Strike.", targets[1:])
        assert found["text"].tolist() == ["strike", "strikes", "Strike"]  # a bare name: derived patterns


def test_load_targets_reports_bad_input_in_one_line(tmp_path):
    with pytest.raises(ArticleError, match="does not exist"):
        load_targets(tmp_path / "missing.targets.json")
    broken = tmp_path / "b.targets.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ArticleError, match="not valid JSON"):
        load_targets(broken)
    with pytest.raises(ArticleError, match="regular expression"):
        load_targets([{"target": "x", "patterns": ["re:(unclosed"]}])
    with pytest.raises(ArticleError, match="'target' name"):
        load_targets([{"patterns": ["x"]}])


def test_find_target_mentions_offsets_apostrophes_regex_and_longest_match():
    text = "The mayor’s plan angered unions. Critics called the mayor's plan a cut-off of funds; the plan failed."
    targets = [{"target": "the plan", "patterns": ["mayor's plan", "plan"]},
               {"target": "the cutoff", "patterns": ["cut off"]},
               {"target": "funding", "patterns": ["re:fund(?:s|ing)"]}]
    mentions = find_target_mentions(text, targets)
    assert list(mentions.columns) == ["target", "start", "end", "text"]
    assert all(text[row.start:row.end] == row.text for row in mentions.itertuples())
    plan = mentions[mentions["target"] == "the plan"]["text"].tolist()
    assert plan == ["mayor’s plan", "mayor's plan", "plan"]  # curly and straight apostrophes; longest wins
    assert mentions[mentions["target"] == "the cutoff"]["text"].tolist() == ["cut-off"]
    assert mentions[mentions["target"] == "funding"]["text"].tolist() == ["funds"]
    assert mentions["start"].is_monotonic_increasing


def test_suggest_targets_ranks_what_speakers_talk_about():
    text = ("The Riverside Council met on Monday. Mayor Ann Holt said the council backs the bridge plan. "
            "\"The bridge plan is vital,\" said Holt. \"Without the bridge plan, the town dies,\" the council said. "
            "Reuters reported that Holt would resign. \"Holt has failed the Riverside Council,\" said Tom Reed.")
    suggested = suggest_targets(text, n=5)
    names = [t["target"] for t in suggested]
    assert "bridge plan" in names and "Riverside Council" in names
    assert "Ann Holt" in names  # a speaker, but another speaker talks about her
    assert "Tom Reed" not in names and "Reuters" not in names and "Monday" not in names
    assert all(set(t) == {"target", "patterns", "count", "source"} for t in suggested)
    assert suggest_targets("no names here at all.") == []


# ----------------------------------------------------------------------------------------- target sentiment

def test_model_is_plain_data_and_matches_its_vocabulary():
    with np.load(MODEL_NPZ, allow_pickle=False) as arrays:
        coef, intercept = arrays["coef"], arrays["intercept"]
    meta = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    assert coef.shape == (3, len(meta["vocabulary"])) and intercept.shape == (3,)
    assert meta["labels"] == ["negative", "neutral", "positive"]
    assert meta["held_out_macro_f1"]["dev_rw"] > 0.6


def test_inference_does_not_need_scikit_learn():
    # Block scikit-learn (NLTK tolerates its absence); the shipped model must still predict.
    code = ("import sys; sys.modules['sklearn'] = None; from helpers.stance import target_sentiment; "
            "print(target_sentiment('The senator praised the plan.', 20, 28)['label'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {"negative", "neutral", "positive"}


@pytest.mark.parametrize("sentence, target, expected", [
    ("Critics slammed the governor as corrupt, incompetent and dishonest.", "the governor", "negative"),
    ("The brave volunteers were praised as heroes for saving dozens of lives.", "The brave volunteers", "positive"),
    ("The committee will meet on Tuesday in the capital.", "The committee", "neutral"),
])
def test_target_sentiment_on_clear_sentences(sentence, target, expected):
    result = target_sentiment(sentence, *_span(sentence, target))
    assert set(result) >= {"label", "score", "evidence"}
    assert result["label"] == expected
    assert 0.0 <= result["score"] <= 1.0
    assert abs(sum(result["probabilities"].values()) - 1.0) < 1e-3


def test_target_sentiment_depends_on_the_target():
    sentence = "The thieves attacked the innocent shopkeeper, who bravely defended his family."
    thieves = target_sentiment(sentence, *_span(sentence, "The thieves"))["probabilities"]
    keeper = target_sentiment(sentence, *_span(sentence, "the innocent shopkeeper"))["probabilities"]
    assert thieves != keeper


def test_target_sentiment_rejects_spans_outside_the_sentence():
    with pytest.raises(ValueError):
        target_sentiment("Short.", 3, 40)


def test_features_mask_the_target_and_mark_negation():
    sentence = "Voters did not trust the mayor's budget."
    named = features(sentence, *_span(sentence, "the mayor"))
    assert "w=<T>" in named and "w=mayor" not in named and "t=mayor" in named
    assert "role=possessor" in named and named.get("poss=budget") == 1.0
    assert "c=NEG_trust" in named


def test_features_read_the_targets_role_and_the_words_that_judge_it_from_the_parse():
    from helpers.targets import dependency_features, describe_feature

    sentence = "Critics said the disastrous decision by Trump was not good for the Kurds."
    named = features(sentence, *_span(sentence, "Trump"))
    assert named["dep=pobj"] == 1.0 and named["prepgov=by_decision"] == 1.0
    # "disastrous" is two arcs from Trump (Trump <- by <- decision -> disastrous): a negative word on its path.
    assert "dw=disastrous" in named and named["dpath=pobj^prep>amod:-"] == 1.0 and named["dlex-"] > 0
    kurds = dependency_features(sentence, *_span(sentence, "the Kurds"))
    assert "dep:neg_pred" not in kurds and kurds["dlex+"] > 0  # "good for the Kurds": "not" is on "was", 3 arcs up
    negated = dependency_features("Voters do not trust the mayor.", 20, 29)
    assert "dep:neg_pred" in negated and "dw=NEG_trust" in negated and "dw=trust" not in negated
    assert all("=" not in describe_feature(name) for name in named if name.split("=")[0] in {"dep", "dw", "dpath"})


# ----------------------------------------------------------------------------------------- cue lexicon

def test_inflect_and_cues():
    assert {"welcomes", "welcomed", "welcoming"} <= inflect("welcome")
    assert {"criticized", "criticizes"} <= inflect("criticize")
    assert {"slammed", "slamming"} <= inflect("slam") and {"denied", "denies"} <= inflect("deny")
    cues = find_cues(tokenize("The union did not support the plan and warned strongly against cuts."))
    by_word = {cue.words: cue for cue in cues}
    assert by_word["support"].negated and by_word["support"].stance == "favor"
    assert "warned strongly against" in by_word and by_word["warned strongly against"].stance == "against"
    assert not any(cue.words == "attack" for cue in find_cues(tokenize("The attack was condemned.")) if cue.entry.kind == "verb")


# ----------------------------------------------------------------------------------------- directed stance

@pytest.mark.parametrize("sentence, holder, target, expected", [
    ("The senator praised the governor for her courage.", "The senator", "the governor", "favor"),
    ("The senator praised the governor for her courage.", "the governor", "The senator", "none"),
    ("The mayor was sharply criticised by local business owners.", "local business owners", "The mayor", "against"),
    ("The mayor was sharply criticised by local business owners.", "The mayor", "local business owners", "none"),
    ("The prime minister, who backs the trade deal, spoke to reporters.", "The prime minister", "the trade deal", "favor"),
    ("The opposition party did not support the emergency decree.", "The opposition party", "the emergency decree", "against"),
    ("The minister welcomed the sanctions against the regime.", "The minister", "the regime", "against"),
    ("The mayor said the strike is hurting the city's economy.", "The mayor", "the strike", "against"),
    ("The mayor said the strike is hurting the city's economy.", "The mayor", "the city's economy", "favor"),
    ("The foreign minister met his counterpart in the capital on Monday.", "The foreign minister", "his counterpart", "none"),
    ("\"The sanctions are cruel and illegal,\" the ministry said in a statement.", "the ministry", "The sanctions", "against"),
    ("Neighbouring states expressed support for the peace plan.", "Neighbouring states", "the peace plan", "favor"),
    ("The bill faced fierce criticism from the senator.", "the senator", "The bill", "against"),
    ("The bill faced fierce criticism from the senator.", "The bill", "the senator", "none"),
    ("The deal, which the unions have backed for years, passed on Friday.", "the unions", "The deal", "favor"),
    ("The senator has long been critical of the new policy.", "The senator", "the new policy", "against"),
    ("The party's leader attacked the newspaper over its coverage.", "The party", "the newspaper", "against"),
    ("France and Germany condemned the coup.", "France", "the coup", "against"),
    ("The company pledged to stand by its workers.", "The company", "its workers", "favor"),
])
def test_directed_stance_rules(sentence, holder, target, expected):
    result = directed_stance(sentence, holder=_span(sentence, holder), target=_span(sentence, target))
    assert result["label"] == expected, result
    assert 0.0 <= result["score"] <= 1.0 and result["evidence"]


def _five_class(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    """The outside check's 5 classes from calling directed_stance in both directions."""
    ab = directed_stance(sentence, holder=a, target=b)
    ba = directed_stance(sentence, holder=b, target=a)
    found = [(r["score"], f"{x}_{r['label']}_{y}") for r, x, y in ((ab, "a", "b"), (ba, "b", "a")) if r["label"] != "none"]
    return max(found)[1] if found else "none"


def _macro_f1(gold: list[str], predicted: list[str]) -> float:
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        precision = tp / max(sum(p == label for p in predicted), 1)
        recall = tp / max(sum(g == label for g in gold), 1)
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return sum(scores) / len(scores)


def test_directed_stance_on_the_hand_made_set_beats_the_aims():
    rows = [json.loads(line) for line in (FIXTURES / "directed_stance.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 40 and {r["label"] for r in rows} == {"none", "a_favor_b", "b_favor_a", "a_against_b", "b_against_a"}
    gold = [r["label"] for r in rows]
    predicted = [_five_class(r["sentence"], tuple(r["a"]), tuple(r["b"])) for r in rows]
    polarity = lambda label: label if label == "none" else label.split("_")[1]  # noqa: E731
    assert _macro_f1(gold, predicted) >= 0.33
    assert _macro_f1([polarity(g) for g in gold], [polarity(p) for p in predicted]) >= 0.45


def test_directed_stance_rejects_bad_spans():
    with pytest.raises(ValueError):
        directed_stance("A met B.", holder=(0, 1), target=(5, 50))


# ----------------------------------------------------------------------------------------- quote stances and tables

ARTICLE = ("The union condemned the factory closure. "
           "A union spokesperson said the closure is destroying the town. "
           "The mayor welcomed the closure plan. "
           "\"We are committed to the town,\" said the mayor.")


def _quotes() -> pd.DataFrame:
    rows = [
        _quote(ARTICLE, 0, "reaction", "the factory closure", "condemned", "The union", "union", "Labour"),
        _quote(ARTICLE, 1, "indirect", "the closure is destroying the town", "said", "A union spokesperson", "union", "Labour"),
        _quote(ARTICLE, 2, "reaction", "the closure plan", "welcomed", "The mayor", "mayor", "Council"),
        _quote(ARTICLE, 3, "direct", "We are committed to the town,", "said the", "the mayor", "mayor", "Council"),
    ]
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame.loc[frame["speaker"] == "union", "speaker_id"] = 0
    frame.loc[frame["speaker"] == "mayor", "speaker_id"] = 1
    return frame


TARGETS = [{"target": "the closure", "patterns": ["closure"]}, {"target": "the town", "patterns": ["town"]}]


def test_quote_stances_combines_cues_and_target_roles():
    table = quote_stances(_quotes(), TARGETS, ARTICLE)
    assert list(table.columns) == QUOTE_STANCE_COLUMNS
    got = {(row.quote_id, row.target): row.stance for row in table.itertuples()}
    assert got[(0, "the closure")] == "against"  # "condemned the factory closure"
    assert got[(1, "the closure")] == "against"  # the closure is the subject of a harming verb
    assert got[(1, "the town")] == "favor"  # the town is what is harmed
    assert got[(2, "the closure")] == "favor"  # "welcomed": stance, not sentiment
    assert got[(3, "the town")] == "favor"  # "committed to"
    for row in table.itertuples():
        assert ARTICLE[row.target_start:row.target_end].lower() in {"closure", "town"}
        assert 0.0 <= row.score <= 1.0 and row.evidence


def test_methods_differ_where_stance_is_not_sentiment():
    model_only = quote_stances(_quotes(), TARGETS, ARTICLE, method="model")
    welcomed = model_only[(model_only["quote_id"] == 2)]
    assert set(welcomed["stance"]) <= {"favor", "against", "neutral"}
    with pytest.raises(ValueError):
        quote_stances(_quotes(), TARGETS, ARTICLE, method="magic")


@pytest.mark.parametrize("stances, expected", [
    (["favor", "neutral"], "favor"), (["against"], "against"), (["against", "neutral", "against"], "against"),
    (["favor", "against"], "mixed"), (["neutral", "neutral"], "neutral"), ([], "neutral"),
    (["mixed", "neutral"], "mixed"),
])
def test_combine_follows_the_codebook(stances, expected):
    assert combine(stances) == expected


def test_a_weak_reading_decides_a_cell_only_when_no_other_quote_takes_a_side():
    from helpers.stance import WEAK_READING, deciding_rows

    def cell(*quotes):
        return pd.DataFrame([(i, stance, evidence) for i, (stance, evidence) in enumerate(quotes)],
                            columns=["quote_id", "stance", "evidence"])

    weak = f"{WEAK_READING} the learned model reads negative sentiment toward the target (70%)"
    assert combine(deciding_rows(cell(("favor", "called it a success"), ("against", weak)))["stance"]) == "favor"
    assert combine(deciding_rows(cell(("neutral", "no side"), ("against", weak)))["stance"]) == "against"
    assert combine(deciding_rows(cell(("favor", weak), ("against", weak)))["stance"]) == "mixed"


def test_stance_tables_aggregate_per_speaker_and_side():
    per_quote = quote_stances(_quotes(), TARGETS, ARTICLE)
    speakers = stance_table(_quotes(), TARGETS, ARTICLE)
    assert list(speakers.columns) == STANCE_COLUMNS
    assert speakers.equals(stance_table(per_quote))
    cell = speakers[(speakers["speaker"] == "union") & (speakers["target"] == "the closure")].iloc[0]
    assert cell["stance"] == "against" and cell["n_quotes"] == 2 and cell["quote_ids"] == [0, 1]
    mayor = speakers[(speakers["speaker"] == "mayor") & (speakers["target"] == "the closure")].iloc[0]
    assert mayor["stance"] == "favor"
    sides = side_stance_table(per_quote)
    assert set(sides["side"]) == {"Labour", "Council"}
    mixed = pd.concat([per_quote, per_quote.assign(quote_id=9, stance="favor")])
    mixed_cell = stance_table(mixed)
    assert "mixed" in set(mixed_cell["stance"])


def test_stance_table_without_the_article_text_rebuilds_it_from_the_quotes():
    from helpers.stance import text_from_quotes

    rebuilt = text_from_quotes(_quotes())
    assert len(rebuilt) <= len(ARTICLE)
    for quote in _quotes().itertuples():
        assert rebuilt[quote.start:quote.end] == quote.text
    without = stance_table(_quotes(), TARGETS)
    with_text = stance_table(_quotes(), TARGETS, ARTICLE)
    assert without[["speaker", "target", "stance"]].equals(with_text[["speaker", "target", "stance"]])


def test_empty_inputs_give_empty_tables_with_columns():
    empty = pd.DataFrame(columns=QUOTE_COLUMNS)
    assert list(quote_stances(empty, TARGETS, ARTICLE).columns) == QUOTE_STANCE_COLUMNS
    assert list(stance_table(empty, TARGETS, ARTICLE).columns) == STANCE_COLUMNS
    assert quote_stances(_quotes(), [], ARTICLE).empty


# ----------------------------------------------------------------------------------------- the seed and the CLI

def test_seed_stances_a_careful_reader_codes():
    from helpers.articles import load_article
    from helpers.stance import article_stances

    table = article_stances(load_article(SEED))
    cells = {(row.side, row.target): row.stance for row in table.itertuples()}
    threats = table[table["target"] == "Trump's threats"]
    by_side = dict(zip(threats["side"], threats["stance"]))
    assert by_side.get("Israel") == "favor" and by_side.get("Hamas") == "against"
    assert cells[("Hamas", "the ceasefire")] == "favor"
    assert "against" in set(table.loc[table["target"] == "the aid and fuel cutoff", "stance"])


def test_cli_stances_records(tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpers", "stances", str(SEED), "--format", "jsonl"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(list(r) == ["file", "speaker", "side", "target", "stance", "score", "n_quotes", "quote_ids"]
                           for r in records)
    targets = tmp_path / "t.json"
    targets.write_text(json.dumps({"targets": [{"target": "talks", "patterns": ["talks"]}]}), encoding="utf-8")
    given = subprocess.run([sys.executable, "-m", "helpers", "stances", str(SEED), "--targets", str(targets),
                            "--format", "csv"], cwd=ROOT, capture_output=True, text=True)
    assert given.returncode == 0 and set(line.split(",")[3] for line in given.stdout.splitlines()[1:]) <= {"talks"}
    bad = subprocess.run([sys.executable, "-m", "helpers", "stances", str(SEED), "--targets", str(tmp_path / "no.json")],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


# ----------------------------------------------------------------------------------------- structure, evidence, calibration

@pytest.mark.parametrize("sentence, holder, target, expected", [
    ("We must dismantle the big-money system, the senator said.", "the senator", "big-money system", "against"),
    ("This is the disaster created by Citizens United, she said.", "she", "Citizens United", "against"),
    ("Trump is behaving like a bully boy, Erdogan said.", "Erdogan", "Trump", "against"),
    ("We will protect the ceasefire, the minister said.", "the minister", "ceasefire", "favor"),
    ("The impulsive decision by the president has undone all the gains, Graham said.", "Graham", "president", "against"),
    ("Smith told reporters the plan was a disaster.", "Smith", "the plan", "against"),   # the audience is not the content
])
def test_directed_stance_reads_the_targets_role_in_the_parse(sentence, holder, target, expected):
    result = directed_stance(sentence, holder=_span(sentence, holder), target=_span(sentence, target))
    assert result["label"] == expected, result["evidence"]


@pytest.mark.parametrize("sentence, holder, target, expected", [
    ("Jane Roe, who was honored with an award by the press association, spoke on Monday.", "the press association",
     "Jane Roe", "favor"),
    ("The church was banned from holding services at the sites by the ministry.", "the ministry", "The church", "against"),
    ("The most imminent danger comes from Harris, who attacked Biden over his record.", "Harris", "Biden", "against"),
    ("Wolf's appearance was criticized by many journalists.", "many journalists", "Wolf", "against"),
    ("Roe did not endorse the plan.", "Roe", "the plan", "against"),
    ("The ministry was led by Jane Roe.", "Jane Roe", "The ministry", "none"),
    ("Jane Roe filed the lawsuit against the mayor on Sunday.", "Jane Roe", "the mayor", "against"),
    ("Late Thursday, Jane Roe spoke out in defense of the president.", "Jane Roe", "the president", "favor"),
    ("Jane Roe told the outlet that she had no regrets.", "Jane Roe", "the outlet", "none"),
    ("One of Mr. Obama's key supporters, former adviser David Axelrod, then took to Twitter.", "David Axelrod",
     "Mr. Obama", "favor"),
    ("They railed against some groups, particularly supporters of the president.", "supporters", "the president",
     "favor"),
    ("Jane Roe, a longtime critic of the mayor, spoke on Monday.", "Jane Roe", "the mayor", "against"),
    ("A similar system backed by the Red Cross was rejected by the minister.", "the Red Cross", "A similar system",
     "favor"),
    ("Tom Brown refused to endorse the plan.", "Tom Brown", "the plan", "against"),
    ("Smith won the support of the unions.", "Smith", "the unions", "none"),
    ("With the backing of the unions, Smith won the race.", "Smith", "the unions", "none"),
    ("Smith was praised for standing by Jones.", "Jones", "Smith", "none"),
    ("The unions backed down on the plan.", "The unions", "the plan", "none"),
])
def test_directed_stance_links_holder_and_target_through_the_parse(sentence, holder, target, expected):
    from helpers.stance import parse_relation

    result = directed_stance(sentence, holder=_span(sentence, holder), target=_span(sentence, target))
    assert result["label"] == expected, result["evidence"]
    if expected != "none":
        reading = parse_relation(sentence, _span(sentence, holder), _span(sentence, target))
        assert reading is not None and reading["label"] == expected


def test_a_hyphenated_evaluative_word_counts_once():
    from helpers.stance import structural_stance

    sentence = 'Jane Roe called the emergency "a non-starter".'
    reading = structural_stance(sentence, _span(sentence, "emergency"), 0, len(sentence))
    assert reading is not None and reading.label == "against" and '"non-starter"' in reading.reason
    assert reading.reason.count("non") == 1 and "starter" not in reading.reason.replace("non-starter", "")


def test_structural_stance_keeps_out_propositions_and_weak_words():
    from helpers.stance import structural_stance

    sentence = "She worries about the possibility that Trump is going to win."
    assert structural_stance(sentence, _span(sentence, "Trump"), 0, len(sentence)) is None
    sentence = "The meetings with Clinton were secret."
    assert structural_stance(sentence, _span(sentence, "Clinton"), 0, len(sentence)) is None


def test_evidence_is_plain_words_and_scores_are_probabilities():
    table = stance_table(_quotes(), TARGETS, ARTICLE)
    for evidence in table["evidence"]:
        assert not re.search(r"\b(?:c|L\d?|R\d?|w|t)=|lex:", evidence), evidence
    assert table["score"].between(0, 1).all()
    assert set(table["basis"]) <= {"rule", "model", "lexicon"}
    strict = stance_table(_quotes(), TARGETS, ARTICLE, min_score=float(table["score"].max()))
    assert 0 < len(strict) < len(table) or table["score"].nunique() == 1


def test_no_row_when_the_quote_does_not_mention_the_target_nor_for_the_speaker_itself():
    text = 'Ann Roe said the bridge plan is vital. "Roe is right," said Tom Reed.'
    quotes = pd.DataFrame([_quote(text, 0, "indirect", "the bridge plan is vital", "said", "Ann Roe", "Ann Roe", ""),
                           _quote(text, 1, "direct", "Roe is right,", "said", "Tom Reed", "Tom Reed", "")],
                          columns=QUOTE_COLUMNS)
    table = quote_stances(quotes, ["Ann Roe", "the bridge plan", "the tunnel"], text)
    assert {(row.speaker, row.target) for row in table.itertuples()} == {("Ann Roe", "the bridge plan"), ("Tom Reed", "Ann Roe")}


def test_stance_gold_scoring_counts_missing_rows_and_spurious_rows():
    from helpers.stance_validation import gold_pairs, same_speaker, score_stance_gold

    assert same_speaker("Trump", "Donald Trump") and same_speaker("SDF", "Syrian Democratic Forces")
    assert not same_speaker("Bill Clinton", "Nancy Pelosi")
    article = {"name": "a", "stances": [
        {"speaker": "Ann Roe", "target": "plan", "stance": "favor", "confident": True},
        {"speaker": "Tom Reed", "target": "plan", "stance": "against", "confident": True}]}
    predicted = pd.DataFrame([("Roe", "plan", "favor", 0.9, ""), ("Reed", "tunnel", "against", 0.7, "")],
                             columns=["speaker", "target", "stance", "score", "evidence"])
    pairs, spurious = gold_pairs([article], lambda _a: predicted)
    figures = score_stance_gold(pairs, spurious, 1)
    assert figures["right stance"] == 0.5 and figures["pairs with a row"] == 0.5
    assert figures["spurious rows per article"] == 1.0


# ----------------------------------------------------------------------------------------- concern, cues, context

def test_clause_words_say_whether_the_quote_judges_anything_near_the_target():
    from helpers.stance import clause_words

    judged = 'The mayor said: "The new tax is a reckless and cruel mistake."'
    start = judged.index("tax")
    words = clause_words(judged, (start, start + 3), judged.index("The new"), len(judged))
    assert {w for w, _v in words} >= {"reckless", "mistake"} and all(v < 0 for _w, v in words)
    plain = 'The mayor said: "The new tax will be debated on Monday."'
    start = plain.index("tax")
    assert clause_words(plain, (start, start + 3), plain.index("The new"), len(plain)) == []
    # The target's clause lies outside the speaker's words: no reading at all.
    assert clause_words(judged, (start, start + 3), 0, judged.index(":")) is None


def test_a_quote_that_names_the_target_without_judging_it_takes_no_side():
    text = 'Anna Berg said: "The new tax will be debated on Monday."'
    quotes = pd.DataFrame([{"quote_id": 0, "speaker_id": 0, "speaker": "Anna Berg", "side": "", "kind": "direct",
                            "start": text.index("The new"), "end": len(text) - 1, "cue_start": 10, "cue_end": 14,
                            "speaker_type": "person"}])
    table = stance.quote_stances(quotes, [{"target": "the tax", "patterns": ["tax"]}], text)
    assert list(table["stance"]) == ["neutral"]
    assert "takes no side" in table.loc[0, "evidence"]


@pytest.mark.parametrize("sentence, expected", [
    ("The operation was condemned by members of the European Union.", "against"),
    ("Lee attacked the new tax as a disgrace.", "against"),
    ("Lee did not support the new tax.", "against"),
    ("Lee welcomed the new tax.", "favor"),
])
def test_reaction_cues_read_their_object_from_the_parse(sentence, expected):
    from helpers.stance import reaction_stance

    target = next(w for w in ("operation", "tax") if w in sentence)
    cue = next(w for w in ("condemned", "attacked", "support", "welcomed") if w in sentence)
    reading = reaction_stance(sentence, (sentence.index(target), sentence.index(target) + len(target)),
                              (sentence.index(cue), sentence.index(cue) + len(cue)))
    assert reading is not None and reading.label == expected


def test_reaction_cue_says_nothing_when_the_target_is_not_its_object():
    from helpers.stance import reaction_stance

    sentence = "Lee condemned the attack, which happened near the new tax office."
    start = sentence.index("tax")
    assert reaction_stance(sentence, (start, start + 3), (4, 13)) is None


def test_stance_reads_the_context_not_the_targets_name():
    from helpers.stance import target_sentiment

    sentence = "Trump will travel to Ohio on Monday."
    full = target_sentiment(sentence, 0, 5)
    context = target_sentiment(sentence, 0, 5, context_only=True)
    assert "own name" not in context["evidence"]
    assert abs(sum(context["probabilities"].values()) - 1) < 1e-3
    assert full["probabilities"] != context["probabilities"]


def test_calibration_is_fitted_on_the_calibration_split():
    calibration = stance.calibration()
    assert "calibration" in calibration["fitted_on"] and "heldout" not in calibration["fitted_on"]
    assert set(calibration["coef"]) == set(stance.CALIBRATION_FEATURES)
    assert 0 < stance.calibrated_score({"raw": 0.8, "neutral": 0.0}) < 1


# ----------------------------------------------------------------------------------------- judgements the parse reads

def test_words_that_do_not_evaluate_in_news_count_zero():
    from helpers.stance import non_evaluative_words, parse_sentence, word_polarity

    assert {"hands", "party", "united"} <= non_evaluative_words()
    doc = parse_sentence("He wants power in his own hands, the party said.")
    assert word_polarity(next(t for t in doc if t.text == "hands")) == 0.0
    assert word_polarity(next(t for t in doc if t.text == "party")) == 0.0


def test_conjoined_adjectives_and_a_following_this_is_judgement_count():
    from helpers.stance import clause_words, structural_stance

    sentence = "Boris Johnson is trying to use the Queen to concentrate power in his own hands — this is a deeply " \
               "dangerous and irresponsible way to govern."
    reading = structural_stance(sentence, _span(sentence, "Johnson"), 0, len(sentence))
    assert reading is not None and reading.label == "against"
    assert "irresponsible" in reading.reason and "hands" not in reading.reason
    plain = "The new rule is cruel and unusual."
    words = clause_words(plain, _span(plain, "rule"), 0, len(plain))
    assert {w for w, _v in words} >= {"cruel"}
    calm = "Boris Johnson is trying to meet the Queen — this is a visit to London."
    assert structural_stance(calm, _span(calm, "Johnson"), 0, len(calm)) is None


def test_naming_what_the_target_did_is_a_judgement_of_the_target():
    from helpers.stance import structural_stance

    sentence = 'Pelosi called Trump\'s conduct a "breach of his Constitutional responsibilities," on Tuesday.'
    reading = structural_stance(sentence, _span(sentence, "Trump"), sentence.index("Trump"), len(sentence))
    assert reading is not None and reading.label == "against" and "conduct" in reading.reason
    praise = "Lee called Smith's plan a brilliant success."
    assert structural_stance(praise, _span(praise, "Smith"), 0, len(praise)).label == "favor"


def test_a_stance_the_speaker_held_before_is_not_the_present_one():
    from helpers.stance import former_stance

    sentence = "Pelosi had previously opposed impeachment proceedings."
    assert former_stance(sentence, _span(sentence, "opposed")) == "previously opposed"
    now = "Pelosi opposed impeachment proceedings."
    assert former_stance(now, _span(now, "opposed")) == ""
    text = "Nancy Pelosi had previously opposed impeachment proceedings."
    quotes = pd.DataFrame([{"quote_id": 0, "speaker_id": 0, "speaker": "Nancy Pelosi", "side": "", "kind": "reaction",
                            "start": text.index("impeachment"), "end": len(text) - 1, "cue_start": text.index("opposed"),
                            "cue_end": text.index("opposed") + 7, "speaker_type": "person"}])
    table = stance.quote_stances(quotes, [{"target": "the inquiry", "patterns": ["impeachment"]}], text)
    assert list(table["stance"]) == ["neutral"] and "held before" in table.loc[0, "evidence"]


@pytest.mark.parametrize("sentence, target, reported, expected", [
    ("We will change the museum's name to a mosque.", "change", False, "favor"),
    ("Pelosi announced she would be launching an impeachment inquiry.", "impeachment", True, "favor"),
    ("Trump said on Friday he can and may declare a national state of emergency, which he said would allow him to "
     "act.", "state of emergency", True, "favor"),
    ("We are going to build the wall.", "wall", False, "favor"),
    ("We will not build the wall.", "wall", False, None),
    ("They fear cutting off the fuel.", "cutting off", True, None),
    ("Trump wants to build the wall.", "wall", False, None),
    ("We discussed the wall.", "wall", False, None),
    ("We proposed a bill in 2016 about this subject.", "bill", False, "favor"),
    ("She said she is to send a bill to the congress.", "bill", True, "favor"),
    ("I will present a bill that legalises abortion.", "abortion", False, "favor"),
    ("We will introduce a law which aims to legalise cannabis.", "cannabis", False, "favor"),
    ("I will present a bill that does not legalise abortion.", "abortion", False, None),
    ("They oppose a bill that legalises abortion.", "abortion", False, None),
    ("We met people who want to legalise cannabis.", "cannabis", False, None),
])
def test_a_speaker_who_carries_out_a_policy_supports_it(sentence, target, reported, expected):
    from helpers.stance import own_action_stance

    low = sentence.index("said") + 5 if "said" in sentence else 0  # the speaker's words follow the cue
    reading = own_action_stance(sentence, _span(sentence, target), low, len(sentence), reported=reported)
    assert (reading.label if reading else None) == expected


def test_a_policy_target_carried_out_in_a_quote_is_favored_but_a_person_is_not():
    text = 'Anna Berg said: "We will launch the inquiry and we will meet John Smith."'
    quotes = pd.DataFrame([{"quote_id": 0, "speaker_id": 0, "speaker": "Anna Berg", "side": "", "kind": "direct",
                            "start": text.index("We will"), "end": len(text) - 2, "cue_start": 10, "cue_end": 14,
                            "speaker_type": "person"}])
    table = stance.quote_stances(quotes, [{"target": "the inquiry", "patterns": ["inquiry"]}, "John Smith"], text)
    stances = dict(zip(table["target"], table["stance"]))
    assert stances == {"the inquiry": "favor", "John Smith": "neutral"}


@pytest.mark.parametrize("sentence, target, expected", [
    ("Then foreign powers should get out of the region.", "foreign powers", "against"),
    ("The minister must resign.", "minister", "against"),
    ("Trump should be impeached.", "Trump", "against"),
    ("The minister should not resign.", "minister", None),
    ("The minister did resign last week.", "minister", None),
    ("Smith should leave the door open.", "Smith", None),
    ("Smith should be praised.", "Smith", None),
])
def test_a_target_the_speaker_says_should_leave_or_be_removed(sentence, target, expected):
    from helpers.stance import structural_stance

    reading = structural_stance(sentence, _span(sentence, target), 0, len(sentence))
    assert (reading.label if reading else None) == expected
    if reading:
        assert "want it gone" in reading.reason


@pytest.mark.parametrize("sentence, target, expected", [
    ("So this is a big win for Iran and Assad.", "Assad", "win"),
    ("This decision is a big win for ISIS.", "ISIS", "win"),
    ("It is a stab in the back for the SDF.", "SDF", "stab"),
    ("The tax cut is good for workers.", "workers", "good"),
    ("Lee voted for the tax cut.", "tax cut", ""),
    ("The plan is a reckless attack on workers.", "workers", ""),
])
def test_who_something_is_good_or_bad_for(sentence, target, expected):
    from helpers.stance import beneficiary_word

    assert beneficiary_word(sentence, _span(sentence, target)) == expected


def test_a_quote_saying_something_is_a_win_for_the_target_takes_no_side_on_it():
    text = 'Lindsey Graham said: "This decision is a big win for ISIS."'
    quotes = pd.DataFrame([{"quote_id": 0, "speaker_id": 0, "speaker": "Lindsey Graham", "side": "", "kind": "direct",
                            "start": text.index("This"), "end": len(text) - 1, "cue_start": 15, "cue_end": 19,
                            "speaker_type": "person"}])
    table = stance.quote_stances(quotes, ["ISIS"], text)
    assert list(table["stance"]) == ["neutral"] and "good or bad for" in table.loc[0, "evidence"]


@pytest.mark.parametrize("sentence, mention, name, expected", [
    ("The army will help us stop the aggression.", "aggression", "the Turkish offensive", "against"),
    ("This ploy will not work.", "ploy", "suspending Parliament", "against"),
    ("We must face the climate crisis.", "crisis", "the climate crisis", None),  # the target's own name
    ("They condemned the attack.", "attack", "the Turkish offensive", None),  # an action noun names what happened
    ("The operation began on Wednesday.", "operation", "the Turkish offensive", None),
])
def test_the_word_a_speaker_calls_the_target_by_can_judge_it(sentence, mention, name, expected):
    from helpers.stance import loaded_mention

    reading = loaded_mention(sentence, _span(sentence, mention), name)
    assert (reading.label if reading else None) == expected


def test_a_speaker_is_never_given_a_stance_toward_their_other_name_in_brackets():
    from helpers.stance import names_speaker

    assert names_speaker("UNESCO", "United Nations Educational, Scientific and Cultural Organization (UNESCO)")
    assert names_speaker("UNESCO", "Greek foreign minister and United Nations Educational, Scientific and "
                                   "Cultural Organization (UNESCO")
    assert not names_speaker("UNESCO", "George Katrougalos")
    assert not names_speaker("Cultural Organization", "United Nations Educational, Scientific and Cultural Organization")


def test_a_speaker_for_the_side_that_carries_out_an_action_defends_it():
    from helpers.speakers import attribute

    text = ("Germany's ban on the airline Sky Cargo began on Monday. German government spokesperson Anna Weber "
            "said the ban was imposed because of the airline's flights to Syria. The state-owned news agency Fars "
            "reported that the ban took effect on Monday.")
    targets = [{"target": "Germany's ban", "patterns": ["ban"]}]
    quotes = attribute(text)[0]
    table = stance.quote_stances(quotes, targets, text).set_index("speaker")
    assert table.loc["Anna Weber", "stance"] == "favor"
    assert "own action" in table.loc["Anna Weber", "evidence"]
    assert table.loc["Fars", "stance"] == "neutral"   # an outlet relays; it owns nothing
