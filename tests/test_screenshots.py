"""The article's pictures: every one it shows exists, is made by ``make screenshots``
from the simulator, comes in a light and a dark version, and says what it shows.
"""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import PROJECT_ROOT
from playwright.sync_api import Browser

IMG = PROJECT_ROOT / "docs" / "img"
ARTICLES = sorted((PROJECT_ROOT / "docs" / "articles").rglob("*.md"))
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\.\./img/(?P<name>[^)#\s]+)(?P<fragment>#[\w-]+)?\)")
MAX_BYTES = 100_000
MAX_WIDTH = 1_100


def _screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", PROJECT_ROOT / "scripts" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("screenshots", module)
    spec.loader.exec_module(module)
    return module


screenshots = _screenshots()


def references() -> list[tuple[str, str, str, str]]:
    """Every ``../img/`` image of every article: (article, alt, name, fragment)."""
    found = []
    for path in ARTICLES:
        source = re.sub(r"<!--.*?-->", "", path.read_text("utf-8"), flags=re.S)
        for image in IMAGE.finditer(source):
            found.append((path.name, image["alt"], image["name"], image["fragment"] or ""))
    return found


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header; fails on a file that is not a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize(("article", "alt", "name", "fragment"), references(), ids=lambda v: str(v)[:40])
def test_every_image_an_article_shows_exists(article: str, alt: str, name: str, fragment: str) -> None:
    assert (IMG / name).is_file(), f"{article} shows ../img/{name}, which is not in docs/img"


def test_the_article_shows_every_picture_the_command_makes_and_nothing_else() -> None:
    shown = {name for _, _, name, _ in references()}
    made = {name for picture in screenshots.PICTURES for name in screenshots.file_names(picture)}

    assert shown == made
    assert {path.name for path in IMG.glob("*.png")} == made


@pytest.mark.parametrize("picture", screenshots.PICTURES, ids=lambda picture: picture.name)
def test_each_picture_is_a_small_png_in_light_and_dark(picture: object) -> None:
    light, dark = (IMG / name for name in screenshots.file_names(picture))
    for path in (light, dark):
        width, height = png_size(path)
        assert 200 <= width <= MAX_WIDTH and 50 <= height <= 1_000, (path.name, width, height)
        assert path.stat().st_size < MAX_BYTES, path.name
    assert png_size(light) == png_size(dark)


def test_each_light_picture_has_its_dark_twin_with_the_same_alt_text() -> None:
    images = references()
    light = [(alt, name) for _, alt, name, fragment in images if fragment == "#only-light"]
    dark = [(alt, name) for _, alt, name, fragment in images if fragment == "#only-dark"]

    assert len(light) == len(dark) == len(images) // 2 == len(screenshots.PICTURES)
    assert [(alt, name.replace(".png", "-dark.png")) for alt, name in light] == dark


@pytest.mark.parametrize(("article", "alt", "name", "fragment"), references(), ids=lambda v: str(v)[:40])
def test_each_alt_text_says_what_the_picture_shows(article: str, alt: str, name: str, fragment: str) -> None:
    words = alt.split()
    assert len(words) >= 8, f"{name}: alt text too short to say what it shows: {alt!r}"
    assert not re.search(r"(?i)\bscreenshot\b|\bstep \d\b|\.png", alt), alt


@pytest.mark.parametrize(
    ("name", "alt_says", "picture_shows"),
    [
        # The words the alt text uses and the words the capture checks it shows.
        ("Pim-marketplace.png", "ERP Connector", "ERP Connector"),
        ("marketplace-connect-disabled.png", "Connect button is disabled", "get in touch with an Administrator"),
        ("wizard-step1-no-specific-authorizations.png", "No specific authorizations have been requested.",
         "No specific authorizations have been requested."),
        ("wizard-step2-category-trees-own.png", "Master catalog", "Master catalog"),
        ("hat-all-trees.png", "Ecommerce and Master catalog trees", 'Product "hat" is classified in the trees Ecommerce'),
        ("hat-ecommerce-tree.png", "only categorized in the Print tree", 'Product "braided_hat" is classified in the trees Print'),
        ("wizard-step3-locales.png", "English and German", "Edit English (United States), German (Germany)"),
        ("hat-values-attribute-groups.png", "ERP and Technical values are hidden", "hidden"),
    ],
)
def test_the_alt_text_and_the_checked_capture_agree(name: str, alt_says: str, picture_shows: str) -> None:
    alts = {image_name: alt for _, alt, image_name, _ in references()}
    pictures = {f"{picture.name}.png": picture for picture in screenshots.PICTURES}

    assert alt_says in alts[name]
    assert any(picture_shows in words for words in pictures[name].shows)


@pytest.mark.browser
@pytest.mark.slow
def test_the_command_captures_a_picture_from_the_live_simulator(browser: Browser, site_url: str, tmp_path: Path) -> None:
    braided_hat = next(picture for picture in screenshots.PICTURES if picture.name == "hat-ecommerce-tree")

    written = screenshots.capture_in(browser, site_url, tmp_path, [braided_hat])

    assert sorted(path.name for path in written) == ["hat-ecommerce-tree-dark.png", "hat-ecommerce-tree.png"]
    for path in written:
        width, height = png_size(path)
        assert width > 600 and height > 150


def test_an_unknown_picture_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        screenshots.main(["no-such-picture"])

    assert "unknown picture no-such-picture; pictures: Pim-marketplace," in capsys.readouterr().err
