"""Shared fixtures: the seed article, the repository root and small article factories."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "israel_hamas_ceasefire_talks.txt"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article exactly as the loader reads it."""
    from helpers.articles import load_article

    return load_article(SEED).text
