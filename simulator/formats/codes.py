"""The shapes of the PIM's codes, and the small cell formats its exports share.

The PIM accepts letters, digits and underscores in the codes of categories,
attributes, attribute groups, families, channels and association types (its
validators: "may contain only letters, numbers and underscores"); product
identifiers are free text without a comma, a semicolon or a line break (they are
written in list cells and CSV lines), and without a slash (the REST API names a product
in its path). Locales are ``language_TERRITORY`` (``fr_FR``,
``nl_BE``, ``sr_Cyrl_RS``); currencies three capital letters.
"""

from __future__ import annotations

import re
from typing import Final

CODE: Final = re.compile(r"[A-Za-z0-9_]+")
LOCALE: Final = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})+")
CURRENCY: Final = re.compile(r"[A-Z]{3}")
IDENTIFIER_MAX: Final = 255
IDENTIFIER_BAD: Final = re.compile(r"[,;\x00-\x1f\x7f]")

TRUE_CELLS: Final = frozenset({"1", "true", "yes"})
FALSE_CELLS: Final = frozenset({"0", "false", "no", ""})


def is_code(text: str) -> bool:
    return CODE.fullmatch(text) is not None


def is_locale(text: str) -> bool:
    return LOCALE.fullmatch(text) is not None


def is_currency(text: str) -> bool:
    return CURRENCY.fullmatch(text) is not None


def identifier_problem(text: str) -> str | None:
    """Why ``text`` cannot be a product identifier, or None when it can."""
    if not text.strip():
        return "the identifier is empty"
    if text != text.strip():
        return "the identifier starts or ends with a space"
    if len(text) > IDENTIFIER_MAX:
        return f"the identifier is longer than {IDENTIFIER_MAX} characters"
    if IDENTIFIER_BAD.search(text):
        return "the identifier holds a comma, a semicolon or a control character"
    if "/" in text:  # the rule of catalog files (catalog_file.IDENTIFIER_RULE)
        return "the identifier holds a slash, which the REST API's path /api/rest/v1/products/{identifier} cannot carry"
    return None


def split_list(cell: str) -> list[str]:
    """A list cell (``master,print``): its items in order, blanks and repeats dropped."""
    if not cell:
        return []
    return list(dict.fromkeys(item for item in (part.strip() for part in cell.split(",")) if item))


def boolean(cell: str) -> bool | None:
    """A yes/no cell as the PIM writes it (``1`` or ``0``); None when it is neither."""
    lowered = cell.strip().lower()
    if lowered in TRUE_CELLS:
        return True
    if lowered in FALSE_CELLS:
        return False
    return None
