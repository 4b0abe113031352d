"""The help-center article dialect, as a pure function: source → HTML + metadata.

MkDocs hooks (``overrides/hooks/``) only adapt what this package returns; nothing here
imports MkDocs, so the conversion can move to another static-site builder unchanged.
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
