"""Measuring the instruments against human judgement: precision, recall, F1 and friends.

Used by the notebooks' "How far can we trust this step?" sections and by the scripts in
``benchmarks/``. Each function takes plain gold annotations (hand-made, shipped in
``tests/fixtures/``) and the tool's output.
"""
from __future__ import annotations

import pandas as pd


def precision_recall_f1(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where a denominator is zero)."""
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- sentence boundaries -------------------------------------------------------------------

def _document_text_and_boundaries(document: dict) -> tuple[str, set[int]]:
    """Rebuild a hand-labelled document (paragraphs of sentences) and its gold sentence ends."""
    paragraphs, ends, position = [], set(), 0
    for paragraph in document["paragraphs"]:
        offset = position
        for sentence in paragraph:
            ends.add(offset + len(sentence))
            offset += len(sentence) + 1
        paragraphs.append(" ".join(paragraph))
        position += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs), ends


def _predicted_boundaries(text: str, sentences: list[str]) -> set[int]:
    """End offsets of predicted sentences, found left to right in ``text``."""
    ends, position = set(), 0
    for sentence in sentences:
        found = text.find(sentence.strip(), position)
        if found < 0:
            continue
        position = found + len(sentence.strip())
        ends.add(position)
    return ends


def sentence_boundary_scores(documents: list[dict], split) -> dict[str, float]:
    """Precision, recall and F1 of sentence ends predicted by ``split(text) -> [sentence, ...]``.

    ``documents`` are hand-labelled: ``{"paragraphs": [[sentence, ...], ...]}``; a document's
    text is its sentences joined by a space and its paragraphs by a newline.
    """
    true_positives = predicted = gold = 0
    for document in documents:
        text, gold_ends = _document_text_and_boundaries(document)
        predicted_ends = _predicted_boundaries(text, split(text))
        true_positives += len(gold_ends & predicted_ends)
        predicted += len(predicted_ends)
        gold += len(gold_ends)
    return {"gold": gold, "predicted": predicted, **precision_recall_f1(true_positives, predicted, gold)}


def sentence_boundary_errors(documents: list[dict], split) -> pd.DataFrame:
    """The sentences a splitter cuts differently from the human: ``error, sentence``."""


    rows = []
    for document in documents:
        text, gold_ends = _document_text_and_boundaries(document)
        predicted_ends = _predicted_boundaries(text, split(text))
        for kind, offsets in (("missed end", gold_ends - predicted_ends), ("extra cut", predicted_ends - gold_ends)):
            for end in sorted(offsets):
                rows.append((kind, text[max(0, end - 60):end].replace("\n", " ") + " ‖ " + text[end:end + 40].replace("\n", " ")))
    return pd.DataFrame(rows, columns=["error", "context (‖ marks the boundary)"])


# --- quotes and speakers ---------------------------------------------------------------------

QUOTE_MATCH_THRESHOLD = 0.5


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters of two spans over the longer one (1.0 = same span, 0.0 = disjoint).

    Dividing by the longer span means a match needs at least half of the gold content *and*
    at least half of the predicted content: a prediction swallowing a whole paragraph does not
    match a five-word quote inside it.
    """
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longest = max(a[1] - a[0], b[1] - b[0])
    return max(0, shared) / longest if longest > 0 else 0.0


_EDGE = " \t\r\n.,;:!?\"'“”‘’«»()[]—–-"
_NOT_NAME_WORDS = frozenset("the a an of and for in on at to by from mr mrs ms dr".split())


def content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A content span without edge punctuation and a leading "that" (how spans are compared)."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if text[start:start + 5].lower() == "that " and end - start > 5:
        start += 5
    return start, end


def name_words(name: object) -> set[str]:
    """The words of a speaker name, lower-cased, accents folded, possessives and function words dropped."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    words = {word.strip(_EDGE).removesuffix("'s") for word in folded.replace("’", "'").split()}
    return {word for word in words if len(word) > 1 and word not in _NOT_NAME_WORDS}


def speakers_agree(predicted: object, gold: object) -> bool:
    """A predicted speaker is right when it shares a name word with the annotated source."""
    return bool(name_words(predicted) & name_words(gold))


def normalise_speaker(name: object) -> str:
    """Speaker names compared case- and article-insensitively ("The UN agency" == "UN agency")."""
    words = str(name or "").replace("’", "'").lower().split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(word.strip(".,;:") for word in words)


def match_quotes(predicted: pd.DataFrame, gold: pd.DataFrame, threshold: float = QUOTE_MATCH_THRESHOLD
                 ) -> pd.DataFrame:
    """One-to-one matches between predicted and gold quotes by content overlap (best pairs first).

    Both tables need ``start``, ``end``; ``speaker`` and ``kind`` are compared when present.
    Returns one row per match: ``pred, gold, overlap, speaker_pred, speaker_gold, speaker_ok,
    kind_pred, kind_gold``.
    """
    pairs = []
    for p, (ps, pe) in enumerate(zip(predicted["start"], predicted["end"])):
        for g, (gs, ge) in enumerate(zip(gold["start"], gold["end"])):
            overlap = span_overlap((int(ps), int(pe)), (int(gs), int(ge)))
            if overlap >= threshold:
                pairs.append((overlap, p, g))
    used_p, used_g, rows = set(), set(), []
    for overlap, p, g in sorted(pairs, key=lambda item: (-item[0], item[1], item[2])):
        if p in used_p or g in used_g:
            continue
        used_p.add(p)
        used_g.add(g)
        speaker_pred = predicted["speaker"].iloc[p] if "speaker" in predicted else ""
        speaker_gold = gold["speaker"].iloc[g] if "speaker" in gold else ""
        rows.append({"pred": p, "gold": g, "overlap": overlap, "speaker_pred": speaker_pred,
                     "speaker_gold": speaker_gold,
                     "speaker_ok": speakers_agree(speaker_pred, speaker_gold),
                     "kind_pred": predicted["kind"].iloc[p] if "kind" in predicted else "",
                     "kind_gold": gold["kind"].iloc[g] if "kind" in gold else ""})
    columns = ["pred", "gold", "overlap", "speaker_pred", "speaker_gold", "speaker_ok", "kind_pred", "kind_gold"]
    return pd.DataFrame(rows, columns=columns).sort_values(["gold", "pred"]).reset_index(drop=True)


def quote_scores(predicted: pd.DataFrame, gold: pd.DataFrame, threshold: float = QUOTE_MATCH_THRESHOLD,
                 kinds: tuple[str, ...] | None = None) -> dict[str, float]:
    """Precision, recall and F1 of quote content, and speaker accuracy on the matched quotes.

    ``kinds`` restricts both sides to those kinds (e.g. ``("direct",)``); the default keeps all.
    ``speaker_accuracy`` is the share of matched quotes whose speaker shares a name word with the gold
    one (``speakers_agree``); ``end_to_end_f1`` counts a quote as right only when both content and
    speaker match. Content split into pieces counts once: an unmatched predicted piece lying mostly
    inside a matched gold quote is not counted as a prediction.
    """
    if kinds is not None:
        predicted = predicted[predicted["kind"].isin(kinds)]
        gold = gold[gold["kind"].isin(kinds)]
    predicted, gold = predicted.reset_index(drop=True), gold.reset_index(drop=True)
    matches = match_quotes(predicted, gold, threshold)
    matched_gold = [(int(gold["start"].iloc[g]), int(gold["end"].iloc[g])) for g in matches["gold"]]
    used = set(matches["pred"])
    pieces = [p for p in range(len(predicted)) if p not in used and any(
        span_overlap((int(predicted["start"].iloc[p]), int(predicted["end"].iloc[p])), span) > 0
        and min(span[1], int(predicted["end"].iloc[p])) - max(span[0], int(predicted["start"].iloc[p]))
        >= 0.5 * (int(predicted["end"].iloc[p]) - int(predicted["start"].iloc[p])) for span in matched_gold)]
    n_predicted = len(predicted) - len(pieces)
    scores = precision_recall_f1(len(matches), n_predicted, len(gold))
    correct = int(matches["speaker_ok"].sum()) if len(matches) else 0
    exact = sum(1 for p, g in zip(matches["pred"], matches["gold"])
                if (int(predicted["start"].iloc[p]), int(predicted["end"].iloc[p]))
                == (int(gold["start"].iloc[g]), int(gold["end"].iloc[g])))
    scores.update({
        "n_predicted": n_predicted, "n_gold": len(gold), "n_matched": len(matches),
        "speaker_accuracy": correct / len(matches) if len(matches) else 0.0,
        "end_to_end_f1": precision_recall_f1(correct, n_predicted, len(gold))["f1"],
        "exact_f1": precision_recall_f1(exact, n_predicted, len(gold))["f1"],
        "kind_accuracy": float((matches["kind_pred"] == matches["kind_gold"]).mean()) if len(matches) else 0.0,
    })
    return scores


def load_quote_gold(path) -> tuple[str, pd.DataFrame]:
    """A ``NAME.gold.json`` annotation and its article text (``NAME.txt`` beside it)."""
    import json
    from pathlib import Path

    path = Path(path)
    gold = json.loads(path.read_text(encoding="utf-8"))
    text_path = path.with_name(gold.get("file") or path.name.replace(".gold.json", ".txt"))
    from helpers.articles import load_article

    text = load_article(text_path).text
    table = pd.DataFrame(gold["quotes"])
    return text, table


def gold_quotes_for(text: str, folder=None) -> pd.DataFrame | None:
    """The hand-coded quotes of exactly this article text, as a quotes-like table, or ``None``.

    Looks through the ``NAME.gold.json`` files of ``folder`` (default: the project's
    ``tests/fixtures/gold/``) for the one whose article text equals ``text``. ``speaker_id`` is the
    gold speaker name, so the table can go straight into ``sentiment.speaker_sentiment``.
    """
    from pathlib import Path

    folder = Path(folder) if folder is not None else Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gold"
    for path in sorted(folder.glob("*.gold.json")):
        gold_text, table = load_quote_gold(path)
        if gold_text == text:
            table = table.copy()
            table["speaker_id"] = table["speaker"]
            return table
    return None


def normalise_spans(text: str, table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a quotes table with content spans compared the same way on both sides (``content_span``)."""
    table = table.copy()
    spans = [content_span(text, int(s), int(e)) for s, e in zip(table["start"], table["end"])]
    table["start"] = [s for s, _ in spans]
    table["end"] = [e for _, e in spans]
    return table


def evaluate_quote_gold(paths, extract, gold_filter: str | None = None) -> pd.DataFrame:
    """Scores of ``extract(text) -> quotes table`` on each gold file, one row per article plus ``all``.

    The ``all`` row pools the quotes of every article (micro-averaged); ``gold_filter`` keeps only the
    gold quotes of one kind.
    """
    rows, pooled_pred, pooled_gold, offset = [], [], [], 0
    for path in sorted(map(str, paths)):
        text, gold = load_quote_gold(path)
        predicted = normalise_spans(text, extract(text))
        gold = normalise_spans(text, gold if gold_filter is None else gold[gold["kind"] == gold_filter])
        scores = quote_scores(predicted, gold)
        name = str(path).rsplit("/", 1)[-1].replace(".gold.json", "")
        rows.append({"article": name, **scores})
        for table, pool in ((predicted, pooled_pred), (gold, pooled_gold)):
            shifted = table[["start", "end", "speaker", "kind"]].copy()
            shifted[["start", "end"]] = shifted[["start", "end"]].astype(int) + offset
            pool.append(shifted)
        offset += len(text) + 1
    if rows:
        rows.append({"article": "all", **quote_scores(pd.concat(pooled_pred, ignore_index=True),
                                                       pd.concat(pooled_gold, ignore_index=True))})
    return pd.DataFrame(rows)


def speaker_scores(paths, extract) -> dict[str, object]:
    """On matched quotes: accuracy of pronoun sources, speaker type and gender against the gold."""
    pronoun, types, genders = [], [], []
    for path in paths:
        text, gold = load_quote_gold(path)
        gold = normalise_spans(text, gold).reset_index(drop=True)
        predicted = normalise_spans(text, extract(text)).reset_index(drop=True)
        for _, match in match_quotes(predicted, gold).iterrows():
            truth, guess = gold.iloc[int(match["gold"])], predicted.iloc[int(match["pred"])]
            if truth.get("pronoun") is True:
                pronoun.append(bool(match["speaker_ok"]))
            if match["speaker_ok"] and isinstance(truth.get("speaker_type"), str):
                types.append(guess["speaker_type"] == truth["speaker_type"])
            if match["speaker_ok"] and truth.get("speaker_type") == "person" and isinstance(truth.get("gender"), str):
                genders.append(guess["gender"] == truth["gender"])
    def share(values: list[bool]) -> float:
        return round(sum(values) / len(values), 3) if values else float("nan")

    return {"pronoun_sources": len(pronoun), "pronoun_accuracy": share(pronoun),
            "speaker_type_accuracy": share(types), "n_typed": len(types),
            "gender_accuracy": share(genders), "n_persons": len(genders)}


def malformed_speaker(name: object) -> str:
    """Why a speaker name is malformed, or "" when it is not: a time phrase ("Trump on Friday", "Journal
    Sentinel this summer"), a lone honorific ("Mr"), a possessive ("Barack Obama's"), the outlet's own voice
    ("Editor's"), or a fragment that opens with a conjunction, a preposition or a verb form ("and Trump",
    "assuming office", "defeat Mr. Trump"). "The two" and "a senior official" are fine.
    """
    from helpers.grammar import GRAMMAR
    from helpers.speakers import time_phrase

    name = str(name or "").strip()
    if not name:
        return ""
    words = name.replace("’", "'").split()
    bare = [w.strip(".,;:").lower() for w in words]
    if time_phrase().search(name):
        return "time phrase"
    if len(bare) == 1 and bare[0] in GRAMMAR.male_honorifics | GRAMMAR.female_honorifics | {"dr", "prof"}:
        return "lone honorific"
    if bare[0] in ("editor's", "editors'", "editor", "editors"):
        return "the outlet's own voice"
    if words[-1].endswith(("'s", "s'")) or words[-1] == "'s":
        return "possessive"
    openers = GRAMMAR.prepositions | GRAMMAR.question_auxiliaries | {
        "and", "but", "or", "nor", "so", "yet", "about", "after", "before", "than", "because", "while"}
    if len(words) > 1 and bare[0] in openers or name[:1].islower() and _verb_phrase(name):
        return "starts with a conjunction, preposition or verb"
    return ""


def _verb_phrase(phrase: str) -> bool:
    """Whether a lower-case phrase is a verb phrase ("defeat Mr. Trump", "reported in The Atlantic"), not a
    noun phrase ("surviving father", "the ruling"), by the parse: its first word heads it as a verb, and still
    heads it with "the" before it (a noun phrase's head moves to its noun)."""
    from helpers.syntax import nlp

    def root(doc):
        return next(token for token in doc if token.dep_ == "ROOT")

    alone, with_article = root(nlp()(phrase)), root(nlp()("the " + phrase))
    if len(phrase.split()) == 1:
        return alone.tag_ in ("VBD", "VBN")
    return alone.i == 0 and alone.pos_ in ("VERB", "AUX") and with_article.i == 1
