"""Fixtures shared by the browser tests (the waits are in :mod:`widget_page`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from widget_page import DESKTOP


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """A desktop page of its own context, allowed to read and write the clipboard (the
    "Copy link" buttons)."""
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()
