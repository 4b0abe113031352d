"""The test server's sitemap: instant navigation only takes over the links it lists,
with the port the page is served on."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.harness import rebase_sitemap

BUILT = """<urlset>
    <url>
         <loc>http://127.0.0.1:8000/index.html</loc>
    </url>
    <url>
         <loc>http://127.0.0.1:8000/articles/how-to-connect-my-pim-with-apps.html</loc>
    </url>
</urlset>"""


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://127.0.0.1:43117/", ["http://127.0.0.1:43117/index.html",
                                     "http://127.0.0.1:43117/articles/how-to-connect-my-pim-with-apps.html"]),
        ("https://help.example.com/", ["https://help.example.com/index.html",
                                       "https://help.example.com/articles/how-to-connect-my-pim-with-apps.html"]),
    ],
)
def test_every_page_is_listed_at_the_servers_address(base_url: str, expected: list[str]) -> None:
    rebased = rebase_sitemap(BUILT, base_url)

    assert [line.strip()[5:-6] for line in rebased.splitlines() if "<loc>" in line] == expected


def test_the_built_sitemap_lists_every_page_readers_navigate_to(site_dir: Path) -> None:
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    paths = {line.strip()[5:-6].split("/", 3)[3] for line in sitemap.splitlines() if "<loc>" in line}

    assert {
        "index.html", "using-akeneo.html", "setting-up-the-pim.html", "simulator.html",
        "articles/how-to-connect-my-pim-with-apps.html", "guides/share-a-scenario.html",
    } <= paths
