"""Make the article's pictures with the simulator itself: ``make screenshots``.

Every picture the article shows is a part of one of its simulators: the script builds
the site, opens the article in Chromium (Playwright), waits until the simulator is live,
chooses the cell a picture explains, and captures that part of the widget, once in the
light colour scheme (``<name>.png``) and once in the dark one (``<name>-dark.png``).
Before saving, it checks that the part shows the words the picture is about, so a
picture cannot silently show something else than its alt text says.

Usage: ``python scripts/screenshots.py [--site DIR] [--out docs/img] [NAME ...]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcenter import harness

PROJECT_ROOT = harness.PROJECT_ROOT
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
VIEWPORT = {"width": 1100, "height": 1000}
MARGIN = 8
"""Pixels of page kept around the captured part."""
SCHEMES = {"light": "", "dark": "-dark"}
"""Colour scheme → the suffix of its file name."""
BOOT_MS = 90_000
HIDE_PAGE_CHROME = ".md-header, .md-tabs, .md-top { visibility: hidden !important; }"
"""The sticky header and the back-to-top button would lie over a tall picture."""


@dataclass(frozen=True)
class Picture:
    """One picture of the article: which part of which simulator it shows."""

    name: str
    """The file name without ``.png``, as the article names it."""
    widget: str
    """The simulator's element id in the article (``simulator-<preset>[-n]``)."""
    part: str
    """A CSS selector inside the widget: the part captured."""
    shows: tuple[str, ...]
    """Words the part must show: what the picture's alt text says it shows."""
    choose: str = ""
    """A cell to choose first (``r0``: the block's first request), whose explanation
    is the picture."""


WIZARD = '[data-region="wizard"]'
EXPLANATION = ".sim-explanation"

PICTURES: tuple[Picture, ...] = (
    Picture("Pim-marketplace", "simulator-erp-owns-master", WIZARD, ("ERP Connector", "by Acme Integrations", "Connect")),
    Picture(
        "marketplace-connect-disabled", "simulator-user-without-manage-apps", WIZARD,
        ("ERP Connector", "get in touch with an Administrator", "Manage Apps"),
    ),
    Picture(
        "wizard-step1-authorizations", "simulator-erp-owns-master-2", WIZARD,
        ("ERP Connector needs to", "View, edit and delete products and product models", "View categories"),
    ),
    Picture(
        "wizard-step1-no-specific-authorizations", "simulator-no-scope-app", WIZARD,
        ("No specific authorizations have been requested.", "get the list of all API endpoints", "your PIM version and edition"),
    ),
    Picture("wizard-step2-category-trees-own", "simulator-erp-owns-master-3", WIZARD, ("Categories", "Own", "Master catalog")),
    Picture("wizard-step3-category-trees", "simulator-hat-and-braided-hat", WIZARD, ("Summary", "Own Ecommerce", "Locales Edit All")),
    Picture(
        "hat-all-trees", "simulator-hat-and-braided-hat", EXPLANATION,
        ('Product "hat" is classified in the trees Ecommerce (Own), Master catalog', "200 applied"),
        choose="r0",
    ),
    Picture(
        "hat-ecommerce-tree", "simulator-hat-and-braided-hat", EXPLANATION,
        ('Product "braided_hat" is classified in the trees Print (no permission)', "404 invisible"),
        choose="r3",
    ),
    Picture(
        "wizard-step3-locales", "simulator-translation-app", WIZARD,
        ("Locales", "Edit English (United States), German (Germany)", "French (France)", "Edit All"),
    ),
    Picture(
        "wizard-step3-attribute-groups", "simulator-ecommerce-attribute-groups", WIZARD,
        ("Attribute groups", "View Marketing, E-commerce, Media"),
    ),
    Picture(
        "hat-values-attribute-groups", "simulator-ecommerce-attribute-groups", ".sim-values",
        ("SEO title", "read-only", "ERP code", "hidden"),
    ),
)


class PictureError(RuntimeError):
    """A picture that could not be made as described."""


def file_names(picture: Picture) -> tuple[str, ...]:
    """The files of one picture: one per colour scheme."""
    return tuple(f"{picture.name}{suffix}.png" for suffix in SCHEMES.values())


def build_site(site_dir: Path) -> None:
    """Build the site (not strictly: the pictures it is about to make may be missing)."""
    try:
        harness.build_or_fail(PROJECT_ROOT, site_dir, strict=False)
    except harness.BuildError as error:
        raise PictureError(str(error)) from None


def capture(site_url: str, out_dir: Path, pictures: Sequence[Picture] = PICTURES) -> list[Path]:
    """Capture each picture in both colour schemes into ``out_dir``; the files written."""
    with harness.chromium() as browser:
        return capture_in(browser, site_url, out_dir, pictures)


def capture_in(browser: Any, site_url: str, out_dir: Path, pictures: Sequence[Picture] = PICTURES) -> list[Path]:
    """:func:`capture` in a Playwright browser already running (a test's, say)."""
    written: list[Path] = []
    for scheme, suffix in SCHEMES.items():
        context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme, device_scale_factor=1)
        try:
            page = context.new_page()
            page.goto(site_url + ARTICLE)
            page.add_style_tag(content=HIDE_PAGE_CHROME)
            shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            if shown != ("slate" if scheme == "dark" else "default"):
                raise PictureError(f"the page shows the {shown!r} colour scheme, not the {scheme} one")
            for picture in pictures:
                path = out_dir / f"{picture.name}{suffix}.png"
                _capture_one(page, picture, path)
                written.append(path)
        finally:
            context.close()
    return written


def _capture_one(page: Any, picture: Picture, path: Path) -> None:
    widget = page.locator(f"#{picture.widget}")
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"#{picture.widget}[data-live=true]", state="attached", timeout=BOOT_MS)
    if picture.choose:
        whole = page.locator(f"#{picture.widget}-whole")
        if page.locator(f"#{picture.widget}-{picture.choose}").count() == 0 and whole.count():
            # A focused block: what the picture chooses is in the whole simulator.
            whole.check()
            page.wait_for_function(
                "(id) => JSON.parse(document.getElementById(id).dataset.state).whole === true", arg=picture.widget
            )
        page.click(f"#{picture.widget}-{picture.choose}")
        page.wait_for_function(
            "([id, cell]) => JSON.parse(document.getElementById(id).dataset.state).selected === cell",
            arg=[picture.widget, picture.choose],
        )
    part = widget.locator(picture.part)
    part.scroll_into_view_if_needed()
    text = " ".join(part.inner_text().split())
    # Compared without case: the page's styles may upper-case a heading.
    missing = [words for words in picture.shows if words.casefold() not in text.casefold()]
    if missing:
        raise PictureError(f"{picture.name}: the captured part does not show {missing}; it shows: {text}")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    box = part.bounding_box()
    if box is None:
        raise PictureError(f"{picture.name}: {picture.part} of #{picture.widget} is not displayed")
    clip = {
        "x": max(box["x"] - MARGIN, 0),
        "y": max(box["y"] - MARGIN, 0),
        "width": box["width"] + 2 * MARGIN,
        "height": box["height"] + 2 * MARGIN,
    }
    page.screenshot(path=str(path), clip=clip, animations="disabled", caret="hide")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the article's pictures with the simulator.")
    parser.add_argument("names", nargs="*", help="only these pictures (file names without .png)")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "img", help="where the PNG files go")
    args = parser.parse_args(argv)
    known = {picture.name: picture for picture in PICTURES}
    unknown = [name for name in args.names if name not in known]
    if unknown:
        parser.error(f"unknown picture {', '.join(unknown)}; pictures: {', '.join(known)}")
    chosen = [known[name] for name in args.names] or list(PICTURES)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            site = args.site or Path(scratch) / "site"
            if args.site is None:
                build_site(site)
            with harness.serve(site) as url:
                written = capture(url, args.out, chosen)
    except PictureError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
