"""Fixtures that drive a real headless Chromium through Playwright (registered in conftest.py).

Debian's chromium is used as it is (Playwright never downloads a browser here). Without one the
tests are skipped with the command that installs it, except in CI, where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The path of an installed Chromium, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chromium's executable; skips (fails under CI) when there is none."""
    found = find_chromium()
    if found is None:
        message = "no Chromium found: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator:
    """One Chromium per test module (Playwright's sync API allows one at a time per thread).

    Not one per session: Playwright's driver keeps a thread in the test process while it
    runs, and a process with threads builds on one core (forking it would be unsafe), so
    every later test module would lose the parallel build paths.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser_context(chromium) -> Iterator:  # type: ignore[no-untyped-def]
    """A fresh browser profile, shared by the module's tests."""
    context = chromium.new_context()
    yield context
    context.close()


@pytest.fixture
def page(browser_context) -> Iterator:  # type: ignore[no-untyped-def]
    """A new tab, closed after the test."""
    tab = browser_context.new_page()
    yield tab
    tab.close()
