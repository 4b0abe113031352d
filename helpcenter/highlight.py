"""Code blocks highlighted with Pygments in the markup mkdocs-material styles.

The same HTML pymdownx.highlight produces: ``<div class="language-x highlight"><pre>
<span></span><code>…</code></pre></div>``, so fenced code looks like the rest of the
site and gets material's copy button.
"""

from __future__ import annotations

import html
import re

from pygments import highlight as pygments_highlight  # type: ignore[import-untyped]
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.lexers.special import TextLexer  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

_FORMATTER = HtmlFormatter(nowrap=True)
_SAFE_LANGUAGE = re.compile(r"[^\w+#.-]")


def highlight(code: str, language: str) -> str:
    """A fenced code block as HTML; an unknown or missing language is plain text."""
    language = _SAFE_LANGUAGE.sub("", language) or "text"
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False, ensurenl=False)
    except Exception:  # noqa: BLE001 - a lexer option Pygments dislikes: plain text then
        lexer = TextLexer(stripnl=False, ensurenl=False)
    code_html = pygments_highlight(code, lexer, _FORMATTER)
    return (
        f'<div class="language-{html.escape(language)} highlight"><pre><span></span>'
        f"<code>{code_html}</code></pre></div>\n"
    )
