"""Build messages for what is wrong in the articles, as ``path:line: message``.

An ERROR (the article is broken) goes to the ``mkdocs`` logger at WARNING level, so
``mkdocs build --strict`` prints it and fails. A WARNING (the old help center accepted
it: a stray ``:::``, an unknown related id) is printed on every build but goes to a
logger outside ``mkdocs.*``, so strict builds still pass.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from helpcenter.model import Problem, Severity
from helpcenter.site import check_site
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

import _library

_errors = logging.getLogger("mkdocs.helpcenter")
_warnings = logging.getLogger("helpcenter.build")
if not _warnings.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    _warnings.addHandler(_handler)
    _warnings.setLevel(logging.INFO)
    _warnings.propagate = False


@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    library = _library.current()
    images = library.images | set(config.extra.get("pending_images", ()))
    problems = [problem for article in library.articles.values() for problem in article.problems]
    problems += check_site(list(library.articles.values()), images)
    problems += library.problems
    problems += _pending_images_now_present(config, library)
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line, p.message)):
        if problem.severity is Severity.ERROR:
            _errors.warning(str(problem))
        else:
            _warnings.warning(str(problem))
    return files


def _pending_images_now_present(config: MkDocsConfig, library: _library.Library) -> list[Problem]:
    """An image that exists is no longer pending: say so, so the allow-list shrinks."""
    config_file = Path(config.config_file_path)
    lines = config_file.read_text(encoding="utf-8").splitlines()
    return [
        Problem(
            os.path.relpath(config_file, library.project_root),
            next((number for number, text in enumerate(lines, 1) if name in text), 1),
            f"image {name!r} exists now: remove it from extra.pending_images",
            Severity.WARNING,
        )
        for name in config.extra.get("pending_images", ())
        if name in library.images
    ]
