"""Writes the site's Content-Security-Policy beside the built pages.

A thin adapter: :func:`helpcenter.csp.externalize_site_css_images` moves the theme's
``data:`` icons into files (images are ``'self'`` only), then
:func:`helpcenter.csp.publish_policy` hashes mkdocs-material's inline scripts in the
HTML just written and lays ``csp.json`` and ``_headers`` into the site.
Runs last, after every hook that writes pages.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from helpcenter.csp import externalize_site_css_images, publish_policy

log = logging.getLogger("mkdocs.hooks.csp")


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    log.debug("%d stylesheet images moved out of data: URLs", externalize_site_css_images(site_dir))
    value = publish_policy(site_dir)
    log.debug("Content-Security-Policy: %s", value)
