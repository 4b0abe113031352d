"""The REST API's messages, word for word (reference §2 and §4).

The reference quotes the product wording; the product-model wording is the PIM's same
sentence with "product model", as its product-model controllers say it.
"""

from __future__ import annotations

from simulator.model import Kind

SCOPE_MESSAGES = {
    "read_products": "Access forbidden. You are not allowed to list products.",
    "write_products": "Access forbidden. You are not allowed to create or update products.",
    "delete_products": "Access forbidden. You are not allowed to delete products.",
}


def _title(kind: Kind) -> str:
    return "Product" if kind is Kind.PRODUCT else "Product model"


def not_found(kind: Kind, code: str) -> str:
    return f'{_title(kind)} "{code}" does not exist or you do not have permission to access it.'


def view_only(kind: Kind, code: str) -> str:
    return f'{_title(kind)} "{code}" cannot be updated. You only have a view right on this {kind.noun}.'


def fields_need_own(kind: Kind, fields: list[str]) -> str:
    return (
        f'You cannot update the following fields "{", ".join(fields)}". '
        f"You should at least own this {kind.noun} to do it."
    )


def keep_owned(kind: Kind) -> str:
    return f"You should at least keep your {kind.noun} in one category on which you have an own permission."


def delete_needs_own(kind: Kind) -> str:
    return (
        f"You can delete a {kind.noun} only if it is classified in at least one category "
        "on which you have an own permission."
    )


def proposal_by_owner(kind: Kind, code: str) -> str:
    return f'You have ownership on the {kind.noun} "{code}", you cannot send a draft for approval.'


def proposal_by_viewer(kind: Kind, code: str) -> str:
    return f'You only have view permission on the {kind.noun} "{code}", you cannot send a draft for approval.'


NO_DRAFT_TO_SUBMIT = "You should create a draft before submitting it for approval."
DRAFT_ALREADY_SUBMITTED = "You already submit your draft for approval."


def draft_by_owner(kind: Kind, code: str) -> str:
    return (
        f'You have ownership on the {kind.noun} "{code}", '
        f"you cannot create or retrieve a draft from this {kind.noun}."
    )


def draft_by_viewer(kind: Kind, code: str) -> str:
    return (
        f'You only have view permission on the {kind.noun} "{code}", '
        f"you cannot create or retrieve a draft from this {kind.noun}."
    )


def no_draft(kind: Kind, code: str) -> str:
    return f'There is no draft created for the {kind.noun} "{code}".'


def no_route(method: str, path: str) -> str:
    return f'No route found for "{method} {path}"'


def unknown_category(code: str) -> str:
    return f'Property "categories" expects a valid category code. The category does not exist, "{code}" given'


def view_only_locale(locale: str) -> str:
    return f'You only have a view permission on the locale "{locale}".'


def hidden_locale(attribute: str, locale: str) -> str:
    return f'Attribute "{attribute}" expects an existing and activated locale, "{locale}" given'


def view_only_attribute_group(attribute: str, group: str) -> str:
    return f'Attribute "{attribute}" belongs to the attribute group "{group}" on which you only have view permission.'


def hidden_attribute(attribute: str) -> str:
    return f"The {attribute} attribute does not exist in your PIM"


def locale_expected(attribute: str) -> str:
    return f'Attribute "{attribute}" expects a locale, none given.'


def locale_unexpected(attribute: str, locale: str) -> str:
    return f'Attribute "{attribute}" does not expect a locale, "{locale}" given.'


def unknown_property(name: str) -> str:
    return f'Property "{name}" does not exist. Check the expected format on the API documentation.'


def wrong_type(name: str, expected: str, given: object) -> str:
    return f'Property "{name}" expects {expected} as data, "{json_type(given)}" given.'


def key_mismatch(kind: Kind, given: str, in_url: str) -> str:
    return f'The {kind.key} "{given}" provided in the request body must match the {kind.key} "{in_url}" provided in the url.'


def hidden_association(kind: Kind) -> str:
    return f"You cannot associate a {kind.noun} on which you have not a view permission."


def unknown_association(kind: Kind, code: str) -> str:
    return (
        f'Property "associations" expects a valid {kind.noun} {kind.key}. '
        f'The {kind.noun} does not exist, "{code}" given.'
    )


def unknown_parent(code: str) -> str:
    return f'Property "parent" expects a valid product model code. The product model does not exist, "{code}" given.'


VALIDATION_FAILED = "Validation failed."


def already_exists(kind: Kind) -> str:
    return f"The same {kind.key} is already set on another {kind.noun}"


# List filters (reference §4: a filter on a hidden category, locale or attribute).
def filter_category(code: str) -> str:
    return f'Category "{code}" does not exist.'


def filter_locales(codes: list[str]) -> str:
    if len(codes) > 1:
        return f'Locales "{", ".join(codes)}" do not exist or are not activated.'
    return f'Locale "{codes[0]}" does not exist or is not activated.'


def filter_attributes(codes: list[str]) -> str:
    if len(codes) > 1:
        return f'Attributes "{", ".join(codes)}" do not exist.'
    return f'Attribute "{codes[0]}" does not exist.'


def filter_operator(name: str, operator: str) -> str:
    return f'Filter on property "{name}" is not supported or does not support operator "{operator}"'


def filter_structure(name: str) -> str:
    return (
        f'Structure of filter "{name}" should respect this structure: '
        f'{{"{name}":[{{"operator": "my_operator", "value": "my_value"}}]}}'
    )


SEARCH_NOT_JSON = "Search query parameter should be valid JSON."
TOO_MANY_ITEMS = "You cannot request more than 100 items."


def bad_number(name: str, given: str) -> str:
    return f'"{given}" is not a valid {name} number.'


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array"
