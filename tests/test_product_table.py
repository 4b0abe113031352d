"""An imported products export is held as columns; what the check of the catalog
leaves out (a category or a product model that does not exist) or changes (a value
in a place the catalog does not have, a uuid, an association) must give the same
products, situations and searches as the products read whole would.

Columns as the PIM's products export writes them (tests/fixtures/imports/products.csv).
"""

from __future__ import annotations

from dataclasses import replace

from simulator.engine import Situation, Situations
from simulator.formats import grouping_of
from simulator.formats.importer import import_files
from simulator.formats.problems import Severity
from simulator.model import Association, Product, Value

CATEGORIES = b"code;parent;label-fr_FR\ncatalogue_fr;;Catalogue FR\nchemises;catalogue_fr;Chemises\n"
MODELS = b"code;family_variant;parent;categories\nmodel_a;by_size;;catalogue_fr\n"
HEADER = "sku;categories;enabled;family;parent;name-fr_FR"


def export(count: int, special: dict[int, str]) -> bytes:
    """``count`` products in chemises, the lines of ``special`` instead at their numbers."""
    lines = [HEADER, *(special.get(n, f"p_{n};chemises;1;shirts;;Produit {n}") for n in range(count))]
    return ("\n".join(lines) + "\n").encode()


def test_products_left_out_by_the_check_leave_the_others_as_read_in_columns() -> None:
    products_csv = export(45_000, {
        3: "lost_3;nulle_part;1;shirts;;Perdu",          # a category that does not exist
        4: "p_4;chemises;0;shirts;;Produit 4",            # disabled, after one left out
        20_000: 'lost_20000;nulle_part;1;shirts;;"Un; deux"',  # not plain: read whole
        20_001: 'p_20001;chemises;1;shirts;;"Un; deux"',
        20_002: "lost_20002;;1;shirts;model_x;Perdu",     # a model that does not exist
        30_000: "v_30000;;1;shirts;model_a;Variante",
        44_999: "lost_44999;nulle_part;0;shirts;;Perdu",
    })
    result = import_files({"categories.csv": CATEGORIES, "product_models.csv": MODELS,
                           "products.csv": products_csv})
    catalog = result.catalog
    products = catalog.products

    assert [str(p) for p in result.report if p.severity is Severity.ERROR] == [
        'products.csv:5:8: category "nulle_part" does not exist: 3 products in it left out (the first here)',
        'products.csv:20004:22: product model "model_x" does not exist: its 1 variant left out (the first here)',
    ]
    assert len(products) == 45_000 - 4
    assert products[3] == Product("p_4", None, "shirts", False, ("chemises",), (Value("name", "fr_FR", "Produit 4"),))
    assert products[19_999] == Product("p_20001", None, "shirts", True, ("chemises",),
                                       (Value("name", "fr_FR", "Un; deux"),))
    assert products[20_000] == Product("p_20003", None, "shirts", True, ("chemises",),
                                       (Value("name", "fr_FR", "Produit 20003"),))
    assert products[-1] == Product("p_44998", None, "shirts", True, ("chemises",),
                                   (Value("name", "fr_FR", "Produit 44998"),))
    assert "lost_3" not in catalog.product_by_identifier
    assert catalog.product_by_identifier["v_30000"] == products[29_997]
    assert [p.identifier for p in products[2:5]] == ["p_2", "p_4", "p_5"]
    assert sum(not p.enabled for p in products) == 1
    assert grouping_of(catalog) is not None  # still columns: the index starts from the import's keys
    assert list(Situations(catalog).situations) == [
        Situation(frozenset({"chemises"}), "shirts", 44_995, 0),
        Situation(frozenset({"catalogue_fr"}), "shirts", 1, 29_997),
    ]
    assert list(Situations(catalog).situations) == list(
        Situations(replace(catalog, products=tuple(products))).situations)


def test_values_in_a_place_the_catalog_lacks_are_dropped_from_the_columns_too() -> None:
    attributes = (b"code;type;group;localizable;scopable\nsku;pim_catalog_identifier;erp;0;0\n"
                  b"name;pim_catalog_text;marketing;1;0\n")
    products_csv = ("sku;categories;name-fr_FR;name-nl_BE\n"
                    + "".join(f"p_{n};chemises;Produit {n};Product {n}\n" for n in range(30_000))).encode()

    result = import_files({"categories.csv": CATEGORIES, "attributes.csv": attributes,
                           "locales.txt": b"fr_FR\n", "products.csv": products_csv})
    products = result.catalog.products

    assert [str(p) for p in result.report if p.severity is Severity.WARNING
            and "left out" in str(p)] == [
        'products.csv:1:27: 30,000 values of "name-nl_BE" left out: "nl_BE" is not a locale of the catalog']
    assert products[0] == Product("p_0", None, "", True, ("chemises",), (Value("name", "fr_FR", "Produit 0"),))
    assert products[29_999].values == (Value("name", "fr_FR", "Produit 29999"),)
    assert grouping_of(result.catalog) is not None


def test_a_products_uuid_and_an_association_to_no_product_are_held_in_place() -> None:
    products_csv = ("uuid;sku;categories;X_SELL-products\n"
                    "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f;a;chemises;b,ghost\n"
                    ";b;chemises;\n"
                    ";lost;nulle_part;\n").encode()

    result = import_files({"categories.csv": CATEGORIES, "products.csv": products_csv})
    products = result.catalog.products

    assert len(products) == 2
    assert products[0].uuid == "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    assert products[0].associations == (Association("X_SELL", ("b",)),)
    assert products[1] == Product("b", None, "", True, ("chemises",))
    assert result.catalog.product_by_uuid["0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"].identifier == "a"


def test_an_association_to_a_product_or_model_the_check_left_out_is_dropped() -> None:
    models = MODELS + b"model_lost;by_size;;nulle_part\n"   # a model in a category that does not exist
    products_csv = ("sku;categories;X_SELL-products;X_SELL-product_models\n"
                    "a;chemises;b,lost;model_a,model_lost\n"
                    "b;chemises;;\n"
                    "lost;nulle_part;;\n").encode()

    result = import_files({"categories.csv": CATEGORIES, "product_models.csv": models, "products.csv": products_csv})
    products = result.catalog.products

    assert [p.identifier for p in products] == ["a", "b"]
    assert products[0].associations == (Association("X_SELL", ("b",), ("model_a",)),)
    assert [str(p) for p in result.report if "association" in str(p)] == [
        'products.csv:2: 2 associations naming products or product models that are not in the catalog '
        '("lost", "model_lost"): they are dropped']


def test_values_dropped_from_products_read_whole_and_from_columns_are_counted_together_in_order() -> None:
    attributes = (b"code;type;group;localizable;scopable\nsku;pim_catalog_identifier;erp;0;0\n"
                  b"name;pim_catalog_text;marketing;1;0\n")
    products_csv = ("sku;categories;name-fr_FR;name-nl_BE;name-de_DE\n"
                    'p_0;chemises;"Un; deux";;Eins\n'     # not plain: read whole, a de_DE value first
                    + "".join(f"p_{n};chemises;Produit {n};Product {n};Produkt {n}\n" for n in range(1, 30_000))
                    ).encode()

    result = import_files({"categories.csv": CATEGORIES, "attributes.csv": attributes,
                           "locales.txt": b"fr_FR\n", "products.csv": products_csv})
    products = result.catalog.products

    assert [str(p) for p in result.report if "left out" in str(p)] == [
        'products.csv:1:38: 30,000 values of "name-de_DE" left out: "de_DE" is not a locale of the catalog',
        'products.csv:1:27: 29,999 values of "name-nl_BE" left out: "nl_BE" is not a locale of the catalog',
    ]
    assert products[0].values == (Value("name", "fr_FR", "Un; deux"),)
    assert products[29_999] == Product("p_29999", None, "", True, ("chemises",),
                                       (Value("name", "fr_FR", "Produit 29999"),))


def test_values_dropped_from_product_models_are_named_before_those_of_products() -> None:
    attributes = (b"code;type;group;localizable;scopable\nsku;pim_catalog_identifier;erp;0;0\n"
                  b"name;pim_catalog_text;marketing;1;0\n")
    models = "code;family_variant;parent;categories;name-de_DE\nmodel_a;by_size;;chemises;Modell\n".encode()
    products_csv = ("sku;categories;parent;name-nl_BE\n"
                    + "".join(f"p_{n};chemises;;Product {n}\n" for n in range(30_000))
                    + "v_1;;model_a;Variant\n").encode()

    result = import_files({"categories.csv": CATEGORIES, "attributes.csv": attributes, "locales.txt": b"fr_FR\n",
                           "product_models.csv": models, "products.csv": products_csv})

    assert [str(p) for p in result.report if "left out" in str(p)] == [
        'product_models.csv:1:39: 1 value of "name-de_DE" left out: "de_DE" is not a locale of the catalog',
        'products.csv:1:23: 30,001 values of "name-nl_BE" left out: "nl_BE" is not a locale of the catalog',
    ]
    assert result.catalog.products[-1] == Product("v_1", "model_a", "", True, ())
