"""The catalog file's channels, currencies, typed attributes, families and uuids.

The attribute types are the PIM's type codes (``AttributeTypes`` in
akeneo/pim-community-dev); a value's data is in the REST API's format for its type, as
the API reference documents it (a metric ``{"amount", "unit"}``, prices
``[{"amount", "currency"}]``, option codes)."""

from __future__ import annotations

import copy
import uuid
from typing import Any, Callable

import pytest

from simulator.formats import CatalogError, catalog_from_dict, catalog_to_dict, dump_catalog, load_catalog
from simulator.model import (
    METRIC,
    PRICE_COLLECTION,
    SIMPLE_SELECT,
    TEXT,
    Value,
    derived_uuid,
    product_uuid,
)


def typed() -> dict[str, Any]:
    """A small typed catalog: two channels, each field of the new parts once at least."""
    return {
        "code": "typed",
        "locales": [{"code": "en_US"}, {"code": "fr_FR"}, {"code": "de_DE"}],
        "currencies": [{"code": "EUR", "label": "Euro"}, {"code": "USD"}, {"code": "GBP", "enabled": False}],
        "channels": [
            {"code": "ecommerce", "labels": {"en_US": "Ecommerce"}, "category_tree": "master",
             "locales": ["en_US", "fr_FR"], "currencies": ["EUR", "USD"]},
            {"code": "print", "category_tree": "print", "locales": ["de_DE"], "currencies": ["EUR"],
             "conversion_units": {"weight": "GRAM"}},
        ],
        "measurement_families": [
            {"code": "Weight", "standard_unit": "KILOGRAM", "units": ["GRAM", "KILOGRAM"]},
        ],
        "attribute_groups": [{"code": "marketing"}, {"code": "erp"}],
        "attributes": [
            {"code": "sku", "type": "pim_catalog_identifier", "group": "erp"},
            {"code": "name", "group": "marketing", "localizable": True},
            {"code": "seo_title", "group": "marketing", "localizable": True, "scopable": True},
            {"code": "teaser", "group": "marketing", "scopable": True},
            {"code": "price", "type": "pim_catalog_price_collection", "group": "erp"},
            {"code": "weight", "type": "pim_catalog_metric", "group": "erp",
             "metric_family": "Weight", "default_metric_unit": "KILOGRAM"},
            {"code": "color", "type": "pim_catalog_simpleselect", "group": "marketing",
             "options": [{"code": "red", "labels": {"en_US": "Red"}}, {"code": "blue"}]},
            {"code": "tags", "type": "pim_catalog_multiselect", "group": "marketing",
             "options": [{"code": "new"}, {"code": "sale"}]},
            {"code": "stock", "type": "pim_catalog_number", "group": "erp", "decimals_allowed": False},
            {"code": "on_sale", "type": "pim_catalog_boolean", "group": "erp"},
            {"code": "release", "type": "pim_catalog_date", "group": "erp"},
        ],
        "families": [
            {"code": "accessories", "attributes": ["sku", "name", "price", "weight"],
             "attribute_as_label": "name", "attribute_requirements": {"ecommerce": ["sku", "name"]}},
        ],
        "association_types": [{"code": "X_SELL", "labels": {"en_US": "Cross sell"}}],
        "categories": [{"code": "master"}, {"code": "master_hats", "parent": "master"}, {"code": "print"}],
        "products": [
            {"identifier": "hat", "family": "accessories", "categories": ["master_hats"],
             "uuid": "0b6f3e4e-6a57-4d3c-9b1e-2f2b8f0f4a10",
             "values": {
                 "name": {"en_US": "Hat"},
                 "seo_title": {"ecommerce": {"en_US": "Straw hat", "fr_FR": "Chapeau"}},
                 "teaser": {"print": "Sunny"},
                 "price": [{"amount": "25.00", "currency": "USD"}, {"amount": "22.00", "currency": "EUR"}],
                 "weight": {"amount": "0.2", "unit": "KILOGRAM"},
                 "color": "red",
                 "tags": ["sale", "new"],
                 "stock": 12,
                 "on_sale": True,
                 "release": "2024-05-01",
             },
             "associations": {"X_SELL": {"products": ["cap"]}}},
            {"identifier": "cap", "family": "accessories",
             "values": {"price": [{"locale": None, "scope": None, "data": [{"amount": 9, "currency": "EUR"}]}]}},
        ],
    }


def test_a_typed_catalog_reads_every_part() -> None:
    catalog = catalog_from_dict(typed())

    assert [c.code for c in catalog.channels] == ["ecommerce", "print"]
    assert catalog.channel_by_code["ecommerce"].locales == ("en_US", "fr_FR")
    assert catalog.activated_currencies == {"EUR", "USD"}
    assert catalog.identifier_attribute is not None and catalog.identifier_attribute.code == "sku"
    assert catalog.attribute_by_code["price"].type == PRICE_COLLECTION
    assert catalog.attribute_by_code["name"].type == TEXT  # the type when none is said
    assert catalog.attribute_by_code["color"].option_codes == {"red", "blue"}
    assert catalog.family_by_code["accessories"].attribute_requirements == {"ecommerce": ("sku", "name")}
    hat, cap = catalog.products
    values = {value.key: value.data for value in hat.values}
    assert values[("seo_title", "fr_FR", "ecommerce")] == "Chapeau"
    assert values[("teaser", None, "print")] == "Sunny"
    # Prices are kept sorted by currency and options sorted, as the PIM stores them
    # (PriceCollectionValueFactory::sortByCurrency, OptionsValueFactory sorts).
    assert values[("price", None, None)] == [{"amount": "22.00", "currency": "EUR"},
                                             {"amount": "25.00", "currency": "USD"}]
    assert values[("tags", None, None)] == ["new", "sale"]
    assert cap.values == (Value("price", None, [{"amount": 9, "currency": "EUR"}], None),)
    assert product_uuid(hat) == "0b6f3e4e-6a57-4d3c-9b1e-2f2b8f0f4a10"


def test_a_product_without_uuid_gets_a_stable_uuid_4() -> None:
    cap = catalog_from_dict(typed()).product_by_identifier["cap"]

    given = uuid.UUID(product_uuid(cap))
    assert given.version == 4
    assert product_uuid(cap) == derived_uuid("cap") == str(given)
    assert derived_uuid("cap") != derived_uuid("hat")


def test_a_typed_catalog_survives_a_round_trip() -> None:
    catalog = catalog_from_dict(typed())

    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog
    assert catalog_to_dict(catalog_from_dict(catalog_to_dict(catalog))) == catalog_to_dict(catalog)


def test_the_shipped_catalogs_keep_loading_with_the_defaults() -> None:
    article = load_catalog("article")

    assert all(a.type == TEXT and not a.scopable for a in article.attributes)
    assert [f.code for f in article.all_families] == ["clothing", "accessories"]
    assert [t.code for t in article.all_association_types] == ["X_SELL"]
    assert dump_catalog(catalog_from_dict(catalog_to_dict(article))) == dump_catalog(article)


Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


HAT = ("products", 0, "values")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_set(("channels", 0, "category_tree"), "master_hats"),
         'channels[0].category_tree: "master_hats" is not a root category: a channel publishes a whole tree'),
        (_set(("channels", 0, "category_tree"), "x"),
         'channels[0].category_tree: "x" is not a category: a channel publishes a whole tree'),
        (_set(("channels", 0, "locales"), ["en_US", "nl_BE"]),
         'channels[0].locales[1]: unknown locale "nl_BE"'),
        (_set(("channels", 0, "locales"), []), "channels[0].locales: a channel has at least one locale"),
        (_set(("channels", 0, "currencies"), ["EUR", "JPY"]), 'channels[0].currencies[1]: unknown currency "JPY"'),
        (_set(("channels", 1, "code"), "ecommerce"), 'channels[1].code: duplicate channel "ecommerce"'),
        (_set(("channels", 1, "conversion_units"), {"weight": "TON"}),
         'channels[1].conversion_units.weight: unknown unit "TON" of the measurement family "Weight"'),
        (_set(("channels", 1, "conversion_units"), {"name": "GRAM"}),
         'channels[1].conversion_units.name: "name" is not a metric attribute'),
        (_set(("attributes", 4, "type"), "pim_catalog_price"),
         'attributes[4].type: unknown attribute type "pim_catalog_price"; known types: '
         "pim_catalog_identifier, pim_catalog_text, pim_catalog_textarea, pim_catalog_number, pim_catalog_metric, "
         "pim_catalog_price_collection, pim_catalog_boolean, pim_catalog_date, pim_catalog_simpleselect, "
         "pim_catalog_multiselect, pim_catalog_image, pim_catalog_file, pim_reference_data_simpleselect, "
         "pim_reference_data_multiselect, akeneo_reference_entity, akeneo_reference_entity_collection, "
         "pim_catalog_asset_collection"),
        (_set(("attributes", 0, "localizable"), True),
         "attributes[0]: an identifier attribute is neither localizable nor scopable"),
        (_set(("attributes", 3, "type"), "pim_catalog_identifier"),
         "attributes[3]: an identifier attribute is neither localizable nor scopable"),
        (_set(("attributes", 7, "type"), "pim_catalog_identifier"),
         "attributes[7].options: only simple and multi select attributes have options"),
        (_set(("attributes", 8, "type"), "pim_catalog_identifier"),
         "attributes[8].type: a catalog has one identifier attribute"),
        (_set(("attributes", 5, "metric_family"), "Length"),
         'attributes[5].metric_family: unknown measurement family "Length"'),
        (_set(("attributes", 5, "default_metric_unit"), "TON"),
         'attributes[5].default_metric_unit: unknown unit "TON" of the measurement family "Weight"'),
        (_set(("attributes", 1, "options"), [{"code": "a"}]),
         "attributes[1].options: only simple and multi select attributes have options"),
        (_set(("attributes", 6, "options"), [{"code": "red"}, {"code": "red"}]),
         'attributes[6].options[1].code: duplicate option "red"'),
        (_set(("families", 0, "attributes"), ["sku", "colour"]), 'families[0].attributes[1]: unknown attribute "colour"'),
        (_set(("families", 0, "attribute_as_label"), "color"),
         'families[0].attribute_as_label: "color" is not one of the family\'s attributes'),
        (_set(("families", 0, "attribute_requirements"), {"mobile": ["sku"]}),
         'families[0].attribute_requirements.mobile: unknown channel "mobile"'),
        (_set(("products", 0, "family"), "shoes"), 'products[0].family: unknown family "shoes"'),
        (_set(("products", 0, "associations"), {"UPSELL": {}}),
         'products[0].associations.UPSELL: unknown association type "UPSELL"'),
        (_set(("products", 1, "uuid"), "not-a-uuid"), 'products[1].uuid: "not-a-uuid" is not a uuid'),
        (_set(("products", 1, "uuid"), "0b6f3e4e-6a57-4d3c-9b1e-2f2b8f0f4a10"),
         'products[1].uuid: duplicate product uuid "0b6f3e4e-6a57-4d3c-9b1e-2f2b8f0f4a10"'),
        (_set((*HAT, "seo_title"), {"en_US": "Straw hat"}),
         'products[0].values.seo_title.en_US: "seo_title" is localizable: give its value per locale, '
         "as an object, not a string"),
        (_set((*HAT, "seo_title"), {"mobile": {"en_US": "Straw hat"}}),
         'products[0].values.seo_title.mobile.en_US: unknown channel "mobile"'),
        (_set((*HAT, "seo_title"), {"ecommerce": {"de_DE": "Strohhut"}}),
         'products[0].values.seo_title.ecommerce.de_DE: the locale "de_DE" is not one of the channel '
         "\"ecommerce\"'s locales"),
        (_set((*HAT, "teaser"), "Sunny"),
         'products[0].values.teaser: "teaser" is scopable: give its value per channel, as an object, not a string'),
        (_set((*HAT, "price"), [{"amount": "1", "currency": "GBP"}]),
         'products[0].values.price[0].currency: "GBP" is not an activated currency'),
        (_set((*HAT, "price"), "21.90"), "products[0].values.price: expected a list of prices, got a string"),
        (_set((*HAT, "price"), [{"amount": "1"}]), "products[0].values.price[0].currency: missing"),
        (_set((*HAT, "weight"), "0.2 kg"), "products[0].values.weight: expected an object, got a string"),
        (_set((*HAT, "weight"), {"amount": "heavy", "unit": "KILOGRAM"}),
         'products[0].values.weight.amount: expected a number, got "heavy"'),
        (_set((*HAT, "color"), "green"), 'products[0].values.color: unknown option "green" of "color"'),
        (_set((*HAT, "tags"), ["new", "old"]), 'products[0].values.tags[1]: unknown option "old" of "tags"'),
        (_set((*HAT, "tags"), "new"), "products[0].values.tags: expected a list of codes, got a string"),
        (_set((*HAT, "stock"), True), "products[0].values.stock: expected a number, got a boolean"),
        (_set((*HAT, "on_sale"), "yes"), "products[0].values.on_sale: expected true or false, got a string"),
        (_set((*HAT, "release"), "01/05/2024"),
         'products[0].values.release: expected a date as YYYY-MM-DD, got "01/05/2024"'),
        (_set((*HAT, "name"), [{"locale": None, "scope": None, "data": "Hat"}]),
         'products[0].values.name[0].data: "name" is localizable: its value needs a locale'),
        (_set((*HAT, "name"), [{"locale": "en_US", "scope": "ecommerce", "data": "Hat"}]),
         'products[0].values.name[0].data: "name" is not scopable: its value takes no channel'),
    ],
)
def test_a_bad_typed_catalog_is_refused_with_the_path_of_the_bad_field(edit: Edit, message: str) -> None:
    data = copy.deepcopy(typed())
    edit(data)
    with pytest.raises(CatalogError) as error:
        catalog_from_dict(data)
    assert str(error.value) == message


def test_types_and_channels_are_kept_in_the_attribute_objects() -> None:
    catalog = catalog_from_dict(typed())

    weight = catalog.attribute_by_code["weight"]
    assert (weight.type, weight.metric_family, weight.default_metric_unit) == (METRIC, "Weight", "KILOGRAM")
    assert catalog.attribute_by_code["color"].type == SIMPLE_SELECT
    assert catalog.channel_by_code["print"].conversion_units == {"weight": "GRAM"}
