"""Loading catalogs: the JSON format, its validation messages, the shipped catalogs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from simulator.formats import (
    SHIPPED_CATALOGS,
    CatalogError,
    catalog_from_dict,
    catalog_to_dict,
    dump_catalog,
    load_catalog,
)
from simulator.model import Association, Value

DATA = Path(__file__).resolve().parent.parent / "simulator" / "data"


def minimal() -> dict[str, Any]:
    """A small valid catalog: every kind of field appears once at least."""
    return {
        "code": "mini",
        "locales": [{"code": "en_US"}, {"code": "fr_FR"}],
        "attribute_groups": [{"code": "marketing"}, {"code": "erp"}],
        "attributes": [
            {"code": "name", "group": "marketing", "localizable": True},
            {"code": "price", "group": "erp"},
        ],
        "categories": [
            {"code": "master"},
            {"code": "master_hats", "parent": "master"},
            {"code": "print"},
        ],
        "product_models": [
            {"code": "tshirt", "categories": ["master"]},
            {"code": "tshirt_red", "parent": "tshirt"},
        ],
        "products": [
            {"identifier": "hat", "categories": ["master_hats"],
             "values": {"name": {"en_US": "Hat"}, "price": "10"},
             "groups": ["summer"],
             # "cap" comes later in the list: links may point forward.
             "associations": {"X_SELL": {"products": ["cap"], "product_models": ["tshirt"]}}},
            {"identifier": "scarf"},
            {"identifier": "tshirt_red_s", "parent": "tshirt_red"},
            {"identifier": "cap", "categories": ["print"]},
        ],
    }


Edit = Callable[[dict[str, Any]], None]


def _set(path: tuple[Any, ...], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def _delete(path: tuple[Any, ...]) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return edit


def _append(key: str, item: Any) -> Edit:
    return lambda data: data[key].append(item)


# The validator's messages, each with the path of the bad field (issue 3, part 1; the
# cycles matter because reference §4 walks parents to collect a product's categories).
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_set(("products", 3, "categories", 0), "x"),
         'products[3].categories[0]: unknown category "x"'),
        (_set(("products", 0, "categories"), "master_hats"),
         "products[0].categories: expected a list, got a string"),
        (_set(("products", 0, "categories"), ["master_hats", "master_hats"]),
         'products[0].categories[1]: category "master_hats" given twice'),
        (_set(("products", 1, "enabled"), "yes"),
         "products[1].enabled: expected true or false, got a string"),
        (_set(("products", 1, "identifier"), 42),
         "products[1].identifier: expected a string, got a number"),
        (_set(("products", 1, "identifier"), "  "),
         "products[1].identifier: must not be empty"),
        (_set(("products", 1, "identifier"), "hat"),
         'products[1].identifier: duplicate product "hat"'),
        (_set(("products", 1), ["scarf"]),
         "products[1]: expected an object, got a list"),
        (_delete(("products", 1, "identifier")),
         "products[1].identifier: missing"),
        (_set(("products", 1, "colour"), "red"),
         "products[1].colour: unknown field; expected one of associations, categories, enabled, family, "
         "groups, identifier, labels, parent, uuid, values"),
        (_set(("products", 2, "parent"), "polo"),
         'products[2].parent: unknown product model "polo"'),
        (_set(("products", 0, "values", "colour"), "red"),
         'products[0].values.colour: unknown attribute "colour"'),
        (_set(("products", 0, "values", "price"), {"en_US": "10"}),
         'products[0].values.price: "price" is not localizable: its value takes no locale'),
        (_set(("products", 0, "values", "name"), "Hat"),
         'products[0].values.name: "name" is localizable: give its value per locale, '
         "as an object, not a string"),
        (_set(("products", 0, "values", "name"), {"de_DE": "Hut"}),
         'products[0].values.name.de_DE: unknown locale "de_DE"'),
        (_set(("products", 0, "values", "price"), 10),
         "products[0].values.price: expected a string, got a number"),
        (_set(("products", 0, "values", "name", "en_US"), None),
         "products[0].values.name.en_US: expected a string, got null"),
        (_set(("products", 0, "values"), []),
         "products[0].values: expected an object, got a list"),
        (_set(("products", 0, "labels"), {"en_US": 1}),
         "products[0].labels.en_US: expected a string, got a number"),
        (_set(("categories", 1, "parent"), "masterr"),
         'categories[1].parent: unknown category "masterr"'),
        (_append("categories", {"code": "master_hats"}),
         'categories[3].code: duplicate category "master_hats"'),
        (_set(("categories", 0, "parent"), "master_hats"),
         "categories[0].parent: cycle in categories: master → master_hats → master"),
        (_set(("categories", 2, "parent"), "print"),
         "categories[2].parent: cycle in categories: print → print"),
        (_set(("attributes", 1, "group"), "logistics"),
         'attributes[1].group: unknown attribute group "logistics"'),
        (_set(("attributes", 1, "code"), "name"),
         'attributes[1].code: duplicate attribute "name"'),
        (_set(("attributes", 0, "localizable"), "true"),
         "attributes[0].localizable: expected true or false, got a string"),
        (_append("attribute_groups", {"code": "erp"}),
         'attribute_groups[2].code: duplicate attribute group "erp"'),
        (_append("locales", {"code": "en_US"}),
         'locales[2].code: duplicate locale "en_US"'),
        (_set(("locales",), {"en_US": "English"}),
         "locales: expected a list, got an object"),
        (_set(("product_models", 0, "parent"), "tshirt_red"),
         "product_models[0].parent: cycle in product models: "
         "tshirt → tshirt_red → tshirt"),
        (_set(("product_models", 1, "parent"), "polo"),
         'product_models[1].parent: unknown product model "polo"'),
        (_set(("product_models", 0, "categories", 0), "x"),
         'product_models[0].categories[0]: unknown category "x"'),
        (_set(("products", 2, "associations"), {"X_SELL": {"products": ["x"]}}),
         'products[2].associations.X_SELL.products[0]: unknown product "x"'),
        (_set(("products", 0, "associations", "X_SELL", "product_models"), ["tshirt", "polo"]),
         'products[0].associations.X_SELL.product_models[1]: unknown product model "polo"'),
        (_set(("product_models", 0, "associations"), {"PACK": {"products": ["hat", "x"]}}),
         'product_models[0].associations.PACK.products[1]: unknown product "x"'),
        (_set(("products", 0, "associations", "X_SELL", "products"), ["cap", "cap"]),
         'products[0].associations.X_SELL.products[1]: product "cap" given twice'),
        (_set(("products", 0, "associations", "X_SELL", "products"), "cap"),
         "products[0].associations.X_SELL.products: expected a list, got a string"),
        (_set(("products", 0, "associations", "X_SELL", "products"), [3]),
         "products[0].associations.X_SELL.products[0]: expected a string, got a number"),
        (_set(("products", 0, "associations", "X_SELL", "groups"), []),
         "products[0].associations.X_SELL.groups: unknown field; expected one of product_models, products"),
        (_set(("products", 0, "associations", "X_SELL"), ["cap"]),
         "products[0].associations.X_SELL: expected an object, got a list"),
        (_set(("products", 0, "associations"), [{"X_SELL": {}}]),
         "products[0].associations: expected an object, got a list"),
        (_set(("products", 0, "associations", " "), {}),
         'products[0].associations[" "]: must not be empty'),
        (_set(("products", 0, "groups"), ["summer", "summer"]),
         'products[0].groups[1]: group "summer" given twice'),
        (_set(("products", 0, "groups"), "summer"),
         "products[0].groups: expected a list, got a string"),
        (_set(("products", 0, "groups"), [""]),
         "products[0].groups[0]: must not be empty"),
        (_set(("product_models", 0, "groups"), ["summer"]),
         "product_models[0].groups: unknown field; expected one of associations, categories, code, family, "
         "family_variant, parent, values"),
        (_delete(("categories",)), "categories: missing"),
        (_set(("format",), 2), "format: unknown format version 2; this simulator reads version 1"),
        (_set(("label",), None), "label: expected a string, got null"),
    ],
)
def test_a_bad_catalog_is_refused_with_the_path_of_the_bad_field(
    edit: Edit, message: str
) -> None:
    data = minimal()
    edit(data)
    with pytest.raises(CatalogError) as error:
        catalog_from_dict(data)
    assert str(error.value) == message


def test_the_error_carries_its_path_apart() -> None:
    data = minimal()
    data["products"][3]["categories"][0] = "x"
    with pytest.raises(CatalogError) as error:
        catalog_from_dict(data)
    assert error.value.path == "products[3].categories[0]"


@pytest.mark.parametrize("data", [None, [], "catalog", 3])
def test_something_else_than_an_object_is_refused(data: object) -> None:
    with pytest.raises(CatalogError, match="^expected an object, got "):
        catalog_from_dict(data)


def _unicode_codes(data: dict[str, Any]) -> None:
    data["categories"][2]["code"] = "impression_été_✓"
    data["products"][3]["categories"] = ["impression_été_✓"]
    data["products"][3]["identifier"] = "casquette_n°1"
    data["products"][0]["associations"]["X_SELL"]["products"] = ["casquette_n°1"]


# Odd but valid catalogs load.
@pytest.mark.parametrize(
    "edit",
    [
        _append("categories", {"code": "empty_tree"}),
        _set(("products",), []),
        _delete(("products",)),
        _set(("categories",), [{"code": "child", "parent": "root"}, {"code": "root"},
                               {"code": "master"}, {"code": "master_hats"},
                               {"code": "print"}]),
        _unicode_codes,
        _set(("products", 1, "labels"), {"en_US": '<script>alert("x")</script>'}),
        _append("locales", {"code": "xx_XX", "label": "A locale without values"}),
    ],
)
def test_odd_but_valid_catalogs_load(edit: Edit) -> None:
    data = minimal()
    edit(data)
    catalog_from_dict(data)


def test_an_empty_catalog_loads() -> None:
    empty = {"code": "empty", "locales": [], "attribute_groups": [], "attributes": [],
             "categories": []}
    catalog = catalog_from_dict(empty)
    assert (catalog.trees, catalog.products, catalog.label) == ((), (), "empty")


def test_names_full_of_markup_are_kept_as_data() -> None:
    data = minimal()
    data["products"][0]["values"]["name"]["en_US"] = '<img src=x onerror="alert(1)">'
    catalog = catalog_from_dict(data)
    assert catalog.products[0].values[0] == Value(
        "name", "en_US", '<img src=x onerror="alert(1)">'
    )


def test_associations_and_groups_are_loaded_and_dumped() -> None:
    data = minimal()
    data["product_models"][0]["associations"] = {"PACK": {"products": ["scarf"]}}
    catalog = catalog_from_dict(data)
    hat = catalog.product_by_identifier["hat"]
    assert hat.groups == ("summer",)
    assert hat.associations == (Association("X_SELL", ("cap",), ("tshirt",)),)
    assert catalog.product_model_by_code["tshirt"].associations == (Association("PACK", ("scarf",)),)
    dumped = catalog_to_dict(catalog)
    assert dumped["products"][0]["groups"] == ["summer"]  # type: ignore[index]
    assert dumped["products"][0]["associations"] == {  # type: ignore[index]
        "X_SELL": {"products": ["cap"], "product_models": ["tshirt"]},
    }
    assert dumped["product_models"][0]["associations"] == {"PACK": {"products": ["scarf"]}}  # type: ignore[index]
    assert "associations" not in dumped["products"][1]  # type: ignore[index]
    assert catalog_from_dict(json.loads(dump_catalog(catalog))) == catalog


def test_an_association_type_may_link_nothing() -> None:
    data = minimal()
    data["products"][1]["associations"] = {"UPSELL": {}}
    catalog = catalog_from_dict(data)
    assert catalog.product_by_identifier["scarf"].associations == (Association("UPSELL"),)
    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog


def test_a_variant_takes_the_categories_of_its_models() -> None:
    # reference §4: a product's categories include its parent and grand-parent models'.
    catalog = catalog_from_dict(minimal())
    variant = catalog.product_by_identifier["tshirt_red_s"]
    assert catalog.categories_of(variant) == {"master"}


@pytest.mark.parametrize("name", SHIPPED_CATALOGS)
def test_shipped_catalogs_round_trip(name: str) -> None:
    catalog = load_catalog(name)
    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog
    assert catalog_from_dict(json.loads(dump_catalog(catalog))) == catalog


def test_load_catalog_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    assert load_catalog(str(path)).code == "mini"


def test_load_catalog_names_what_it_cannot_find() -> None:
    with pytest.raises(CatalogError) as error:
        load_catalog("articel")
    assert str(error.value) == (
        'no catalog "articel": neither a shipped catalog (article, large, shop) nor a file'
    )


def test_load_catalog_reports_broken_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"code": "x",}', encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_catalog(str(path))
    assert str(error.value) == (
        f"{path}: not valid JSON (line 1, column 14)"
    )


# The article's catalog (the article's Category trees and Example sections; reference §5
# for the attribute groups).


def test_the_article_catalog_has_the_articles_trees() -> None:
    catalog = load_catalog("article")
    assert [(tree.code, tree.labels["en_US"]) for tree in catalog.trees] == [
        ("master", "Master catalog"),
        ("ecommerce", "Ecommerce"),
        ("print", "Print"),
    ]
    assert catalog.locale_codes == ("en_US", "fr_FR", "de_DE")
    assert [g.code for g in catalog.attribute_groups] == [
        "marketing", "ecommerce", "media", "erp", "technical",
    ]


@pytest.mark.parametrize(
    ("identifier", "label", "trees"),
    [
        ("hat", "Hat", {"master", "ecommerce"}),
        ("braided_hat", "Braided hat", {"print"}),
        ("cap", "Cap", {"master"}),
        ("wool_scarf", "Wool scarf", set()),
        ("tshirt_red_s", "Crew neck T-shirt red S", {"ecommerce"}),
        ("tshirt_blue_m", "Crew neck T-shirt blue M", {"ecommerce"}),
    ],
)
def test_the_article_catalog_classifies_its_products(
    identifier: str, label: str, trees: set[str]
) -> None:
    catalog = load_catalog("article")
    product = catalog.product_by_identifier[identifier]
    assert product.labels["en_US"] == label
    roots = {catalog.root_by_category[code] for code in catalog.categories_of(product)}
    assert roots == trees


def test_the_article_catalog_variants_are_unclassified_themselves() -> None:
    catalog = load_catalog("article")
    variants = [p for p in catalog.products if p.parent is not None]
    assert variants and all(p.categories == () for p in variants)
    assert catalog.product_model_by_code["tshirt_red"].parent == "tshirt"


def test_the_hat_has_values_in_the_three_locales() -> None:
    hat = load_catalog("article").product_by_identifier["hat"]
    names = {v.locale: v.data for v in hat.values if v.attribute == "name"}
    assert names == {"en_US": "Hat", "fr_FR": "Chapeau", "de_DE": "Hut"}


def test_the_large_catalog_is_realistic_and_small_enough() -> None:
    catalog = load_catalog("large")
    assert 300 <= len(catalog.products) <= 600
    assert max(_depth(catalog, c.code) for c in catalog.categories) == 4
    assert [t.labels["en_US"] for t in catalog.trees] == [
        "Master catalog", "Ecommerce", "Print",
    ]
    assert any(not catalog.categories_of(p) for p in catalog.products)
    assert (DATA / "large.json").stat().st_size < 1_000_000


def test_the_large_catalog_file_is_what_the_generator_prints() -> None:
    from simulator.scenarios import realistic_catalog

    assert (DATA / "large.json").read_text(encoding="utf-8") == dump_catalog(
        realistic_catalog()
    )


def _depth(catalog: Any, code: str) -> int:
    parent = catalog.category_by_code[code].parent
    return 1 if parent is None else 1 + _depth(catalog, parent)
