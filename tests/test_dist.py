"""`make dist`: the built site as any static host or CDN serves it, and `serve-dist`.

Checked as a deployer would: every asset of ours carries its content's hash in its name
and every reference follows; each compressible file has ``.br`` and ``.gz`` beside it
that give back its bytes; ``_headers`` gives the CSP everywhere, ``immutable`` to what
never changes, a short life to pages, ``application/wasm`` to Pyodide; nothing is in
the folder that the site did not hold; and the article works in Chromium when the
folder is served with negotiated encodings, as a CDN would.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import re
import urllib.parse
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest
from playwright.sync_api import Page

from helpcenter.dist import (
    COMPRESSIBLE,
    HASHED,
    HEADERS_FILE,
    IMMUTABLE,
    OFFLINE_SOURCE,
    OFFLINE_WORKER,
    Dist,
    offline_worker,
    parse_headers,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "articles/how-to-connect-my-pim-with-apps.html"
HASH_IN_NAME = re.compile(r"\.([0-9a-f]{12})\.[a-z]+$")

pytestmark = pytest.mark.slow


@pytest.fixture
def dist(dist_site: Dist) -> Dist:
    return dist_site


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def test_every_asset_of_ours_is_named_by_its_content(site_dir: Path, dist: Dist) -> None:
    ours = sorted({p.relative_to(site_dir).as_posix() for pattern in HASHED for p in site_dir.glob(pattern)}
                  - {p for p in _files(site_dir) if IMMUTABLE.match(p)} - {OFFLINE_SOURCE})
    assert {"assets/js/simulator-widget.mjs", "assets/js/simulator-runtime.mjs", "assets/js/simulator-worker.mjs",
            "assets/css/simulator.css", "assets/simulator/runtime.json"} <= set(ours)

    assert sorted(dist.renamed) == ours
    for old, new in dist.renamed.items():
        assert not (dist.directory / old).exists()
        match = HASH_IN_NAME.search(new)
        assert match, new
        assert hashlib.sha256((dist.directory / new).read_bytes()).hexdigest()[:12] == match[1]
    snapshot = next((dist.directory / "assets" / "simulator").glob("python-*.snapshot"))
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest()[:16] in snapshot.name


def test_every_reference_leads_to_a_file_of_the_folder(dist: Dist) -> None:
    root = dist.directory
    page = (root / ARTICLE).read_text(encoding="utf-8")
    linked = re.findall(r'(?:src|href)="([^"#?]+\.(?:mjs|js|css))"', page)
    assert any("simulator-widget." in link for link in linked)
    for link in linked:
        assert (root / ARTICLE).parent.joinpath(urllib.parse.unquote(link)).resolve().is_file(), link
    # The scripts' own imports (JSDoc comments name types only), and the manifest's files.
    js = root / "assets" / "js"
    for script in js.glob("simulator-*.mjs"):
        code = re.sub(r"/\*.*?\*/|(?<![:\"'])//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
        for name in re.findall(r'["\'](\./[\w.-]+\.mjs|\.\./simulator/[\w.-]+\.json)["\']', code):
            assert (js / name).resolve().is_file(), f"{script.name} names {name}"
    manifest = json.loads(next((root / "assets" / "simulator").glob("runtime.*.json")).read_text(encoding="utf-8"))
    for name in (manifest["simulator"]["wheel"], manifest["snapshot"]["file"], manifest["offline"]):
        assert (root / "assets" / "simulator" / name).resolve().is_file(), name
    assert (root / "assets" / "simulator" / manifest["offline"]).resolve() == (root / OFFLINE_WORKER).resolve()


def test_the_service_workers_version_changes_with_any_file_it_keeps(tmp_path: Path) -> None:
    template = (PROJECT_ROOT / "overrides" / OFFLINE_SOURCE).read_text(encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.html").write_text("<p>first</p>", encoding="utf-8")
    (tmp_path / "articles" / "a.html.br").write_bytes(b"compressed")
    (tmp_path / "site.abc.css").write_text("p {}", encoding="utf-8")

    def version_and_files() -> tuple[str, list[str]]:
        worker = offline_worker(template, tmp_path)
        version = re.search(r'^const VERSION = "([0-9a-f]{16})";$', worker, re.M)
        files = re.search(r"^const PRECACHE = (\[.*?\]);$", worker, re.M | re.S)
        assert version and files, worker[:400]
        return version[1], json.loads(files[1])

    first, files = version_and_files()
    assert files == ["articles/a.html", "site.abc.css"]
    assert version_and_files()[0] == first, "the same files give the same version"
    (tmp_path / "articles" / "a.html").write_text("<p>second</p>", encoding="utf-8")
    assert version_and_files()[0] != first


def test_each_compressible_file_has_brotli_and_gzip_beside_it(dist: Dist) -> None:
    root = dist.directory
    compressible = sorted(p for p in _files(root) if Path(p).suffix in COMPRESSIBLE)
    assert "assets/pyodide/314.0.7/pyodide.asm.wasm" in compressible

    missing = []
    for name in compressible:
        data = (root / name).read_bytes()
        br, gz = root / f"{name}.br", root / f"{name}.gz"
        if len(data) > 1024 and not (br.is_file() and gz.is_file()):
            missing.append(name)
        if br.is_file():
            assert brotli.decompress(br.read_bytes()) == data, name
            assert br.stat().st_size < len(data)
        if gz.is_file():
            assert gzip.decompress(gz.read_bytes()) == data, name
    assert missing == []


def test_headers_give_caching_the_policy_and_wasm_its_type(dist: Dist, site_csp: str) -> None:
    rules = dict(parse_headers((dist.directory / HEADERS_FILE).read_text(encoding="utf-8")))

    assert rules["/*"]["Content-Security-Policy"] == site_csp
    assert rules["/*"]["Cache-Control"] == "public, max-age=300, must-revalidate"
    immutable = "public, max-age=31536000, immutable"
    for new in dist.renamed.values():
        assert rules[f"/{new}"]["Cache-Control"] == immutable, new
    wasm = rules["/assets/pyodide/314.0.7/pyodide.asm.wasm"]
    assert wasm == {"Cache-Control": immutable, "Content-Type": "application/wasm"}
    assert not any(path.endswith(".html") for path in rules), "pages must not be immutable"


def test_the_folder_holds_the_site_and_nothing_else(site_dir: Path, dist: Dist) -> None:
    moved = {**dist.renamed, OFFLINE_SOURCE: OFFLINE_WORKER}
    expected = {moved.get(name, name) for name in _files(site_dir)}
    compressed = {f"{name}.{suffix}" for name in dist.compressed for suffix in ("br", "gz")}
    present = _files(dist.directory)

    assert present - expected - {HEADERS_FILE} <= compressed
    assert expected <= present
    assert not [p for p in dist.directory.rglob("*") if p.is_symlink()]


def _get(url: str, path: str, encoding: str | None) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    return connection.getresponse()


@pytest.mark.parametrize(
    ("encoding", "served"), [("br, gzip", "br"), ("gzip, deflate", "gzip"), (None, None)]
)
def test_serve_dist_negotiates_the_encoding(dist: Dist, dist_url: str, encoding: str | None, served: str | None) -> None:
    wasm = "/assets/pyodide/314.0.7/pyodide.asm.wasm"
    response = _get(dist_url, wasm, encoding)
    body = response.read()

    assert response.status == 200
    assert response.getheader("Content-Encoding") == served
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda data: data}[served](body)
    assert decoded == (dist.directory / wasm.lstrip("/")).read_bytes()


def test_serve_dist_gives_pages_a_short_life_and_nothing_outside(dist_url: str) -> None:
    page = _get(dist_url, f"/{ARTICLE}", "br")
    page.read()
    assert page.getheader("Cache-Control") == "public, max-age=300, must-revalidate"
    assert page.getheader("Content-Security-Policy", "").startswith("default-src 'self'")
    for path in ("/../pyproject.toml", "/%2e%2e/pyproject.toml", f"/{HEADERS_FILE}", "/assets/js/simulator-widget.mjs"):
        response = _get(dist_url, path, None)
        response.read()
        assert response.status == 404, path


@pytest.mark.browser
def test_the_article_goes_live_from_the_snapshot_when_served_as_a_cdn_would(page: Page, dist_url: str) -> None:
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.context.on("request", lambda request: requested.append(request.url))
    page.set_default_timeout(120_000)
    # The snapshot asked for whatever the link's speed (a busy machine makes loopback slow).
    page.goto(dist_url + ARTICLE + "?simulator-boot=snapshot")
    widget = page.locator("[data-simulator]").first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector("[data-simulator][data-live=true]", state="attached")

    boot = page.evaluate("globalThis[Symbol.for('pim-apps-helpcenter.simulator-runtime')].status.boot")
    assert boot == {"from": "snapshot", "note": None}
    assert problems == []
    assert [url for url in requested if not url.startswith(dist_url)] == []
    assert any(url.endswith(".snapshot") for url in requested), "the snapshot comes from the folder, by its hashed name"


def test_serve_dist_lists_the_pages_at_its_own_address(dist_url: str) -> None:
    # The theme's instant navigation takes over only the links the sitemap lists.
    sitemap = _get(dist_url, "/sitemap.xml", None).read().decode("utf-8")
    assert f"<loc>{dist_url}{ARTICLE}</loc>" in sitemap
