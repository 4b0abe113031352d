"""The text values of a products export, as the App gets them.

An imported product's text values are made when an answer first reads them (the import
of a million products makes none of them): what the App reads (GET), what a PATCH
merges into, what a catalog file written from the import holds, and what anonymising
keeps must be the values the export's cells say, exactly as for a product of a catalog
file. Fixtures: tests/fixtures/imports (the PIM's products export columns).
"""

from __future__ import annotations

from pathlib import Path

from simulator.engine import Store, answer
from simulator.formats import anonymise, catalog_from_dict, catalog_to_dict, import_files
from simulator.model import AxisGrant, Catalog, Edition, Grant, Permissions, Request

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
GRANT = Grant(
    Edition.EE,
    frozenset({"read_products", "write_products", "read_catalog_structure"}),
    Permissions(categories=AxisGrant.of(own=["catalogue_fr"], view=["marketplace"]),
                locales=AxisGrant.of(edit_all=True), attribute_groups=AxisGrant.of(edit_all=True)),
)


def imported(products: bytes | None = None) -> Catalog:
    files = {name: (FIXTURES / name).read_bytes() for name in ("categories.csv", "products.csv", "locales.json")}
    if products is not None:
        files["products.csv"] = products
    return import_files(files).catalog


def read(catalog: Catalog | Store, identifier: str, grant: Grant = GRANT) -> object:
    """The values of the product, as the App reads them: without its identifier's value,
    which the PIM adds to every product (the rules of the engine, not of the import)."""
    got = answer(catalog, grant, Request("GET", f"/api/rest/v1/products/{identifier}"))
    assert got.status == 200, got.message
    assert isinstance(got.response, dict)
    values = dict(got.response["values"])
    assert values.pop("sku") == [{"locale": None, "scope": None, "data": identifier}]
    return values


def test_the_app_reads_the_names_the_export_gives() -> None:
    catalog = imported()

    assert read(catalog, "chemise_lin") == {
        "name": [
            {"locale": "fr_FR", "scope": None, "data": "Chemise en lin"},
            {"locale": "nl_BE", "scope": None, "data": "Linnen hemd"},
        ],
    }
    assert read(catalog, "echantillon") == {"name": [
        {"locale": "fr_FR", "scope": None, "data": "Échantillon"},
        {"locale": "nl_BE", "scope": None, "data": "Staal"},
    ]}


def test_a_patch_merges_into_the_exported_values_and_the_next_get_reads_both() -> None:
    catalog = imported()
    patch = Request("PATCH", "/api/rest/v1/products/chemise_lin",
                    {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chemise de lin"}]}})

    done = answer(catalog, GRANT, patch)
    assert done.status == 204, done.message

    assert read(done.store, "chemise_lin") == {"name": [
        {"locale": "fr_FR", "scope": None, "data": "Chemise de lin"},
        {"locale": "nl_BE", "scope": None, "data": "Linnen hemd"},
    ]}


def test_an_empty_cell_is_no_value_and_a_product_with_none_has_no_values() -> None:
    catalog = imported(
        "sku;categories;enabled;name-fr_FR;name-nl_BE\n"
        "chemise_lin;chemises;1;;Linnen hemd\n"
        "chemise_oxford;chemises;1;;\n".encode()
    )

    assert read(catalog, "chemise_lin") == {"name": [{"locale": "nl_BE", "scope": None, "data": "Linnen hemd"}]}
    assert read(catalog, "chemise_oxford") == {}


def test_the_catalog_file_written_from_an_import_reads_back_to_the_same_catalog() -> None:
    catalog = imported()

    written = catalog_to_dict(catalog)
    products = written["products"]
    assert isinstance(products, list) and products[0] == {
        "identifier": "chemise_lin", "family": "chemises", "categories": ["chemises", "mp_mode"],
        "values": {"name": {"fr_FR": "Chemise en lin", "nl_BE": "Linnen hemd"}},
    }
    again = catalog_from_dict(written)
    assert again == catalog and catalog == again
    assert again.products == catalog.products


def test_anonymising_an_import_renames_its_text_values() -> None:
    catalog, _ = anonymise(imported())
    grant = Grant(GRANT.edition, GRANT.scopes, Permissions(
        categories=AxisGrant.of(own=["tree_1"]), locales=AxisGrant.of(edit_all=True),
        attribute_groups=AxisGrant.of(edit_all=True)))

    assert read(catalog, "product_1", grant) == {"attribute_1": [
        {"locale": "fr_FR", "scope": None, "data": "text_1"},
        {"locale": "nl_BE", "scope": None, "data": "text_2"},
    ]}


def test_cells_holding_other_line_breaks_keep_them_and_the_lines_after_are_numbered_right() -> None:
    products = (
        "sku;categories;enabled;name-fr_FR;name-nl_BE\n"
        'chemise_lin;chemises;1;"Chemise\u2028en lin";"Linnen\rhemd"\n'
        'chemise_oxford;chemises;1;"Chemise\x0bOxford";Oxford hemd\n'
        "basket_blanche;sandales;1;Basket;Sneaker\n"
    ).encode()
    result = import_files({"categories.csv": (FIXTURES / "categories.csv").read_bytes(), "products.csv": products})

    assert read(result.catalog, "chemise_lin") == {"name": [
        {"locale": "fr_FR", "scope": None, "data": "Chemise\u2028en lin"},
        {"locale": "nl_BE", "scope": None, "data": "Linnen\rhemd"},
    ]}
    assert read(result.catalog, "chemise_oxford") == {"name": [
        {"locale": "fr_FR", "scope": None, "data": "Chemise\x0bOxford"},
        {"locale": "nl_BE", "scope": None, "data": "Oxford hemd"},
    ]}
    assert [str(problem) for problem in result.report if "sandales" in str(problem)] == [
        'products.csv:4:16: category "sandales" does not exist: 1 product in it left out (the first here)'
    ]
