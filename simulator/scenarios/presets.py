"""The article's examples as ready-made scenarios, with what the article claims.

Each preset's ``expect`` assertions are the answers the article (and the reference's
§4, where the article is silent) predicts; ``python -m simulator check <id>`` and the
tests hold the engine to them.

Preset ids and contents are part of the link format: a link made from a preset
carries only what differs from it, so changing a preset in place would change what
old links open. Add a new preset rather than changing one (the golden links in the
tests catch a change).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from simulator.scenarios.scenario import JsonValue, Scenario, scenario_from_dict

API: Final = "/api/rest/v1"

_ALL_LOCALES_AND_GROUPS: Final[dict[str, JsonValue]] = {
    "locales": {"edit_all": True},
    "attribute_groups": {"edit_all": True},
}


def _value(attribute: str, locale: str | None, data: str) -> dict[str, JsonValue]:
    """A PATCH body changing one value, in the REST API's format."""
    return {"values": {attribute: [{"locale": locale, "scope": None, "data": data}]}}


_PRESETS: Final[dict[str, dict[str, JsonValue]]] = {
    "erp-owns-master": {
        "title": "An ERP App owning the Master catalog",
        "notes": (
            "Own on the Master catalog tree only, as you would give an ERP App: it creates, "
            "updates and deletes the products of that tree without proposals, and the "
            "products only in other trees are invisible to it."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "erp_connector",
        "permissions": {"categories": {"own": ["master"]}, **_ALL_LOCALES_AND_GROUPS},
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat",
             "expect": {"status": 200}},
            {"method": "PATCH", "path": f"{API}/products/cap",
             "body": _value("price", None, "21.90"),
             "expect": {"status": 204, "effect": "applied"}},
            {"method": "DELETE", "path": f"{API}/products/cap",
             "expect": {"status": 204, "effect": "applied"}},
            {"method": "GET", "path": f"{API}/products/braided_hat",
             "expect": {"status": 404, "effect": "invisible", "decided_by": "category"}},
            {"method": "GET", "path": f"{API}/products/wool_scarf",
             "expect": {"status": 200}},
        ],
    },
    "hat-and-braided-hat": {
        "title": "Hat and Braided hat: an App owning the Ecommerce tree",
        "notes": (
            "Hat is classified in the Master catalog and Ecommerce trees, Braided hat in "
            "Print only. With Own on Ecommerce, your App may update and delete Hat; it "
            "cannot retrieve or update Braided hat."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "erp_connector",
        "permissions": {"categories": {"own": ["ecommerce"]}, **_ALL_LOCALES_AND_GROUPS},
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat",
             "expect": {"status": 200}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": _value("name", "en_US", "Straw hat"),
             "expect": {"status": 204, "effect": "applied"}},
            {"method": "DELETE", "path": f"{API}/products/hat",
             "expect": {"status": 204, "effect": "applied"}},
            {"method": "GET", "path": f"{API}/products/braided_hat",
             "expect": {"status": 404, "effect": "invisible",
                        "message": 'Product "braided_hat" does not exist'}},
            {"method": "PATCH", "path": f"{API}/products/braided_hat",
             "body": _value("name", "en_US", "Braided straw hat"),
             "expect": {"status": 404, "effect": "invisible"}},
            {"method": "POST", "path": f"{API}/products",
             "body": {"identifier": "summer_hat", "family": "accessories",
                      "categories": ["ecommerce_summer_hats"]},
             "expect": {"status": 201, "effect": "applied"}},
        ],
    },
    "translation-app": {
        "title": "A translation App: View on French, Edit on English and German",
        "notes": (
            "Your App translates from French into English and German, so it may only view "
            "fr_FR. With Edit (not Own) on the trees, its updates become drafts for you to "
            "proofread."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "translation_app",
        "permissions": {
            "categories": {"edit_all": True},
            "locales": {"edit": ["en_US", "de_DE"], "view": ["fr_FR"]},
            "attribute_groups": {"edit_all": True},
        },
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat",
             "expect": {"status": 200}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": _value("name", "fr_FR", "Chapeau de paille"),
             "expect": {"status": 403, "effect": "refused", "decided_by": "locale",
                        "message": 'You only have a view permission on the locale "fr_FR".'}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": _value("name", "en_US", "Straw hat"),
             "expect": {"status": 204, "effect": "draft"}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": _value("name", "de_DE", "Strohhut"),
             "expect": {"status": 204, "effect": "draft"}},
        ],
    },
    "ecommerce-attribute-groups": {
        "title": "An e-commerce App: View on the ecommerce, marketing and media groups",
        "notes": (
            "Your e-commerce App sees the values of the E-commerce, Marketing and Media "
            "groups, without changing them; the values of the ERP and Technical groups do "
            "not exist for it."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "ecommerce_app",
        "permissions": {
            "categories": {"view_all": True},
            "locales": {"view_all": True},
            "attribute_groups": {"view": ["ecommerce", "marketing", "media"]},
        },
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat",
             "expect": {"status": 200}},
            {"method": "GET", "path": f"{API}/products",
             "query": {"search": '{"erp_code":[{"operator":"=","value":"ERP-10042"}]}'},
             "expect": {"status": 422, "message": 'Attribute "erp_code" does not exist.'}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": _value("seo_title", "en_US", "Straw hat for the beach"),
             "expect": {"status": 403, "decided_by": "scope"}},
        ],
    },
    "no-scope-app": {
        "title": "An App that asks no scope",
        "notes": (
            "No specific authorizations have been requested: the App can still list the "
            "API endpoints and read the system information, but no product endpoint."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "no_scope_app",
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat",
             "expect": {"status": 403, "effect": "refused", "decided_by": "scope"}},
            {"method": "GET", "path": f"{API}/products",
             "expect": {"status": 403, "effect": "refused", "decided_by": "scope"}},
            {"method": "GET", "path": API,
             "expect": {"status": 200, "effect": "applied", "decided_by": "scope"}},
            {"method": "GET", "path": f"{API}/system-information",
             "expect": {"status": 200, "effect": "applied", "decided_by": "scope"}},
        ],
    },
    "user-without-manage-apps": {
        "title": "A user whose role lacks Manage apps",
        "notes": (
            "The Connect button is disabled: the user has to ask an administrator. "
            "Nothing is granted: the App gets no access token, so none of its calls is "
            "answered."
        ),
        "catalog": "article",
        "edition": "EE",
        "app": "erp_connector",
        "user": {"manage_apps": False},
        "permissions": {"categories": {"own": ["master"]}, **_ALL_LOCALES_AND_GROUPS},
        "requests": [
            {"method": "GET", "path": f"{API}/products/hat"},
        ],
    },
}

def _line(identifier: str, **values: JsonValue) -> dict[str, JsonValue]:
    """A line of a bulk PATCH: a product and the values it sets, none localizable."""
    return {"identifier": identifier,
            "values": {code: [{"locale": None, "scope": None, "data": data}] for code, data in values.items()}}


def _price(*prices: tuple[str, str]) -> list[JsonValue]:
    return [{"amount": amount, "currency": currency} for amount, currency in prices]


_CAP_UUID: Final = "7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d03"
_HAT_UUID: Final = "7a3c1d0e-5f2b-4a8e-9c61-3e8f2a4b6d01"

_PRESETS.update({
    "erp-sync-prices-stock": {
        "title": "An ERP App syncing prices and stock with a bulk PATCH",
        "notes": (
            "The ERP owns the Master catalog tree and sends its prices and stock levels every night in one "
            "bulk PATCH of JSON lines. Each line is answered on its own, as the same PATCH sent alone would be: "
            "a product of another tree does not exist for it, a stock level with decimals and a price in a "
            "currency no channel uses are refused, the other lines are applied."
        ),
        "catalog": "shop",
        "edition": "EE",
        "app": "erp_connector",
        "permissions": {"categories": {"own": ["master"]}, **_ALL_LOCALES_AND_GROUPS},
        "requests": [
            {"method": "PATCH", "path": f"{API}/products",
             "body": [
                 _line("cap", price=_price(("21.90", "EUR"), ("23.50", "USD")), stock=75),
                 _line("hat", price=_price(("29.90", "EUR")), stock=118),
                 _line("braided_hat", stock=30),
                 _line("wool_scarf", stock="12.5"),
                 _line("tshirt_red_s", price=_price(("15.00", "GBP"))),
             ],
             "expect": {"status": 200, "lines": [204, 204, 404, 422, 422]}},
            {"method": "GET", "path": f"{API}/products-uuid/{_CAP_UUID}",
             "expect": {"status": 200, "effect": "applied"}},
            {"method": "PATCH", "path": f"{API}/products/cap",
             "body": {"values": {"weight": [{"locale": None, "scope": None,
                                             "data": {"amount": "95", "unit": "GRAM"}}]}},
             "expect": {"status": 204, "effect": "applied"}},
            {"method": "PATCH", "path": f"{API}/products/cap",
             "body": {"values": {"price": [{"locale": None, "scope": None, "data": "21.90"}]}},
             "expect": {"status": 422, "message": 'The data format sent for the "price" attribute is wrong.'}},
            {"method": "GET", "path": f"{API}/categories?limit=3",
             "expect": {"status": 200}},
        ],
    },
    "ecommerce-channel-app": {
        "title": "An e-commerce App that reads one channel",
        "notes": (
            "The e-commerce App publishes the ecommerce channel: View on its tree, its two locales and the "
            "marketing, ecommerce and media groups. It reads the channel's values with scope=ecommerce; a "
            "locale the channel does not have, and a category of another tree, are refused."
        ),
        "catalog": "shop",
        "edition": "EE",
        "app": "ecommerce_app",
        "permissions": {
            "categories": {"view": ["ecommerce"]},
            "locales": {"view": ["en_US", "fr_FR"]},
            "attribute_groups": {"view": ["marketing", "ecommerce", "media"]},
        },
        "requests": [
            {"method": "GET", "path": f"{API}/products?scope=ecommerce&locales=en_US&limit=10",
             "expect": {"status": 200, "effect": "applied"}},
            {"method": "GET", "path": f"{API}/products-uuid/{_HAT_UUID}?scope=ecommerce",
             "expect": {"status": 200}},
            {"method": "GET", "path": f"{API}/products?scope=ecommerce&locales=de_DE",
             "expect": {"status": 422, "message": 'Locale "de_DE" is not activated for the scope "ecommerce".'}},
            {"method": "GET", "path": f"{API}/channels/ecommerce",
             "expect": {"status": 200}},
            {"method": "GET", "path": f"{API}/categories/print",
             "expect": {"status": 404, "message": 'Category "print" does not exist.'}},
            {"method": "GET", "path": f"{API}/products",
             "query": {"search": '{"seo_title":[{"operator":"CONTAINS","value":"hat","locale":"en_US"}]}'},
             "expect": {"status": 422, "message": 'Attribute "seo_title" expects a scope, none given.'}},
            {"method": "PATCH", "path": f"{API}/products/hat",
             "body": {"values": {"seo_title": [{"locale": "en_US", "scope": "ecommerce", "data": "Straw hat"}]}},
             "expect": {"status": 403, "decided_by": "scope"}},
        ],
    },
})

PRESET_IDS: Final[tuple[str, ...]] = tuple(_PRESETS)


class UnknownPresetError(ValueError):
    """A preset id that is not in :data:`PRESET_IDS`."""


@lru_cache(maxsize=None)
def preset(preset_id: str) -> Scenario:
    """The preset as a scenario; it remembers its id, so its links stay short."""
    if preset_id not in _PRESETS:
        raise UnknownPresetError(
            f'unknown preset "{preset_id}"; known presets: {", ".join(PRESET_IDS)}'
        )
    return scenario_from_dict({"version": 1, "preset": preset_id, **_PRESETS[preset_id]})


def presets() -> tuple[Scenario, ...]:
    return tuple(preset(preset_id) for preset_id in PRESET_IDS)
