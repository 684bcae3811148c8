"""helpers: the shared machinery of the news-analysis notebooks.

One module per step of the reader's path (raw article -> tokens -> who said what ->
how each speaker sounds -> where each speaker stands). Every table carries
``start``/``end`` character offsets into the article text exactly as it was read.
"""
from __future__ import annotations

__version__ = "0.1.0"

from helpers.notebook import setup_notebook

__all__ = ["__version__", "setup_notebook"]
