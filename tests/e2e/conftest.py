"""Browser end-to-end tests: run by ``make e2e`` (which sets E2E=1), skipped by ``pytest tests``.

They need JupyterLab, Playwright's Python package and Debian's Chromium at
/usr/bin/chromium (``make e2e`` installs both; Playwright never downloads a browser here).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

if not os.environ.get("E2E"):
    collect_ignore_glob = ["test_*.py"]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "e2e-artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# A quiet, offline, throw-away browser: no sandbox (we may be root), no GPU, no QUIC, no
# background fetches, component updates or sync.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and logs (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium context with a fresh profile; requests leaving this machine are refused."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make e2e`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, service_workers="block",
        )
        context.refused = []  # URLs the pages tried to fetch from outside

        def only_local(route):
            url = route.request.url
            if url.startswith(("http://127.0.0.1", "http://localhost", "file:", "data:", "blob:")):
                route.continue_()
            else:
                context.refused.append(url)
                route.abort()

        context.route("**/*", only_local)
        try:
            yield context
        finally:
            context.close()
