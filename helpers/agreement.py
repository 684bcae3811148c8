"""Agreement between coders, and between coders and the tool.

The statistics of content-analysis reliability, plus reading coded sheets back
(``python -m helpers agreement SHEET... [--key KEY] [--format json|text]``).

Which implementation, and why:

- **Krippendorff's alpha** comes from the ``krippendorff`` package (pinned in
  constraints.txt): a small, tested, vectorised implementation of Krippendorff (2011),
  "Computing Krippendorff's Alpha-Reliability", for any number of coders, missing values
  and the nominal, ordinal, interval and ratio levels. It wants ``np.nan`` for a missing
  code and numbers for values, so :func:`krippendorff_alpha` turns ``None`` into ``nan``
  and maps text labels to integers (for an ordered level, in the order of ``value_domain``).
  Tests reproduce Krippendorff's own worked example with missing values
  (4 coders x 12 units: nominal .743, ordinal .815, interval .849, ratio .797).
- **Cohen's kappa** is the few lines of Cohen (1960) written out here, rather than
  scikit-learn's ``cohen_kappa_score``, because coding sheets have missing codes (pairs with
  a missing code are dropped, as alpha does) and because the one-category case needs a
  defined answer instead of a division by zero and a RuntimeWarning. A test checks that it
  equals scikit-learn's on data both can take.

Edge cases, defined once for both coefficients:

- perfect agreement with at least two categories in use -> 1.0;
- **no variation** (every code in the data is the same category, e.g. both coders said
  ``yes`` to every unit) -> ``nan``: expected agreement is then 1 and both coefficients are
  0/0. Krippendorff calls such data uninformative: it cannot show whether coders can tell
  the categories apart. Percent agreement is still reported (1.0), which is why a table
  shows it beside the coefficients;
- no unit coded by two coders (all missing) -> ``nan``.

Confidence intervals are percentile bootstraps over units (resample the units with
replacement, recompute, take the 2.5th and 97.5th percentiles), seeded, so a rerun gives
the same interval. Resamples without variation (``nan``) are skipped; if fewer than half of
the resamples give a value the interval is ``nan``.
"""
from __future__ import annotations

import argparse
import difflib
import itertools
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from helpers.articles import ArticleError

LEVELS = ("nominal", "ordinal", "interval", "ratio")
MISSING_LABEL = "(empty)"


# ---------------------------------------------------------------------------------------------
# Coefficients
# ---------------------------------------------------------------------------------------------

def is_missing(value: Any) -> bool:
    """A missing code: None, NaN or an empty/blank string."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def paired_codes(codes_a: Sequence[Any], codes_b: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """The units both coders coded (pairwise deletion of missing codes)."""
    if len(codes_a) != len(codes_b):
        raise ValueError(f"the two coders have different numbers of units ({len(codes_a)} and {len(codes_b)})")
    kept = [(a, b) for a, b in zip(codes_a, codes_b) if not is_missing(a) and not is_missing(b)]
    return [a for a, _ in kept], [b for _, b in kept]


def _codes_matrix(rows: Sequence[Sequence[Any]]) -> np.ndarray:
    """Nominal codes as a float matrix (coders x units): each distinct label an integer, NaN missing."""
    labels = sorted({str(v) for row in rows for v in row if not is_missing(v)})
    index = {label: float(i) for i, label in enumerate(labels)}
    return np.array([[math.nan if is_missing(v) else index[str(v)] for v in row] for row in rows], dtype=float)


def _kappa_matrix(matrix: np.ndarray) -> float:
    """Cohen's kappa of the two rows of a float code matrix (NaN = missing)."""
    both = ~np.isnan(matrix).any(axis=0)
    a, b = matrix[0, both], matrix[1, both]
    n = len(a)
    if n == 0:
        return math.nan
    observed = float(np.mean(a == b))
    values = np.union1d(a, b)
    expected = float(sum(np.mean(a == v) * np.mean(b == v) for v in values))
    if math.isclose(expected, 1.0):
        return math.nan
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(codes_a: Sequence[Any], codes_b: Sequence[Any]) -> float:
    """Cohen's (1960) kappa between two coders: (p_o - p_e) / (1 - p_e).

    ``p_o`` is the share of units on which they agree, ``p_e`` the agreement expected by
    chance from each coder's own category shares. Units with a missing code (None, NaN, "")
    are dropped. Returns ``nan`` when no unit is coded by both or when only one category
    occurs in the data (no variation: 0/0, see the module docstring).
    """
    if len(codes_a) != len(codes_b):
        raise ValueError(f"the two coders have different numbers of units ({len(codes_a)} and {len(codes_b)})")
    return _kappa_matrix(_codes_matrix([list(codes_a), list(codes_b)]))


def _as_matrix(reliability_data: Sequence[Sequence[Any]], level: str,
               value_domain: Sequence[Any] | None = None) -> tuple[np.ndarray, list[float] | None]:
    """Coders x units as floats with NaN for missing; text labels mapped to integers."""
    rows = [list(row) for row in reliability_data]
    if not rows:
        return np.empty((0, 0)), None
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every coder needs one code per unit (rows of reliability_data differ in length)")
    values = [v for row in rows for v in row if not is_missing(v)]
    numeric = all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in values)
    if numeric and value_domain is None:
        matrix = np.array([[math.nan if is_missing(v) else float(v) for v in row] for row in rows], dtype=float)
        return matrix, None
    if value_domain is None:
        if level != "nominal":
            raise ValueError(f"{level} alpha of text labels needs value_domain (the labels in order)")
        return _codes_matrix(rows), None
    index = {v: i for i, v in enumerate(value_domain)}
    index.update({str(v): i for i, v in enumerate(value_domain)})
    unknown = sorted({str(v) for v in values if v not in index and str(v) not in index})
    if unknown:
        raise ValueError(f"codes not in value_domain: {', '.join(unknown)}")
    matrix = np.array([[math.nan if is_missing(v) else float(index.get(v, index.get(str(v))))
                        for v in row] for row in rows], dtype=float)
    return matrix, [float(i) for i in range(len(value_domain))]


def _alpha_matrix(matrix: np.ndarray, level: str, domain: list[float] | None = None) -> float:
    """Alpha of a float matrix (coders x units, NaN missing) through the krippendorff package."""
    import krippendorff

    if matrix.size == 0:
        return math.nan
    pairable = np.sum(~np.isnan(matrix), axis=0) >= 2
    if not pairable.any():
        return math.nan
    values = matrix[:, pairable]
    if len(np.unique(values[~np.isnan(values)])) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, value_domain=domain))


def krippendorff_alpha(reliability_data: Sequence[Sequence[Any]], level: str = "nominal",
                       value_domain: Sequence[Any] | None = None) -> float:
    """Krippendorff's alpha for coders x units data, ``None`` for a missing code.

    ``level`` is ``nominal``, ``ordinal``, ``interval`` or ``ratio``. Codes may be numbers or
    (for nominal data) any labels; ordinal text labels need ``value_domain`` in their order.
    Returns ``nan`` when fewer than two codes can be paired within a unit or when every code
    is the same value (no variation, see the module docstring).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    matrix, domain = _as_matrix(reliability_data, level, value_domain)
    return _alpha_matrix(matrix, level, domain)


def percent_agreement(reliability_data: Sequence[Sequence[Any]]) -> float:
    """Share of agreeing pairs of codes, averaged over the units that two or more coders coded.

    For two coders this is the share of units (coded by both) on which they agree. Returns
    ``nan`` when no unit has two codes.
    """
    columns = list(zip(*[list(row) for row in reliability_data])) if reliability_data else []
    shares = []
    for unit in columns:
        codes = [c for c in unit if not is_missing(c)]
        if len(codes) < 2:
            continue
        pairs = list(itertools.combinations(codes, 2))
        shares.append(sum(x == y for x, y in pairs) / len(pairs))
    return float(np.mean(shares)) if shares else math.nan


def _resample_weights(n_units: int, n_boot: int, seed: int) -> np.ndarray:
    """How often each unit is drawn in each of ``n_boot`` resamples with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_units, size=(n_boot, n_units))
    weights = np.zeros((n_boot, n_units))
    np.add.at(weights, (np.repeat(np.arange(n_boot), n_units), draws.ravel()), 1.0)
    return weights


def _percentile_interval(values: np.ndarray, n_boot: int, confidence: float) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if len(values) < n_boot / 2:
        return math.nan, math.nan
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def _kappa_resamples(matrix: np.ndarray, weights_for: Callable[[int], np.ndarray]) -> np.ndarray:
    """Kappa of every resample at once, from weighted contingency tables of the pairable units."""
    both = ~np.isnan(matrix).any(axis=0)
    a, b = matrix[0, both].astype(int), matrix[1, both].astype(int)
    size = int(max(a.max(initial=0), b.max(initial=0))) + 1
    weights = weights_for(len(a))
    cells = np.zeros((len(a), size * size))
    cells[np.arange(len(a)), a * size + b] = 1.0
    tables = (weights @ cells).reshape(-1, size, size)
    n = tables.sum(axis=(1, 2))
    observed = np.trace(tables, axis1=1, axis2=2) / n
    expected = np.einsum("bi,bi->b", tables.sum(axis=2), tables.sum(axis=1)) / n ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isclose(expected, 1.0), np.nan, (observed - expected) / (1.0 - expected))


def _distance(values: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's squared difference function between values (nominal, interval, ratio)."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(((c - k) / (c + k)) ** 2)


def _alpha_resamples(matrix: np.ndarray, level: str, weights_for: Callable[[int], np.ndarray]) -> np.ndarray:
    """Alpha of every resample at once: a resample's coincidence matrix is the weighted sum of
    the units' own coincidence matrices (Krippendorff 2011, eq. for o_ck). Nominal, interval and
    ratio only: the ordinal distance depends on the resample's marginals."""
    pairable = np.sum(~np.isnan(matrix), axis=0) >= 2
    data = matrix[:, pairable]
    values = np.unique(data[~np.isnan(data)])
    counts = np.stack([np.sum(data == v, axis=0) for v in values], axis=1).astype(float)  # units x values
    m = counts.sum(axis=1)
    per_unit = (counts[:, :, None] * counts[:, None, :] - np.einsum("uc,ck->uck", counts, np.eye(len(values))))
    per_unit /= (m - 1)[:, None, None]
    weights = weights_for(len(m))
    coincidences = np.einsum("bu,uck->bck", weights, per_unit)
    delta = _distance(values, level)
    n_c = coincidences.sum(axis=2)
    n = n_c.sum(axis=1)
    observed = np.einsum("bck,ck->b", coincidences, delta)
    expected = np.einsum("bc,bk,ck->b", n_c, n_c, delta) / (n - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1.0 - observed / expected, np.nan)


def kappa_ci(codes_a: Sequence[Any], codes_b: Sequence[Any], n_boot: int = 1000, seed: int = 0,
             confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`cohen_kappa`: the units coded by both are
    resampled with replacement ``n_boot`` times (seeded); resamples where kappa is undefined
    are skipped, and with fewer than half of them defined the interval is ``(nan, nan)``."""
    matrix = _codes_matrix([list(codes_a), list(codes_b)])
    if n_boot <= 0 or (~np.isnan(matrix).any(axis=0)).sum() < 2:
        return math.nan, math.nan
    values = _kappa_resamples(matrix, lambda n: _resample_weights(n, n_boot, seed))
    return _percentile_interval(values, n_boot, confidence)


def alpha_ci(reliability_data: Sequence[Sequence[Any]], level: str = "nominal", n_boot: int = 1000,
             seed: int = 0, confidence: float = 0.95, value_domain: Sequence[Any] | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`krippendorff_alpha`, resampling the units that
    two or more coders coded (seeded; undefined resamples skipped as in :func:`kappa_ci`).

    Resamples are computed together from per-unit coincidence matrices (tests check that
    this equals the package's alpha on the full sample); ordinal data, whose distances
    depend on each resample's marginals, goes through the package one resample at a time.
    """
    matrix, domain = _as_matrix(reliability_data, level, value_domain)
    if n_boot <= 0 or matrix.size == 0 or (np.sum(~np.isnan(matrix), axis=0) >= 2).sum() < 2:
        return math.nan, math.nan
    if level != "ordinal":
        values = _alpha_resamples(matrix, level, lambda n: _resample_weights(n, n_boot, seed))
        return _percentile_interval(values, n_boot, confidence)
    units = matrix[:, np.sum(~np.isnan(matrix), axis=0) >= 2]
    weights = _resample_weights(units.shape[1], n_boot, seed).astype(int)
    values = np.array([_alpha_matrix(np.repeat(units, w, axis=1), level, domain) for w in weights])
    return _percentile_interval(values, n_boot, confidence)


def category_agreement(codes_a: Sequence[Any], codes_b: Sequence[Any],
                       categories: Iterable[Any] | None = None) -> pd.DataFrame:
    """Agreement per category between two coders, on the units both coded.

    One row per category: how often each coder used it (``n_1``, ``n_2``), on how many units
    both did (``n_both``), the *specific agreement* 2·n_both / (n_1 + n_2) (the chance that,
    when one coder uses the category, the other does too) and kappa of the category against
    all others (``kappa``, ``nan`` when the category never or always occurs).
    """
    a, b = paired_codes(codes_a, codes_b)
    cats = list(categories) if categories is not None else sorted(set(a) | set(b), key=str)
    rows = []
    for cat in cats:
        n1, n2 = sum(x == cat for x in a), sum(y == cat for y in b)
        both = sum(x == cat and y == cat for x, y in zip(a, b))
        rows.append({
            "category": cat, "n_1": n1, "n_2": n2, "n_both": both,
            "specific_agreement": 2 * both / (n1 + n2) if n1 + n2 else math.nan,
            "kappa": cohen_kappa([x == cat for x in a], [y == cat for y in b]),
        })
    return pd.DataFrame(rows, columns=["category", "n_1", "n_2", "n_both", "specific_agreement", "kappa"])


def confusion_table(codes_rows: Sequence[Any], codes_columns: Sequence[Any], labels: Iterable[Any] | None = None,
                    names: tuple[str, str] = ("coder", "tool")) -> pd.DataFrame:
    """Cross-table of two coders' codes (rows: the first, columns: the second).

    Missing codes are kept as ``(empty)`` so that, say, a unit the tool coded and a coder left
    empty shows up; ``labels`` fixes the order (and adds unused categories as zero rows).
    """
    rows = [MISSING_LABEL if is_missing(v) else v for v in codes_rows]
    cols = [MISSING_LABEL if is_missing(v) else v for v in codes_columns]
    order = list(labels) if labels is not None else sorted(set(rows) | set(cols) - {MISSING_LABEL}, key=str)
    order = [v for v in order if v != MISSING_LABEL]
    row_order = order + ([MISSING_LABEL] if MISSING_LABEL in rows else [])
    col_order = order + ([MISSING_LABEL] if MISSING_LABEL in cols else [])
    table = pd.crosstab(pd.Categorical(rows, categories=row_order), pd.Categorical(cols, categories=col_order),
                        dropna=False)
    table.index.name, table.columns.name = names
    return table.astype(int)


# upper bound of each band (below 0: "poor")
LANDIS_KOCH = [(0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"), (1.0, "almost perfect")]


def landis_koch(kappa: float) -> str:
    """Landis & Koch's (1977) verbal band for a kappa (they called the bands arbitrary)."""
    if math.isnan(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    for upper, band in LANDIS_KOCH:
        if kappa <= upper:
            return band
    return "almost perfect"


def alpha_verdict(alpha: float) -> str:
    """Krippendorff's (2004) guideline: >= .800 reliable, >= .667 tentative conclusions only."""
    if math.isnan(alpha):
        return "undefined"
    if alpha >= 0.800:
        return "reliable"
    if alpha >= 0.667:
        return "tentative"
    return "unreliable"


# ---------------------------------------------------------------------------------------------
# Reading coded sheets back
# ---------------------------------------------------------------------------------------------

class SheetError(ArticleError):
    """A coded sheet or key that cannot be used; the message says exactly what is wrong."""


KEY_COLUMNS = ["unit_id", "unit_type", "sheet_id"]
SYNONYMS = {"favour": "favor", "y": "yes", "n": "no", "true": "yes", "false": "no", "pos": "positive",
            "neg": "negative", "neu": "neutral"}


def _schema():
    from helpers import coding

    return coding


def _delimiter(path: Path) -> str:
    """``,`` unless the header is split by ``;`` or tabs (spreadsheets saved in some locales)."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV or XLSX sheet as text cells ('' for empty); the 'coding' tab of a workbook."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path} does not exist" if not path.exists() else f"{path} is not a file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=_delimiter(path))
        elif suffix == ".xlsx":
            tabs = pd.read_excel(path, sheet_name=None, dtype=str)
            frame = tabs.get("coding", next(iter(tabs.values())))
        else:
            raise SheetError(f"{path} is not a coding sheet (expected .csv or .xlsx)")
    except SheetError:
        raise
    except Exception as error:  # pandas/openpyxl raise many kinds; the user needs one line
        raise SheetError(f"{path} cannot be read as a {suffix[1:].upper()} sheet ({type(error).__name__}: {error})") from None
    frame.columns = [str(c) for c in frame.columns]
    return frame.fillna("").astype(str)


def _column_problem(name: str, missing: list[str], extra: list[str]) -> str:
    """One line about missing/extra columns, naming a likely renaming."""
    for column in extra:
        close = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        if close:
            return (f"{name}: column '{close[0]}' is missing and '{column}' is unexpected (renamed?); "
                    "keep the exported column names")
    if missing:
        return f"{name} is missing column(s) {', '.join(missing)}; keep the exported columns"
    return f"{name} has unexpected column(s) {', '.join(extra)}; do not add columns (use <coder>_note for comments)"


def normalize_label(variable: str, value: str) -> Any:
    """A cell as a code: None when empty; labels lower-cased; scores as floats; free text as written."""
    labels = _schema().VARIABLES[variable]
    value = str(value).strip()
    if not value:
        return None
    if labels == "score":
        return float(value.replace(",", ".").replace("−", "-"))  # decimal comma, typographic minus
    if isinstance(labels, tuple):
        value = value.lower()
        return SYNONYMS.get(value, value)
    return " ".join(value.split())


def _check_codes(frame: pd.DataFrame, coder: str, name: str) -> pd.DataFrame:
    """The coder's columns as codes; the first unknown label or bad score ends in a SheetError."""
    coding = _schema()
    codes = pd.DataFrame(index=frame.index)
    for variable, labels in coding.VARIABLES.items():
        column = f"{coder}_{variable}"
        values = []
        for position, cell in enumerate(frame[column]):
            where = f"{name} row {position + 2} (unit {frame['unit_id'].iloc[position]})"
            try:
                code = normalize_label(variable, cell)
            except ValueError:
                raise SheetError(f"{where}: {column} '{cell}' is not a number from -1 to 1") from None
            if labels == "score" and code is not None and not -1 <= code <= 1:
                raise SheetError(f"{where}: {column} {cell} is outside -1 to 1")
            if isinstance(labels, tuple) and code is not None and code not in labels:
                raise SheetError(f"{where}: {column} '{cell}' is not one of {', '.join(labels)}")
            values.append(code)
        codes[column] = pd.Series(values, index=frame.index, dtype=object)
    note = f"{coder}_{coding.NOTE}"
    if note in frame.columns:
        codes[note] = frame[note]
    return codes


def parse_sheet(frame: pd.DataFrame, name: str, key: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Validate a sheet (or a key) and return (units with codes, coders whose columns it has)."""
    coding = _schema()
    fixed = KEY_COLUMNS if key else coding.SHEET_COLUMNS
    variables = list(coding.VARIABLES) + [coding.NOTE]
    pattern = re.compile(r"^([A-Za-z][A-Za-z0-9]*)_(" + "|".join(sorted(variables, key=len, reverse=True)) + r")$")
    coders = sorted({m.group(1) for c in frame.columns if (m := pattern.match(c)) and c not in fixed})
    if key:
        if coders != [coding.TOOL]:
            raise SheetError(f"{name} is not a key file (expected columns {', '.join(KEY_COLUMNS)} and tool_*)")
    elif coding.TOOL in coders:
        raise SheetError(f"{name} holds the tool's codes; pass it with --key, not as a sheet")
    expected = fixed + [c for coder in coders for c in coding.coder_columns(coder)]
    if key:
        expected = [c for c in expected if not c.endswith(f"_{coding.NOTE}")]
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected]
    if missing or extra:
        raise SheetError(_column_problem(name, missing, extra))
    if frame.columns.duplicated().any():
        raise SheetError(f"{name} has the column {frame.columns[frame.columns.duplicated()][0]} twice")
    if frame.empty:
        raise SheetError(f"{name} has no rows")
    if not coders:
        raise SheetError(f"{name} has no coder columns (<coder>_is_quote, <coder>_kind, ...)")
    bad_type = frame.loc[~frame["unit_type"].isin(coding.UNIT_TYPES), "unit_type"]
    if len(bad_type):
        raise SheetError(f"{name} row {bad_type.index[0] + 2}: unit_type '{bad_type.iloc[0]}' is not one of "
                         f"{', '.join(coding.UNIT_TYPES)}")
    if frame["unit_id"].duplicated().any():
        raise SheetError(f"{name}: unit {frame.loc[frame['unit_id'].duplicated(), 'unit_id'].iloc[0]} appears twice")
    if frame["sheet_id"].nunique() != 1:
        raise SheetError(f"{name} mixes rows of different samples (sheet_id {', '.join(sorted(frame['sheet_id'].unique()))})")
    codes = pd.concat([_check_codes(frame, coder, name) for coder in coders], axis=1)
    keep = [c for c in fixed if c in frame.columns]
    return pd.concat([frame[keep], codes], axis=1).set_index("unit_id", drop=False), coders


def _same_sample(base: pd.DataFrame, base_name: str, other: pd.DataFrame, other_name: str) -> None:
    """Refuse a sheet or key from another sample, in one line."""
    a, b = base["sheet_id"].iloc[0], other["sheet_id"].iloc[0]
    if a != b:
        raise SheetError(f"{other_name} is from a different sample than {base_name} (sheet_id {b} vs {a}); "
                         "code the sheet exported together with this key")
    lacking = [u for u in base["unit_id"] if u not in set(other["unit_id"])]
    added = [u for u in other["unit_id"] if u not in set(base["unit_id"])]
    if lacking:
        raise SheetError(f"{other_name} lacks {len(lacking)} unit(s) of the sample, e.g. {lacking[0]}; do not delete rows")
    if added:
        raise SheetError(f"{other_name} has {len(added)} unit(s) not in the sample, e.g. {added[0]}; do not add rows")


def find_key(sheet_path: str | Path, sample: str) -> Path | None:
    """The ``*.key.csv`` beside a sheet whose sheet_id is ``sample`` (None if there is none)."""
    for candidate in sorted(Path(sheet_path).resolve().parent.glob("*.key.csv")):
        try:
            ids = pd.read_csv(candidate, dtype=str, usecols=["sheet_id"], keep_default_na=False)["sheet_id"]
        except Exception:  # not a key after all: keep looking
            continue
        if len(ids) and ids.iloc[0] == sample:
            return candidate
    return None


@dataclass
class CodedSample:
    """Units of one sample with every coder's codes (``<coder>_<variable>``), the tool as ``tool``."""

    units: pd.DataFrame
    coders: list[str]
    sheet_id: str
    key: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def raters(self) -> list[str]:
        """Human coders, then the tool when its key was read."""
        return self.coders + ([_schema().TOOL] if self.key else [])


def _has_codes(units: pd.DataFrame, coder: str) -> bool:
    columns = [f"{coder}_{v}" for v in _schema().VARIABLES]
    return bool(units[columns].notna().to_numpy().any())


def load_coded(sheets: Sequence[str | Path], key: str | Path | None = None, find: bool = True) -> CodedSample:
    """Read coded sheets (and the tool's key) of one sample, validated and merged.

    Several sheets may each hold one coder's codes; a coder whose columns are empty in a
    sheet is ignored there, a coder with codes in two sheets is refused. The key is
    ``key``, else (``find``) a ``*.key.csv`` with the same sheet_id beside the first sheet.
    """
    coding = _schema()
    if not sheets:
        raise SheetError("give at least one coded sheet")
    base, base_name, merged, sources = None, "", None, {}
    for path in sheets:
        name = str(path)
        if name.endswith(".key.csv"):
            raise SheetError(f"{name} is a key file; pass it with --key")
        units, coders = parse_sheet(read_table(path), name)
        if base is None:
            base, base_name = units, name
            merged = units[coding.SHEET_COLUMNS].copy()
        else:
            _same_sample(base, base_name, units, name)
        for coder in coders:
            if not _has_codes(units, coder):
                continue
            if coder in sources:
                raise SheetError(f"coder {coder}'s codes appear in both {sources[coder]} and {name}; keep one")
            sources[coder] = name
            columns = [f"{coder}_{v}" for v in coding.VARIABLES] + [f"{coder}_{coding.NOTE}"]
            merged = merged.join(units[columns])
    if not sources:
        raise SheetError(f"no codes found in {', '.join(map(str, sheets))}: fill the <coder>_is_quote, <coder>_kind, ... columns")
    sample = str(base["sheet_id"].iloc[0])
    key_file = Path(key) if key else (find_key(sheets[0], sample) if find else None)
    if key_file is not None:
        tool, _ = parse_sheet(read_table(key_file), str(key_file), key=True)
        _same_sample(base, base_name, tool, str(key_file))
        merged = merged.join(tool[[f"{coding.TOOL}_{v}" for v in coding.VARIABLES]])
    return CodedSample(merged.reset_index(drop=True), sorted(sources), sample,
                       str(key_file) if key_file is not None else None, sources)


# ---------------------------------------------------------------------------------------------
# Agreement of a coded sample
# ---------------------------------------------------------------------------------------------

def comparable(variable: str, value: Any) -> Any:
    """A code as compared: free text (speaker, side) case-folded, without a leading 'the' or
    trailing punctuation, so that 'the union spokesperson.' matches 'Union spokesperson'."""
    if is_missing(value) or _schema().VARIABLES[variable] is not None:
        return None if is_missing(value) else value
    text = " ".join(str(value).casefold().replace("’", "'").split()).strip(" .,;:")
    return re.sub(r"^the ", "", text) or None


def variable_codes(sample: CodedSample, variable: str) -> tuple[pd.DataFrame, dict[str, list[Any]]]:
    """The units a variable is coded on, and each rater's comparable codes for them."""
    coding = _schema()
    units = sample.units[sample.units["unit_type"].isin(coding.APPLIES_TO[variable])]
    codes = {rater: [comparable(variable, v) for v in units[f"{rater}_{variable}"]] for rater in sample.raters}
    return units, {r: c for r, c in codes.items() if any(not is_missing(v) for v in c)}


@dataclass
class AgreementReport:
    """Agreement of a coded sample: tidy tables for notebooks, text and JSON for the CLI."""

    sample: CodedSample
    table: pd.DataFrame
    categories: pd.DataFrame
    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    n_boot: int
    seed: int

    def confusion_table(self, variable: str, rows: str, columns: str = "tool") -> pd.DataFrame:
        """The cross-table of one variable between two raters (rows x columns)."""
        _units, codes = variable_codes(self.sample, variable)
        labels = _schema().VARIABLES[variable]
        return confusion_table(codes.get(rows, []), codes.get(columns, []),
                               labels if isinstance(labels, tuple) else None, names=(rows, columns))


AGREEMENT_COLUMNS = ["variable", "level", "comparison", "rater_1", "rater_2", "units", "percent_agreement",
                     "kappa", "kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high"]


def _comparisons(raters: list[str]) -> list[tuple[str, ...]]:
    """Pairs of human coders, each coder with the tool, and all human coders together (3 or more)."""
    tool = _schema().TOOL
    humans = [r for r in raters if r != tool]
    pairs: list[tuple[str, ...]] = list(itertools.combinations(humans, 2))
    if len(humans) >= 3:
        pairs.append(tuple(humans))
    if tool in raters:
        pairs += [(h, tool) for h in humans]
    return pairs


def agreement(sample: CodedSample, n_boot: int = 1000, seed: int = 0) -> AgreementReport:
    """Percent agreement, Cohen's kappa (pairs), Krippendorff's alpha and bootstrap CIs per
    variable and comparison; agreement per category; confusion tables; disagreements."""
    coding = _schema()
    rows, categories, confusion = [], [], []
    for variable, labels in coding.VARIABLES.items():
        _units, codes = variable_codes(sample, variable)
        level = "interval" if labels == "score" else "nominal"
        for group in _comparisons([r for r in sample.raters if r in codes]):
            data = [codes[r] for r in group]
            pairable = sum(sum(not is_missing(c) for c in unit) >= 2 for unit in zip(*data))
            row = {"variable": variable, "level": level, "comparison": " vs ".join(group) if len(group) == 2 else "all coders",
                   "rater_1": group[0], "rater_2": group[1] if len(group) == 2 else "+".join(group[1:]), "units": pairable,
                   "percent_agreement": math.nan if level != "nominal" else percent_agreement(data),
                   "kappa": math.nan, "kappa_low": math.nan, "kappa_high": math.nan}
            if level == "nominal" and len(group) == 2:
                row["kappa"] = cohen_kappa(*data)
                row["kappa_low"], row["kappa_high"] = kappa_ci(*data, n_boot=n_boot, seed=seed)
            row["alpha"] = krippendorff_alpha(data, level)
            row["alpha_low"], row["alpha_high"] = alpha_ci(data, level, n_boot=n_boot, seed=seed)
            rows.append(row)
            if isinstance(labels, tuple) and len(group) == 2:
                per = category_agreement(*data, categories=labels)
                per.insert(0, "comparison", row["comparison"])
                per.insert(0, "variable", variable)
                categories.append(per)
                table = confusion_table(data[0], data[1], labels, names=group)
                for label_1, counts in table.iterrows():
                    for label_2, count in counts.items():
                        confusion.append({"variable": variable, "rater_1": group[0], "rater_2": group[1],
                                          "label_1": label_1, "label_2": label_2, "count": int(count)})
    table = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    per_category = pd.concat(categories, ignore_index=True) if categories else pd.DataFrame()
    return AgreementReport(sample, table, per_category, pd.DataFrame(confusion), disagreements(sample), n_boot, seed)


def disagreements(sample: CodedSample) -> pd.DataFrame:
    """One row per (unit, variable) where the raters who coded it do not all agree."""
    coding = _schema()
    rows = []
    for variable in coding.VARIABLES:
        units, codes = variable_codes(sample, variable)
        if len(codes) < 2 or coding.VARIABLES[variable] == "score":
            continue
        for position, (_, unit) in enumerate(units.iterrows()):
            given = {r: codes[r][position] for r in codes}
            present = {v for v in given.values() if not is_missing(v)}
            if len(present) > 1 or (len(present) == 1 and any(is_missing(v) for v in given.values())):
                rows.append({"unit_id": unit["unit_id"], "unit_type": unit["unit_type"], "variable": variable,
                             "text": unit["quote"] or unit["sentence"], "target": unit["target"],
                             **{r: unit[f"{r}_{variable}"] if not is_missing(unit[f"{r}_{variable}"]) else ""
                                for r in codes}})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Output and command line
# ---------------------------------------------------------------------------------------------

def _fmt(value: float, digits: int = 3) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _interval(value: float, low: float, high: float) -> str:
    if math.isnan(value):
        return "–"
    if math.isnan(low):
        return _fmt(value)
    return f"{_fmt(value)} [{_fmt(low)}, {_fmt(high)}]"


def summary(table: pd.DataFrame, lower_bound: bool = False) -> pd.DataFrame:
    """An agreement table for reading: figures rounded, intervals as ``value [low, high]``, a verdict.

    ``verdict`` judges alpha's point estimate. With ``lower_bound=True`` a column ``verdict (lower bound)``
    is added that judges the lower bound of alpha's interval instead, as Krippendorff (2004) recommends
    ("undefined" where there is no interval).
    """
    frame = pd.DataFrame({
        "variable": table["variable"], "comparison": table["comparison"], "units": table["units"],
        "agreement": [_fmt(v) for v in table["percent_agreement"]],
        "kappa [95% CI]": [_interval(*v) for v in table[["kappa", "kappa_low", "kappa_high"]].to_numpy()],
        "alpha [95% CI]": [_interval(*v) for v in table[["alpha", "alpha_low", "alpha_high"]].to_numpy()],
        "verdict": [alpha_verdict(v) for v in table["alpha"]],
    }).reset_index(drop=True)
    if lower_bound:
        frame["verdict (lower bound)"] = [alpha_verdict(float(v)) for v in table["alpha_low"]]
    return frame


def format_text(report: AgreementReport) -> str:
    """A readable report: overall agreement, per category, and the tool's confusion tables."""
    sample = report.sample
    lines = [f"Agreement on {len(sample.units)} units (sample {sample.sheet_id}); coders: {', '.join(sample.coders)}"
             + (f"; tool codes from {sample.key}" if sample.key else "; no key file, so no comparison with the tool"),
             f"95% bootstrap intervals over units ({report.n_boot} resamples, seed {report.seed}). "
             "Alpha >= .800 reliable, >= .667 tentative; '–' = undefined (no variation or no pairs).", ""]
    table = report.table
    if table.empty:
        lines.append("No variable was coded by two raters.")
    else:
        lines += [summary(table).to_string(index=False), ""]
    if not report.categories.empty:
        per = report.categories[report.categories["n_1"] + report.categories["n_2"] > 0].copy()
        per["specific_agreement"] = [_fmt(v) for v in per["specific_agreement"]]
        per["kappa"] = [_fmt(v) for v in per["kappa"]]
        lines += ["Per category used (specific agreement = 2 x both / (n_1 + n_2); kappa of the category "
                  "against all others):", per.to_string(index=False), ""]
    tool = _schema().TOOL
    for variable, labels in _schema().VARIABLES.items():
        if not isinstance(labels, tuple) or not sample.key:
            continue
        for coder in sample.coders:
            if report.table[(report.table["variable"] == variable) & (report.table["rater_1"] == coder)
                            & (report.table["rater_2"] == tool)].empty:
                continue
            lines += [f"Confusion of {variable}: coder {coder} (rows) vs tool (columns)",
                      report.confusion_table(variable, coder, tool).to_string(), ""]
    lines.append(f"{len(report.disagreements)} disagreement(s) between raters:")
    if not report.disagreements.empty:
        shown = report.disagreements.drop(columns=["unit_type", "target"]).copy()
        shown["text"] = [t if len(t) <= 50 else t[:49] + "…" for t in shown["text"].astype(str)]
        lines.append(shown.to_string(index=False))
    return "\n".join(lines)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records = []
    for record in frame.to_dict("records"):
        clean = {}
        for k, v in record.items():
            if isinstance(v, (np.integer, np.floating)):
                v = v.item()
            clean[str(k)] = None if isinstance(v, float) and math.isnan(v) else v
        records.append(clean)
    return records


def to_json(report: AgreementReport) -> dict[str, Any]:
    """The report as plain JSON data (NaN -> null)."""
    sample = report.sample
    return {"sheet_id": sample.sheet_id, "units": len(sample.units), "coders": sample.coders, "key": sample.key,
            "sources": sample.sources, "n_boot": report.n_boot, "seed": report.seed, "confidence": 0.95,
            "agreement": _records(report.table), "categories": _records(report.categories),
            "confusion": _records(report.confusion), "disagreements": _records(report.disagreements)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``python -m helpers agreement``."""
    parser.add_argument("sheets", nargs="+", metavar="SHEET", help="coded sheets (.csv or .xlsx) of one sample")
    parser.add_argument("--key", default=None, help="the tool's key file (default: the *.key.csv of the same sample beside the first sheet)")
    parser.add_argument("--tool-now", nargs="+", default=None, metavar="FILE_OR_DIR",
                        help="instead of the key file, recompute the tool's codes for the sheet's units from these "
                             "articles with the tool as it is now (put it after the sheets)")
    parser.add_argument("--targets", default=None, help="stance targets file for --tool-now (default: each article's NAME.targets.json)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="text for reading, json for programs")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for the 95%% intervals (default 1000; 0: none)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap")


def _sample_with_tool_now(args: argparse.Namespace) -> CodedSample:
    """The coded sheets with a key recomputed from the articles by the tool as it is now."""
    import tempfile

    from helpers.articles import iter_articles

    coding = _schema()
    base = load_coded(args.sheets, find=False)
    key = coding.tool_key(base.units, iter_articles(args.tool_now), coding.read_targets(args.targets))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "now.key.csv"
        key.to_csv(path, index=False)
        sample = load_coded(args.sheets, key=path)
    sample.key = f"the tool now, run on {', '.join(map(str, args.tool_now))}"
    return sample


def run_cli(args: argparse.Namespace) -> int:
    """Read the sheets, print the agreement report; a bad sheet gives one line and exit code 2."""
    try:
        sample = _sample_with_tool_now(args) if args.tool_now else load_coded(args.sheets, key=args.key)
        report = agreement(sample, n_boot=args.bootstrap, seed=args.seed)
    except SheetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(to_json(report), ensure_ascii=False, indent=1))
    else:
        print(format_text(report))
    return 0
