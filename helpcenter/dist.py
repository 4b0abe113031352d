"""The built site as a folder any static host or CDN serves as it is (``make dist``).

From the site ``make build`` wrote:

- every asset of ours gets its content's hash in its name (the simulator's scripts and
  styles, the site's own scripts and stylesheets, the wheel, the snapshot, the runtime
  manifest), and every reference to it is rewritten, leaf files first, so that a name
  changes when anything it leads to changes; with the theme's own hashed bundles, the
  versioned Pyodide folder and the images named by hash, that makes every asset
  immutable, and only pages (and the few files with fixed names) need revalidating;
- ``.br`` (Brotli, from the pinned PyPI ``Brotli``) and ``.gz`` files lie beside each
  compressible file, for servers that send precompressed files (nginx's
  ``brotli_static``/``gzip_static``, :func:`serve` here); the big ones are compressed
  once and kept under ``.cache/dist-compressed/`` by their content's hash;
- ``_headers`` (Netlify, Cloudflare Pages) gives the CSP to every path, ``immutable``
  to hashed assets, a short ``max-age`` to pages, and ``application/wasm`` to Pyodide;
- ``simulator-offline.js``, the service worker that keeps the site for offline visits,
  is laid at the root (its scope is the folder it is served from) with the list of
  files it keeps and a version made of their contents' hashes, and the runtime manifest
  names it (the simulator's runtime registers it once Python is ready).

:func:`make_dist` writes the folder; :func:`serve` serves it as a CDN would (the
headers of ``_headers``, the encoding the browser accepts, ``Vary``), for ``make
serve-dist`` and the tests.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import io
import json
import mimetypes
import os
import posixpath
import re
import shutil
import sys
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any, Final

import brotli  # type: ignore[import-untyped]

from helpcenter.harness import rebase_sitemap

HASHED: Final = (
    "assets/simulator/*.whl",
    "assets/simulator/*.snapshot",
    "assets/simulator/runtime.json",
    "assets/js/*.mjs",
    "assets/js/*.js",
    "assets/css/*.css",
    "assets/javascripts/*.js",
    "assets/stylesheets/*.css",
)
"""Our assets, in the order their names are hashed: a file is hashed after every file
it names (the manifest names the wheel and the snapshot; the worker names the manifest;
the runtime names the worker; the widget names the runtime; pages name them all)."""

IMMUTABLE: Final = re.compile(
    r"^(?:assets/pyodide/[^/]+/.+"  # the versioned Pyodide core
    r"|assets/images/css/[0-9a-f]{16}\.\w+"  # the theme's icons, named by their hash
    r"|assets/simulator/python-[0-9a-f]{16}\.snapshot"  # named by its hash by the build
    r"|.+\.[0-9a-f]{8,16}(?:\.min)?\.[a-z0-9]+)$"  # hashed names: ours and the theme's
)
"""Site paths that never change content under the same name."""

COMPRESSIBLE: Final = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".snapshot", ".map", ".ico"}
)
"""What gains from compression (zips, wheels and pictures are compressed already)."""

PAGE_MAX_AGE: Final = 300
"""Seconds a page may be used without asking again: a new article shows within minutes."""

CONTENT_TYPES: Final = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".snapshot": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".xml": "application/xml",
}

HEADERS_FILE: Final = "_headers"
MANIFEST: Final = "assets/simulator/runtime.json"
OFFLINE_SOURCE: Final = "assets/js/simulator-offline.js"
OFFLINE_WORKER: Final = "simulator-offline.js"
"""The service worker, at the site's root so that its scope is the whole site."""
OFFLINE_LEFT_OUT: Final = re.compile(
    r"^(?:assets/javascripts/lunr/"  # search in other languages than the site's
    r"|assets/simulator/[^/]+\.snapshot$"  # the simulator's worker keeps it itself, gzipped
    r"|csp\.json$|" + re.escape(HEADERS_FILE) + r"$|" + re.escape(OFFLINE_WORKER) + r"$)"
    r"|\.(?:br|gz)$"
)
"""Files of the folder the service worker does not keep for offline visits."""
COMPRESSED_CACHE: Final = PurePosixPath(".cache/dist-compressed")
_CACHED_FROM: Final = 1 << 20
"""Files this large are compressed once and kept by hash (Brotli at its best is slow)."""

_TEXT: Final = frozenset({".html", ".css", ".js", ".mjs", ".json"})
_HASH_LENGTH: Final = 12


class DistError(Exception):
    """The site cannot be made into a deployable folder; the message says why."""


@dataclass(frozen=True)
class Dist:
    directory: Path
    renamed: dict[str, str]
    """Site path → the hashed path it was given."""
    compressed: list[str]
    """Site paths that have ``.br`` and ``.gz`` beside them."""


def hashed_name(path: PurePosixPath, content: bytes) -> PurePosixPath:
    """``simulator-widget.mjs`` → ``simulator-widget.<hash>.mjs``."""
    digest = hashlib.sha256(content).hexdigest()[:_HASH_LENGTH]
    return path.with_name(f"{path.stem}.{digest}{path.suffix}")


def make_dist(site_dir: Path, dist_dir: Path, project_root: Path, policy: str) -> Dist:
    """Write the deployable folder for the built site ``site_dir`` into ``dist_dir``."""
    if not (site_dir / "index.html").is_file():
        raise DistError(f"{site_dir}: no built site here (run `make build`)")
    if dist_dir.exists():
        shutil.rmtree(dist_dir)
    shutil.copytree(site_dir, dist_dir, symlinks=False)
    for stray in [*dist_dir.rglob("*.br"), *dist_dir.rglob("*.gz")]:
        stray.unlink()
    offline = _offline_template(dist_dir)
    renamed = _hash_assets(dist_dir)
    if offline is not None:
        (dist_dir / OFFLINE_WORKER).write_text(offline_worker(offline, dist_dir), encoding="utf-8")
    compressed = _compress_all(dist_dir, project_root / COMPRESSED_CACHE)
    (dist_dir / HEADERS_FILE).write_text(headers_file(dist_dir, policy), encoding="utf-8")
    return Dist(directory=dist_dir, renamed=renamed, compressed=compressed)


def _offline_template(dist_dir: Path) -> str | None:
    """The service worker's source, taken out of the assets (it is not hashed: browsers
    look for updates under one name), and the manifest made to name it; ``None`` for a
    site without the simulator."""
    source, manifest = dist_dir / OFFLINE_SOURCE, dist_dir / MANIFEST
    if not source.is_file() or not manifest.is_file():
        return None
    template = source.read_text(encoding="utf-8")
    source.unlink()
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    entries["offline"] = posixpath.relpath(OFFLINE_WORKER, posixpath.dirname(MANIFEST))
    manifest.write_text(json.dumps(entries, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return template


def offline_files(dist_dir: Path) -> list[str]:
    """What the service worker keeps: every page and file of the folder but the
    precompressed copies, the snapshot and the files no page uses."""
    return sorted(
        site_path
        for path in dist_dir.rglob("*")
        if path.is_file() and not OFFLINE_LEFT_OUT.search(site_path := path.relative_to(dist_dir).as_posix())
    )


_VERSION_LINE: Final = re.compile(r'^const VERSION = "";$', re.M)
_PRECACHE_LINE: Final = re.compile(r"^const PRECACHE = \[\];$", re.M)


def offline_worker(template: str, dist_dir: Path) -> str:
    """The service worker with its list of files and its version (the hash of every
    kept file's path and content: a deployment that changes any gives a new version)."""
    files = offline_files(dist_dir)
    digest = hashlib.sha256()
    for site_path in files:
        digest.update(f"{site_path}\0{hashlib.sha256((dist_dir / site_path).read_bytes()).hexdigest()}\n".encode())
    if not (_VERSION_LINE.search(template) and _PRECACHE_LINE.search(template)):
        raise DistError(f"{OFFLINE_SOURCE}: no `const VERSION = \"\";` and `const PRECACHE = [];` lines to fill in")
    worker = _VERSION_LINE.sub(lambda _: f"const VERSION = {json.dumps(digest.hexdigest()[:16])};", template)
    return _PRECACHE_LINE.sub(lambda _: f"const PRECACHE = {json.dumps(files, indent=2)};", worker)


def _hash_assets(dist_dir: Path) -> dict[str, str]:
    candidates = sorted(
        {path for pattern in HASHED for path in dist_dir.glob(pattern) if path.is_file()}
        - {path for path in dist_dir.rglob("*") if IMMUTABLE.match(path.relative_to(dist_dir).as_posix())}
    )
    texts = [path for path in dist_dir.rglob("*") if path.is_file() and path.suffix in _TEXT]
    renamed: dict[str, str] = {}
    done: set[Path] = set()
    for path in _leaves_first(candidates):
        site_path = PurePosixPath(path.relative_to(dist_dir).as_posix())
        new = hashed_name(site_path, path.read_bytes())
        path.rename(dist_dir / new)
        done.add(dist_dir / new)
        renamed[str(site_path)] = str(new)
        texts = [dist_dir / new if text == path else text for text in texts]
        for text in texts:
            if text in done:
                continue  # its name holds its content's hash: it must not change now
            before = text.read_text(encoding="utf-8")
            after = _reference(site_path.name).sub(new.name, before)
            if after != before:
                text.write_text(after, encoding="utf-8")
    return renamed


def _reference(name: str) -> re.Pattern[str]:
    """A file's name as a URL's last segment: after a slash or a quote, before a quote."""
    return re.compile(r"(?<=[/\"'(])" + re.escape(name) + r"(?=[\"'?#)])")


_COMMENT: Final = re.compile(r"/\*.*?\*/|(?<![:\"'])//[^\n]*", re.S)


def _code(path: Path) -> str:
    """What of a file can lead a browser to another: scripts without their comments
    (JSDoc names the runtime's types in the worker, which the browser never fetches)."""
    if path.suffix not in _TEXT:
        return ""
    text = path.read_text(encoding="utf-8")
    return _COMMENT.sub("", text) if path.suffix in {".js", ".mjs", ".css"} else text


def _leaves_first(files: list[Path]) -> list[Path]:
    """The files ordered so that each comes after every file it names."""
    names = {path: _reference(path.name) for path in files}
    texts = {path: _code(path) for path in files}
    needs = {path: {other for other in files if other != path and names[other].search(texts[path])} for path in files}
    ordered: list[Path] = []
    while needs:
        ready = sorted(path for path, wanted in needs.items() if not wanted)
        if not ready:
            raise DistError(f"assets naming each other in a circle: {', '.join(p.name for p in sorted(needs))}")
        for path in ready:
            ordered.append(path)
            del needs[path]
        for wanted in needs.values():
            wanted.difference_update(ready)
    return ordered


def _compress_all(dist_dir: Path, cache: Path) -> list[str]:
    done: list[str] = []
    for path in sorted(p for p in dist_dir.rglob("*") if p.is_file()):
        if path.suffix not in COMPRESSIBLE or path.name == HEADERS_FILE:
            continue
        data = path.read_bytes()
        br, gz = _compressed(data, cache)
        # A precompressed file is kept only when it is smaller (a server would not send it).
        if len(br) < len(data):
            path.with_name(path.name + ".br").write_bytes(br)
        if len(gz) < len(data):
            path.with_name(path.name + ".gz").write_bytes(gz)
        if len(br) < len(data) or len(gz) < len(data):
            done.append(path.relative_to(dist_dir).as_posix())
    return done


def _compressed(data: bytes, cache: Path) -> tuple[bytes, bytes]:
    if len(data) < _CACHED_FROM:
        return brotli.compress(data, quality=11), gzip.compress(data, compresslevel=9, mtime=0)
    key = hashlib.sha256(data).hexdigest()
    br_path, gz_path = cache / f"{key}.br", cache / f"{key}.gz"
    if br_path.is_file() and gz_path.is_file():
        return br_path.read_bytes(), gz_path.read_bytes()
    # Quality 9 for the large ones: within 15 % of 11 in a tenth of the time.
    br, gz = brotli.compress(data, quality=9), gzip.compress(data, compresslevel=9, mtime=0)
    cache.mkdir(parents=True, exist_ok=True)
    for target, content in ((br_path, br), (gz_path, gz)):
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        partial.write_bytes(content)
        partial.replace(target)
    return br, gz


def headers_file(dist_dir: Path, policy: str) -> str:
    """``_headers`` for the folder: the rules of Netlify and Cloudflare Pages (a path,
    then its headers indented; every matching rule applies)."""
    immutable = "public, max-age=31536000, immutable"
    lines = [
        "/*",
        f"  Content-Security-Policy: {policy}",
        "  X-Content-Type-Options: nosniff",
        f"  Cache-Control: public, max-age={PAGE_MAX_AGE}, must-revalidate",
        "",
    ]
    for path in sorted(p for p in dist_dir.rglob("*") if p.is_file()):
        site_path = path.relative_to(dist_dir).as_posix()
        if path.suffix in {".br", ".gz"} or not IMMUTABLE.match(site_path):
            continue
        lines += [f"/{site_path}", f"  Cache-Control: {immutable}"]
        if path.suffix == ".wasm":
            lines.append("  Content-Type: application/wasm")
        lines.append("")
    return "\n".join(lines)


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a ``_headers`` file: (path pattern, headers), in order."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            rules.append((line.strip(), {}))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], url_path: str) -> dict[str, str]:
    """The headers the rules give a path (later rules override earlier ones)."""
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if pattern == url_path or (pattern.endswith("*") and url_path.startswith(pattern[:-1])):
            headers.update(values)
    return headers


class _DistHandler(SimpleHTTPRequestHandler):
    """Serves the folder as a CDN would: its ``_headers``, a precompressed file in the
    encoding the browser prefers (``Vary: Accept-Encoding``), never a file outside; the
    sitemap with this server's address (a deployment has its own in ``site_url``)."""

    server: _DistServer

    def send_head(self) -> Any:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if not url_path.startswith(self.server.base_path):
            self.send_error(404, "File not found")
            return None
        url_path = "/" + url_path[len(self.server.base_path):]
        if url_path.endswith("/"):
            url_path += "index.html"
        relative = posixpath.normpath(url_path).lstrip("/")
        if relative in self.server.files:
            return self._answer(relative, PurePosixPath(relative).suffix, None, self.server.files[relative])
        if relative == "sitemap.xml" and (self.server.root / relative).is_file():
            # Its pages at this server's address, or the theme's instant navigation stays off.
            sitemap = (self.server.root / relative).read_text(encoding="utf-8")
            return self._answer(relative, ".xml", None, rebase_sitemap(sitemap, self.server.base_url).encode())
        file = (self.server.root / relative).resolve()
        if (
            relative.startswith("..")
            or self.server.root not in file.parents
            or not file.is_file()
            or file.name == HEADERS_FILE
        ):
            self.send_error(404, "File not found")
            return None
        encoding, body = self._negotiated(file)
        return self._answer(relative, file.suffix, encoding, body)

    def _answer(self, relative: str, suffix: str, encoding: str | None, body: Path | bytes) -> Any:
        headers = {
            "Content-Type": CONTENT_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream",
            "Content-Length": str(len(body) if isinstance(body, bytes) else body.stat().st_size),
        }
        if suffix in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
        if encoding:
            headers["Content-Encoding"] = encoding
        headers.update(headers_for(self.server.rules, "/" + relative))
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body) if isinstance(body, bytes) else body.open("rb")

    def _negotiated(self, file: Path) -> tuple[str | None, Path]:
        accepted = {part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            candidate = file.with_name(file.name + suffix)
            if encoding in accepted and candidate.is_file():
                return encoding, candidate
        return None, file

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _DistServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, root: Path, host: str, port: int, verbose: bool, base_path: str, files: Mapping[str, bytes]
    ) -> None:
        super().__init__((host, port), functools.partial(_DistHandler, directory=str(root)))
        self.root = root.resolve()
        self.rules = parse_headers((root / HEADERS_FILE).read_text(encoding="utf-8"))
        self.verbose = verbose
        self.base_path = base_path
        self.files = dict(files)
        self.base_url = f"http://{host}:{self.server_address[1]}{base_path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed browser context
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(
    dist_dir: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    verbose: bool = False,
    *,
    base_path: str = "/",
    files: Mapping[str, str | bytes] | None = None,
) -> Iterator[str]:
    """Serve the folder on ``host:port`` (0: a free one) under ``base_path`` (a site
    deployed in a sub-folder); yields its base URL. ``files`` maps site paths to
    contents served beside the folder's own (test pages), with the same headers."""
    if not (base_path.startswith("/") and base_path.endswith("/")):
        raise ValueError(f"base path {base_path!r} must start and end with '/'")
    contents = {path.lstrip("/"): data.encode("utf-8") if isinstance(data, str) else data
                for path, data in (files or {}).items()}
    server = _DistServer(dist_dir, host, port, verbose, base_path, contents)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """``python -m helpcenter.dist SITE DIST`` writes the folder; ``--serve DIST [PORT]``
    serves it until interrupted."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    if args[:1] == ["--serve"] and len(args) in (2, 3):
        port = int(args[2]) if len(args) == 3 else 8000
        host = os.environ.get("HOST", "127.0.0.1")
        with serve(Path(args[1]), host, port, verbose=True) as url:
            print(f"Serving {args[1]} as a CDN would on {url}articles/how-to-connect-my-pim-with-apps.html")
            threading.Event().wait()
        return 0
    if len(args) != 2:
        print("usage: python -m helpcenter.dist SITE DIST | --serve DIST [PORT]", file=sys.stderr)
        return 2
    site, dist = Path(args[0]), Path(args[1])
    try:
        policy = json.loads((site / "csp.json").read_text(encoding="utf-8"))["policy"]
        made = make_dist(site, dist, root, policy)
    except (OSError, KeyError, ValueError, DistError) as error:
        print(f"make dist: {error}", file=sys.stderr)
        return 1
    print(f"{dist}: {len(made.renamed)} assets renamed by hash, {len(made.compressed)} files precompressed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
