"""The help-center article dialect, as a pure function: source → HTML + metadata.

The build's *compile* step (:mod:`helpcenter.compile`) turns what this returns into a
standard docs tree that MkDocs or Zensical renders; the conversion imports neither.
"""

from helpcenter.convert import BlockRenderer, BlockSource, convert
from helpcenter.model import Article, Edition, Heading, Problem, Reference, Severity

__all__ = [
    "Article",
    "BlockRenderer",
    "BlockSource",
    "Edition",
    "Heading",
    "Problem",
    "Reference",
    "Severity",
    "convert",
]
