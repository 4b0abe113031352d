"""The harness's server: what the browser is handed for a built site.

Pyodide refuses a ``.wasm`` not served as ``application/wasm`` and Chromium a module
script not served as JavaScript; the site's policy travels as a header; a site served
under a base path answers nothing outside it; extra pages sit beside the site without
touching it; the sitemap names the server's own address.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from helpcenter.harness import CHROMIUM_ARGS, QUIET_FEATURES, launch_options, serve

SITEMAP = "<urlset><url><loc>http://127.0.0.1:8000/articles/a.html</loc></url></urlset>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "assets" / "js").mkdir(parents=True)
    (root / "assets" / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "assets" / "js" / "widget.mjs").write_text("export const x = 1;\n", encoding="utf-8")
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "sitemap.xml").write_text(SITEMAP, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the site", encoding="utf-8")
    return root


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case) and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("assets/pyodide.asm.wasm", "application/wasm"),
        ("assets/js/widget.mjs", "text/javascript"),
        ("index.html", "text/html"),
    ],
)
def test_each_file_goes_with_the_type_the_browser_needs(site: Path, path: str, content_type: str) -> None:
    with serve(site) as url:
        status, headers, _ = fetch(url + path)

    assert status == 200
    assert headers["Content-Type"].split(";")[0] == content_type


def test_the_given_headers_go_with_every_answer(site: Path) -> None:
    policy = "default-src 'self'"
    with serve(site, headers={"Content-Security-Policy": policy}) as url:
        answers = [fetch(url + path) for path in ("index.html", "assets/js/widget.mjs", "no-such-page.html")]

    assert [status for status, _, _ in answers] == [200, 200, 404]
    assert [headers.get("Content-Security-Policy") for _, headers, _ in answers] == [policy] * 3


def test_under_a_base_path_nothing_outside_it_is_served(site: Path) -> None:
    with serve(site, base_path="/help/") as url:
        assert url.endswith("/help/")
        origin = url.removesuffix("help/")
        inside = fetch(url + "index.html")
        at_root = fetch(origin + "index.html")
        climbing = fetch(url + "..%2Fsecret.txt")

    assert (inside[0], inside[2]) == (200, b"<p>home</p>")
    assert at_root[0] == 404
    assert climbing[0] == 404


def test_extra_files_are_served_beside_the_site_without_writing_into_it(site: Path) -> None:
    before = sorted(path.relative_to(site) for path in site.rglob("*"))
    with serve(site, files={"bench/page.html": "<p>bench</p>", "bench/page.mjs": b"export {};"}) as url:
        page = fetch(url + "bench/page.html")
        script = fetch(url + "bench/page.mjs")

    assert (page[0], page[2]) == (200, b"<p>bench</p>")
    assert script[1]["Content-Type"] == "text/javascript"
    assert sorted(path.relative_to(site) for path in site.rglob("*")) == before


def test_the_sitemap_names_the_servers_own_address(site: Path) -> None:
    with serve(site, base_path="/help/") as url:
        _, _, body = fetch(url + "sitemap.xml")

    assert body.decode() == f"<urlset><url><loc>{url}articles/a.html</loc></url></urlset>"


def test_a_base_path_must_be_a_folder(site: Path) -> None:
    with pytest.raises(ValueError, match="must start and end with '/'"), serve(site, base_path="help"):
        pass


def test_chromium_starts_quiet_with_the_callers_own_flags() -> None:
    options = launch_options(args=["--lang=fr", "--disable-features=Translate,MediaRouter"], headless=True)

    # One --disable-features (Chromium keeps only the last): the harness's and the caller's.
    features = ",".join((*QUIET_FEATURES, "Translate"))
    assert options["args"] == ["--lang=fr", *CHROMIUM_ARGS, f"--disable-features={features}"]
    assert options["headless"] is True


def test_chromium_can_be_left_its_window_pages_for_a_benchmark_to_show_them() -> None:
    quiet = launch_options()["args"][-1]
    with_pages = launch_options(window_pages=True)["args"][-1]

    assert "PreloadTopChromeWebUI" in quiet
    assert "PreloadTopChromeWebUI" not in with_pages
    assert "WebUIOmniboxPopup" not in with_pages
    assert "PaintHolding" in with_pages  # Playwright's own stay off
