"""Build messages for what is wrong in the articles, as ``path:line: message``.

An ERROR (the article is broken) goes to the ``mkdocs`` logger at WARNING level, so
``mkdocs build --strict`` prints it and fails. A WARNING (the old help center accepted
it: a stray ``:::``, an unknown related id) is printed on every build but goes to a
logger outside ``mkdocs.*``, so strict builds still pass.
"""

from __future__ import annotations

import logging
import sys

import _library
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from helpcenter.model import Severity
from helpcenter.site import check_site

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
    problems = [problem for article in library.articles.values() for problem in article.problems]
    problems += check_site(list(library.articles.values()), library.images)
    problems += library.problems
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line, p.message)):
        if problem.severity is Severity.ERROR:
            _errors.warning(str(problem))
        else:
            _warnings.warning(str(problem))
    return files
