"""Notebook set-up and rich display that stays legible where HTML is sanitised.

``setup_notebook()`` fixes what makes stored outputs differ between runs (random seeds,
display widths, matplotlib style, noisy warnings). ``Highlighted`` shows an article with
marked spans: simple inline-styled ``<mark>`` HTML for JupyterLab and the HTML report,
and a plain-text rendering (``[[...]]`` with labels) wherever HTML is not shown.
"""
from __future__ import annotations

import html
import random
import warnings
from dataclasses import dataclass, field
from typing import Iterable

# Okabe-Ito, the colour-blind-safe palette of the series' lines and bars; its yellow (#F0E442) is left out:
# it is unreadable on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
# Light tints of Okabe-Ito, by position: 0 blue (positive), 5 orange (negative), 7 grey (zero). Positions 0/4
# and 1/5 are close to each other: for categories (speakers, sides) use DISTINCT_LIGHT instead.
LIGHT_PALETTE = ["#CCE3F0", "#FAE6C0", "#BFE7DC", "#F2DDEA", "#D5ECFA", "#F5D5BF", "#FBF8C8", "#DDDDDD"]
# Categories that must look different, never two shades of one hue: Okabe-Ito (no yellow), then Paul Tol's
# "muted" scheme; both colour-blind safe. DISTINCT_LIGHT: Paul Tol's "light" scheme, made for backgrounds
# under black text (highlighted speakers). Used in order, so the same item keeps its colour within a figure.
DISTINCT = PALETTE[:6] + ["#332288", "#117733", "#882255", "#999933", "#AA4499", "#44AA99", "#000000"]
DISTINCT_LIGHT = ["#77AADD", "#EE8866", "#44BB99", "#FFAABB", "#EEDD88", "#99DDFF", "#BBCC33", "#DDDDDD", "#AAAA00"]
# Figures: at least 110 dpi in the stored PNGs (the figure's own size, and so its text repr, is unchanged).
FIGURE_DPI = 110


def setup_notebook(seed: int = 0) -> None:
    """Make notebook output deterministic and readable: seeds, pandas widths, plot style, warnings."""
    import matplotlib
    import numpy as np
    import pandas as pd

    random.seed(seed)
    np.random.seed(seed)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.precision", 3)
    matplotlib.rcParams.update({
        "figure.figsize": (8, 4),
        "figure.dpi": 80,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "svg.hashsalt": "helpers",
        "savefig.dpi": FIGURE_DPI,
    })
    try:  # inline figures in notebooks: PNG at FIGURE_DPI (outside IPython there is nothing to set)
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", dpi=FIGURE_DPI)
    except Exception:  # no IPython shell: a script or a test
        pass
    for category in (DeprecationWarning, FutureWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("ignore", message=".*IProgress.*")


@dataclass
class Span:
    """A stretch of the text to mark: ``text[start:end]``, with a label and a colour."""

    start: int
    end: int
    label: str = ""
    color: str = LIGHT_PALETTE[0]


@dataclass
class Highlighted:
    """Text with marked spans, shown as HTML in notebooks and as bracketed plain text elsewhere."""

    text: str
    spans: list[Span] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)

    def _pieces(self) -> Iterable[tuple[str, Span | None]]:
        position = 0
        for span in sorted(self.spans, key=lambda s: (s.start, -s.end)):
            if span.start < position:  # overlapping spans: the first one wins, the rest is plain
                continue
            if span.start > position:
                yield self.text[position:span.start], None
            yield self.text[span.start:span.end], span
            position = span.end
        if position < len(self.text):
            yield self.text[position:], None

    def _repr_html_(self) -> str:
        parts = []
        for piece, span in self._pieces():
            escaped = html.escape(piece).replace("\n", "<br>\n")
            if span is None:
                parts.append(escaped)
            else:
                title = html.escape(span.label, quote=True)
                parts.append(f'<mark style="background:{span.color};padding:0 2px" title="{title}">{escaped}'
                             f'<sub style="font-size:70%">&nbsp;{html.escape(span.label)}</sub></mark>')
        legend = " ".join(
            f'<mark style="background:{color};padding:0 4px">{html.escape(label)}</mark>'
            for label, color in self.legend.items()
        )
        head = f"<p>{legend}</p>" if legend else ""
        return f'{head}<div style="line-height:1.9;font-family:serif;max-width:60em">{"".join(parts)}</div>'

    def __repr__(self) -> str:
        parts = []
        for piece, span in self._pieces():
            parts.append(piece if span is None else f"[[{piece}]]{{{span.label}}}")
        return "".join(parts)


def distinct_colours(labels: Iterable[str], light: bool = False) -> dict[str, str]:
    """One colour per distinct label, in sorted order, never two shades of one hue (up to 13, or 9 light ones;
    beyond that colours repeat)."""
    palette = DISTINCT_LIGHT if light else DISTINCT
    return {label: palette[index % len(palette)] for index, label in enumerate(sorted(set(labels)))}


def highlight(text: str, spans: Iterable[tuple[int, int, str]], colors: dict[str, str] | None = None) -> Highlighted:
    """Highlight ``(start, end, label)`` spans of ``text``, one distinct light colour per label (``DISTINCT_LIGHT``)."""
    spans = list(spans)
    labels = sorted({label for _start, _end, label in spans})
    colors = dict(colors or {})
    for index, label in enumerate(label for label in labels if label not in colors):
        colors[label] = DISTINCT_LIGHT[index % len(DISTINCT_LIGHT)]
    marked = [Span(int(start), int(end), label, colors[label]) for start, end, label in spans]
    return Highlighted(text, marked, {label: colors[label] for label in labels})
