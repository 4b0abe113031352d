"""Waiting on a simulator widget in Chromium, shared by the browser tests.

The waits a reader does by eye: the widget goes live, its state reaches a point, a
copy button's text reaches the clipboard. Each is written once here so that a race
mended for one test file is mended for all. The ``desk`` fixture (a desktop page that
may use the clipboard) is here too, imported by the files that use it: a second
``conftest.py`` would shadow the suite's own, which test modules import by name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from helpcenter import harness

DESKTOP = {"width": 1280, "height": 900}
"""The desktop window the browser tests open (the 1280 px the pages are tried at)."""

BOOT_MS = 90_000
"""Python's boot on a loaded 2-core machine stays well under this."""

COPIED = "Copied to the clipboard."
"""What the widget says once the clipboard holds the text (simulator/widget/render.py)."""


def live(page: Page, key: str) -> None:
    """Until the widget is live, keep the one the page holds now in view
    (:func:`helpcenter.harness.widget_live`, shared with the benchmarks)."""
    harness.widget_live(page, key, BOOT_MS)


def wait_state(page: Page, key: str, check: str, timeout: int = 30_000) -> None:
    """Wait until the widget's state (as JSON, named ``s``) passes ``check``."""
    page.wait_for_function(
        f"(k) => {{ const s = JSON.parse(document.getElementById(k).dataset.state); return {check}; }}",
        arg=key, timeout=timeout,
    )


def copy(page: Page, key: str, button: str) -> str:
    """Press a copy button and return what reached the clipboard.

    The browser gives the clipboard only to the focused page, and the clipboard is
    shared by every page of the browser: so the page is brought to the front, and
    the clipboard is read only once the widget says it copied, never a text an
    earlier test left there.
    """
    page.bring_to_front()
    page.evaluate("(k) => { document.querySelector(`#${k} [data-runtime]`).textContent = ''; }", key)
    page.click(button)
    page.wait_for_function(
        "(k) => document.querySelector(`#${k} [data-runtime]`).textContent.trim() !== ''", arg=key, timeout=15_000
    )
    said = page.locator(f"#{key} [data-runtime]").inner_text().strip()
    assert said == COPIED, f"the widget did not copy: {said!r}"
    copied: str = page.evaluate("() => navigator.clipboard.readText()")
    return copied


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """A desktop page of its own context, allowed to read and write the clipboard (the
    "Copy link" buttons); a test file uses it by importing it."""
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()
