"""What a file is, told by its content (never by its name: a customer's export may be
called anything): a CSV export by its header's columns, JSON by its shape.
"""

from __future__ import annotations

from typing import Final, Mapping

from simulator.formats.codes import is_currency, is_locale, split_list

CSV_KINDS: Final[Mapping[str, str]] = {
    "categories": "categories (CSV export)",
    "attribute_groups": "attribute groups (CSV export)",
    "attributes": "attributes (CSV export)",
    "attribute_options": "attribute options (CSV export)",
    "families": "families (CSV export)",
    "channels": "channels (CSV export)",
    "locales": "locales (CSV)",
    "locale_list": "a list of locales",
    "currencies": "currencies (CSV)",
    "association_types": "association types (CSV export)",
    "product_models": "product models (CSV export)",
    "products": "products (CSV export)",
}
"""Every kind of CSV the import reads, as the page names it."""

JSON: Final = "json"


def is_json(text: str) -> bool:
    start = text.lstrip()[:1]
    return start in ("{", "[")


def csv_kind(header: tuple[str, ...], first_row: list[str] | None) -> str | None:
    """The kind of a CSV export, from its header (and, for ``code`` alone, its first
    row); None when it is none the simulator reads."""
    names = set(header)
    if not header:
        return None
    if all(is_locale(code) for cell in header for code in split_list(cell)) and any(header):
        return "locale_list"
    if "family_variant" in names or {"code", "parent", "categories"} <= names:
        return "product_models"
    if {"attribute", "code"} <= names:
        return "attribute_options"
    if {"code", "type"} <= names and names & {"group", "localizable", "scopable"}:
        return "attributes"
    if "code" in names and ("attribute_as_label" in names or any(n.startswith("requirements-") for n in names)):
        return "families"
    if {"code", "tree"} <= names:
        return "channels"
    if {"code", "attributes"} <= names:
        return "attribute_groups"
    if "code" in names and names & {"is_quantified", "is_two_way"}:
        return "association_types"
    if {"code", "parent"} <= names:
        return "categories"
    if names & {"categories", "family", "enabled", "groups"} or header[0] == "uuid":
        return "products"
    if "code" in names and names <= {"code", "activated", "enabled", "label"}:
        code = first_row[header.index("code")].strip() if first_row and len(first_row) == len(header) else ""
        return "currencies" if is_currency(code) else "locales"
    return None


def json_kind(data: object) -> str:
    """``catalog`` (the simulator's catalog file), ``scenario`` (a scenario file) or
    ``rest`` (REST API responses)."""
    if isinstance(data, dict):
        if "version" in data and "catalog" in data:
            return "scenario"
        if {"locales", "attribute_groups", "categories"} <= data.keys() or data.get("format") == 1:
            return "catalog"
    return "rest"


EXPECTED: Final = (
    "a CSV export of the PIM (categories: code;parent;label-…; products: sku;categories;…; "
    "attributes, attribute groups, families, channels, product models, locales), a REST API "
    "response (a page with _embedded.items, or JSON lines), or the simulator's own catalog or scenario file"
)
"""What the import reads, for the message about a file it does not recognise."""
