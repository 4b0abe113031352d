"""Every container type of the dialect has a look of its own in the built page."""

from __future__ import annotations

from pathlib import Path
from subprocess import CompletedProcess
from typing import Callable

import pytest
from playwright.sync_api import Page

from helpcenter.harness import serve

pytestmark = pytest.mark.browser

CALLOUTS = """---
id: callouts
themes: connectivity
title: All the **callouts**
---

# Callouts

::: info
An information.
:::

::: tips
A tip.
:::

::: warning
A warning.
:::

::: danger
A danger.
:::

::: success
A success.
:::

::: ee
Enterprise Edition only.
:::
"""


def test_each_container_type_has_its_own_colour_and_sign(
    page: Page, project_copy: Path, build_site: Callable[[Path, Path], CompletedProcess[str]]
) -> None:
    (project_copy / "docs" / "articles").mkdir()
    (project_copy / "docs" / "articles" / "callouts.md").write_text(CALLOUTS, encoding="utf-8")
    built = build_site(project_copy, project_copy / "site")
    assert built.returncode == 0, built.stderr

    with serve(project_copy / "site") as url:
        page.goto(url + "articles/callouts.html")
        looks = page.evaluate(
            """() => [...document.querySelectorAll('.admonition')].map(callout => {
                const title = callout.querySelector('.admonition-title');
                const sign = getComputedStyle(title, '::before');
                return {
                    type: callout.className.replace('admonition', '').trim(),
                    title: title.textContent.trim(),
                    border: getComputedStyle(callout).borderLeftColor,
                    sign: sign.backgroundColor,
                    icon: sign.maskImage || sign.webkitMaskImage,
                };
            })"""
        )

    assert [(look["type"], look["title"]) for look in looks] == [
        ("info", "Info"), ("tip", "Tip"), ("warning", "Warning"),
        ("danger", "Danger"), ("success", "Success"), ("ee", "Enterprise Edition"),
    ]
    assert len({look["border"] for look in looks}) == 6, looks
    assert len({look["sign"] for look in looks}) == 6, looks
    assert len({look["icon"] for look in looks}) == 6, looks  # ee draws its own "EE" sign
