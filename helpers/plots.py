"""The few figure types the notebooks share, in one style (colour-blind-safe distinct colours, titled, labelled).

Each function draws on a matplotlib ``Axes`` (a new figure when none is given) and returns it;
the notebook adds the caption and calls ``plt.show()``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from helpers.notebook import PALETTE, distinct_colours

NEUTRAL_BAND = 0.05


def _axes(ax=None, height: float | None = None):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _figure, ax = plt.subplots(figsize=(8, height) if height else None)
    return ax


def _colors(values: Sequence[str]) -> dict[str, str]:
    """One distinct colour-blind-safe colour per distinct value, in sorted order (stable between runs)."""
    return distinct_colours(values)


def _neutral_band(ax, band: float = NEUTRAL_BAND, vertical: bool = True) -> None:
    span = ax.axvspan if vertical else ax.axhspan
    line = ax.axvline if vertical else ax.axhline
    span(-band, band, color="#DDDDDD", alpha=0.6, zorder=0, label=f"neutral band (±{band})")
    line(0, color="#777777", linewidth=0.8, zorder=1)


def dot_interval_plot(table: pd.DataFrame, label: str = "speaker", value: str = "sentiment_mean",
                      low: str = "ci_low", high: str = "ci_high", group: str | None = "side",
                      count: str | None = "n_quotes", title: str = "", xlabel: str = "mean compound score",
                      ylabel: str | None = None, ax=None):
    """One row per item: a dot at ``value`` with a line from ``low`` to ``high``, coloured by ``group``.

    Rows without an interval (NaN) show the dot alone, hollow, so that "no interval" is visible.
    ``count`` adds "(n=...)" to the labels.
    """
    table = table.dropna(subset=[value]).reset_index(drop=True)
    ax = _axes(ax, height=max(2.5, 0.45 * len(table) + 1.2))
    groups = table[group].fillna("").replace("", "(none)") if group else pd.Series([""] * len(table))
    colors = _colors(groups)
    _neutral_band(ax)
    positions = np.arange(len(table))[::-1]
    seen = set()
    for y, (_, row), key in zip(positions, table.iterrows(), groups):
        color = colors[key]
        has_interval = not (pd.isna(row[low]) or pd.isna(row[high]))
        if has_interval:
            ax.plot([row[low], row[high]], [y, y], color=color, linewidth=2, zorder=2)
        legend = key if group and key not in seen else None
        seen.add(key)
        ax.scatter([row[value]], [y], s=60, zorder=3, color=color if has_interval else "white",
                   edgecolors=color, linewidths=2, label=legend)
    names = [f"{row[label]} (n={int(row[count])})" if count else str(row[label]) for _, row in table.iterrows()]
    ax.set_yticks(positions, names)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel if ylabel is not None else f"{label} (number of quotes)" if count else label)
    ax.set_title(title)
    if group:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, title=group)
    return ax


def strip_plot(points: pd.DataFrame, group: str = "speaker", value: str = "compound", hue: str | None = "kind",
               order: Sequence[str] | None = None, title: str = "", xlabel: str = "compound score of each quote",
               ylabel: str | None = None, seed: int = 0, ax=None):
    """One dot per row (e.g. per quote) along ``value``, one line per ``group``, coloured by ``hue``.

    Dots get a small vertical jitter from a seeded generator, so the figure is the same every run.
    """
    order = list(order) if order is not None else sorted(points[group].astype(str).unique())
    ax = _axes(ax, height=max(2.5, 0.45 * len(order) + 1.2))
    rng = np.random.default_rng(seed)
    hues = points[hue].astype(str) if hue else pd.Series([""] * len(points), index=points.index)
    colors = _colors(hues)
    _neutral_band(ax)
    positions = {name: len(order) - 1 - index for index, name in enumerate(order)}
    for key in sorted(colors):
        subset = points[hues == key]
        y = [positions[str(name)] for name in subset[group]] + rng.uniform(-0.18, 0.18, len(subset))
        ax.scatter(subset[value], y, s=45, alpha=0.85, color=colors[key], edgecolors="white", linewidths=0.5,
                   label=key if hue else None, zorder=3)
    ax.set_yticks([positions[name] for name in order], order)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel if ylabel is not None else group)
    ax.set_title(title)
    if hue:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, title=hue)
    return ax


def agreement_scatter(x: Sequence[float], y: Sequence[float], xlabel: str, ylabel: str, title: str = "",
                      band: float = NEUTRAL_BAND, ax=None):
    """Two instruments' scores for the same items, with the diagonal and both neutral bands."""
    ax = _axes(ax)
    ax.axvspan(-band, band, color="#DDDDDD", alpha=0.6, zorder=0)
    ax.axhspan(-band, band, color="#DDDDDD", alpha=0.6, zorder=0)
    ax.plot([-1, 1], [-1, 1], color="#777777", linewidth=0.8, linestyle="--", zorder=1, label="perfect agreement")
    ax.scatter(x, y, s=40, color=PALETTE[0], alpha=0.8, edgecolors="white", linewidths=0.5, zorder=2)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", frameon=False)
    return ax


STANCE_VALUES = {"favor": 1.0, "against": -1.0, "mixed": 0.0, "neutral": 0.0}


def stance_heatmap(table: pd.DataFrame, rows: str = "speaker", columns: str = "target", stance: str = "stance",
                   score: str = "score", count: str = "n_quotes", title: str = "", ax=None):
    """A rows x columns grid of stances: favor purple, against orange (diverging, colour-blind safe),
    mixed and neutral white-ish; each cell says its stance and count; empty where nobody spoke.

    Colour strength is the cell's confidence ``score`` (favor +score, against -score).
    """
    import matplotlib.pyplot as plt

    row_names = sorted(table[rows].astype(str).unique())
    column_names = sorted(table[columns].astype(str).unique())
    grid = np.full((len(row_names), len(column_names)), np.nan)
    ax = _axes(ax, height=max(2.5, 0.55 * len(row_names) + 1.5))
    for record in table.to_dict("records"):
        i, j = row_names.index(str(record[rows])), column_names.index(str(record[columns]))
        grid[i, j] = STANCE_VALUES.get(record[stance], 0.0) * float(record.get(score) or 1.0)
        ax.text(j, i, f"{record[stance]}\nn={record[count]}", ha="center", va="center", fontsize=8,
                color="white" if abs(grid[i, j]) > 0.6 else "black")
    colormap = plt.get_cmap("PuOr").copy()  # purple (high) = favor, orange (low) = against
    colormap.set_bad("white")
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=colormap, vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(column_names)), column_names, rotation=30, ha="right")
    ax.set_yticks(range(len(row_names)), row_names)
    ax.set_xticks(np.arange(-0.5, len(column_names)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(row_names)), minor=True)
    ax.grid(which="minor", color="#BBBBBB", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel(columns)
    ax.set_ylabel(rows)
    ax.set_title(title)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label("against  <-  confidence  ->  favor")
    return ax
