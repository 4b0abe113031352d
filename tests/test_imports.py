"""Importing a customer's PIM: each export format, recognised by its content, read into
a catalog that answers as the PIM would; every problem named with file, line, column.

The fixtures (``tests/fixtures/imports/``, sources in its README) are one customer's
catalog written in the PIM's own export columns and REST API responses.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from simulator.formats import catalog_from_dict, catalog_to_dict, dump_catalog
from simulator.formats.importer import Importer, import_files
from simulator.formats.problems import Severity
from simulator.model import Level

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
REST = FIXTURES / "rest"


def read(*names: str, folder: Path = FIXTURES) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in names}


def texts(result: object) -> list[str]:
    return [str(problem) for problem in result.report]  # type: ignore[attr-defined]


# Each format, recognised by its content.


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("categories.csv", "categories"),
        ("attribute_groups.csv", "attribute_groups"),
        ("attributes.csv", "attributes"),
        ("attribute_options.csv", "attribute_options"),
        ("families.csv", "families"),
        ("channels.csv", "channels"),
        ("locales.txt", "locale_list"),
        ("locales.json", "locales"),
        ("products.csv", "products"),
        ("products_full.csv", "products"),
        ("product_models.csv", "product_models"),
        ("product_variants.csv", "products"),
    ],
)
def test_each_export_is_recognised_by_its_content(name: str, kind: str) -> None:
    importer = Importer()
    # Under a name that says nothing: the content alone tells what the file is.
    summary = importer.add("upload.bin", (FIXTURES / name).read_bytes())
    assert summary.kinds == (kind,)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("categories_page_1.json", ("categories",)),
        ("channels.json", ("channels",)),
        ("attribute_groups.json", ("attribute_groups",)),
        ("attributes.json", ("attributes",)),
        ("color_options.json", ("attribute_options",)),
        ("families.json", ("families",)),
        ("products.json", ("products",)),
        ("products_uuid.json", ("products",)),
        ("product_models.json", ("product_models",)),
        ("variants.jsonl", ("products",)),
        ("measurement_families.json", ("measurement_families",)),
    ],
)
def test_each_rest_response_is_recognised(name: str, kinds: tuple[str, ...]) -> None:
    assert Importer().add("saved.txt", (REST / name).read_bytes()).kinds == kinds


def test_the_customer_csv_pair_and_locale_list_make_their_catalog() -> None:
    """The support task: the categories and products exports and the locale list."""
    result = import_files(read("categories.csv", "products.csv", "locales.json"))
    catalog = result.catalog
    assert [tree.code for tree in catalog.trees] == ["catalogue_fr", "marketplace"]
    assert catalog.locale_codes == ("fr_FR", "nl_BE")  # en_US is not activated
    assert catalog.category_by_code["mp_promo"].labels == {"fr_FR": "Promo; été", "nl_BE": "Promo; zomer"}
    assert [p.identifier for p in catalog.products] == [
        "chemise_lin", "chemise_oxford", "basket_blanche", "botte_pluie", "echantillon",
    ]
    hat = catalog.product_by_identifier["basket_blanche"]
    assert hat.categories == ("chaussures", "mp_promo")
    assert {(v.attribute, v.locale, v.data) for v in hat.values} == {
        ("name", "fr_FR", "Basket blanche"), ("name", "nl_BE", "Witte sneaker"),
    }
    assert catalog.product_by_identifier["botte_pluie"].enabled is False
    assert catalog.product_by_identifier["echantillon"].categories == ()
    # What no file gave is said: the attribute known from a value column only.
    warnings = [p.message for p in result.report if p.severity is Severity.WARNING]
    assert any('known only from value columns ("name")' in w for w in warnings)
    assert any('"en_US"' in w and "not activated" in w for w in warnings)
    assert result.report.errors == 0


def test_every_csv_export_together_gives_a_typed_catalog() -> None:
    result = import_files(read(
        "locales.txt", "channels.csv", "attribute_groups.csv", "attributes.csv", "attribute_options.csv",
        "families.csv", "categories.csv", "product_models.csv", "product_variants.csv", "products_full.csv",
    ))
    catalog = result.catalog
    assert result.report.errors == 0, texts(result)
    assert [c.code for c in catalog.channels] == ["ecommerce", "print", "marketplace"]
    assert catalog.channel_by_code["ecommerce"].conversion_units == {"weight": "GRAM"}
    assert catalog.attribute_by_code["sku"].type == "pim_catalog_identifier"
    assert catalog.attribute_by_code["description"].scopable
    assert [o.code for o in catalog.attribute_by_code["material"].options] == ["lin", "coton", "cuir"]
    assert catalog.family_by_code["chemises"].attribute_requirements["ecommerce"] == ("sku", "name", "price")
    shoe = catalog.product_by_identifier["basket_blanche"]
    values = {(v.attribute, v.locale, v.scope): v.data for v in shoe.values}
    assert values[("price", None, None)] == [{"amount": "89.00", "currency": "EUR"}, {"amount": "99.00", "currency": "USD"}]
    assert values[("weight", None, None)] == {"amount": "800", "unit": "GRAM"}
    assert values[("material", None, None)] == ["coton", "cuir"]
    assert values[("waterproof", None, None)] is False
    assert values[("release_date", None, "ecommerce")] == "2024-03-01"
    assert shoe.uuid == "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    shirt = catalog.product_by_identifier["chemise_lin"]
    assert shirt.associations[0].products == ("chemise_oxford",)
    assert ("description", "fr_FR", "ecommerce") in {(v.attribute, v.locale, v.scope) for v in shirt.values}
    variant = catalog.product_by_identifier["polo_bleu_m"]
    assert variant.parent == "polo_bleu"
    assert catalog.categories_of(variant) == {"chemises", "mp_mode"}


def test_rest_pages_of_every_endpoint_make_the_same_customer() -> None:
    result = import_files({path.name: path.read_bytes() for path in sorted(REST.iterdir())})
    catalog = result.catalog
    assert result.report.errors == 0, texts(result)
    assert [c.code for c in catalog.categories] == [
        "catalogue_fr", "vetements", "chemises", "chaussures", "marketplace", "mp_mode",
    ]
    # products-uuid: the identifier is the sku value, the associations name uuids.
    oxford = catalog.product_by_identifier["chemise_oxford"]
    assert oxford.uuid == "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918"
    assert oxford.associations[0].products == ("botte_pluie",)
    assert catalog.product_by_identifier["chemise_lin"].associations[0].products == ("basket_blanche",)
    assert catalog.product_by_identifier["polo_bleu_l"].parent == "polo_bleu"
    assert catalog.attribute_by_code["weight"].metric_family == "Weight"
    assert catalog.measurement_family_by_code["Weight"].units == ("GRAM", "KILOGRAM")
    assert not any("measurement families" in p.message for p in result.report)


def test_several_pages_in_one_file_as_an_array_or_one_a_line() -> None:
    pages = [json.loads((REST / name).read_text("utf-8")) for name in ("categories_page_1.json", "categories_page_2.json")]
    as_array = import_files({"pages.json": json.dumps(pages).encode()}).catalog
    as_lines = import_files({"pages.jsonl": "\n".join(json.dumps(p) for p in pages).encode()}).catalog
    assert [c.code for c in as_array.categories] == [c.code for c in as_lines.categories]
    assert len(as_array.categories) == 6


def test_the_simulators_own_catalog_and_scenario_files() -> None:
    article = Path(__file__).resolve().parent.parent / "simulator" / "data" / "article.json"
    from_catalog = import_files({"catalog.json": article.read_bytes()})
    assert from_catalog.report.errors == 0
    assert from_catalog.catalog.code == "article"
    scenario = {"version": 1, "catalog": json.loads(article.read_text("utf-8")), "edition": "EE", "app": "erp_connector"}
    from_scenario = import_files({"support.scenario.json": json.dumps(scenario).encode()})
    assert from_scenario.catalog.products == from_catalog.catalog.products
    assert any("scenario file" in p.message for p in from_scenario.report)


# Encodings a user's file may have.


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its BOM, as Excel's "Unicode text"
        lambda text: text.encode("utf-16-le"),  # without a BOM
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "utf-16-le without BOM"],
)
def test_utf8_with_or_without_bom_and_utf16_are_read(encode) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "categories.csv").read_text("utf-8")
    result = import_files({"categories.csv": encode(text)})
    assert [c.code for c in result.catalog.categories][:2] == ["catalogue_fr", "vetements"]
    assert result.catalog.category_by_code["vetements"].labels["fr_FR"] == "Vêtements"


def test_a_file_that_is_not_utf8_is_named_with_its_line_and_column() -> None:
    data = "code;parent;label-fr_FR\nvetements;;Vêtements\n".encode("cp1252")
    result = import_files({"categories.csv": data})
    (problem,) = result.report
    assert (problem.file, problem.line, problem.column) == ("categories.csv", 2, 13)
    assert "not UTF-8" in problem.message and "Windows-1252" in problem.message
    assert result.catalog.categories == ()


# Problems named, the rest imported.


def test_an_unreadable_line_is_named_and_the_rest_is_imported() -> None:
    data = (
        "sku;categories;enabled;family\n"
        "ok_1;catalogue_fr;1;\n"
        'bad;"catalogue_fr"x;1;\n'      # text after a closing quote
        "short;catalogue_fr\n"           # cut short
        "ok_2;catalogue_fr;maybe;\n"     # not a yes/no
        "ok_3;catalogue_fr;0;\n"
    )
    files = {"categories.csv": b"code;parent\ncatalogue_fr;\n", "products.csv": data.encode()}
    result = import_files(files)
    assert [p.identifier for p in result.catalog.products] == ["ok_1", "ok_3"]
    where = {(p.line, p.column): p.message for p in result.report if p.file == "products.csv" and p.line}
    assert "text follows a closing quote" in where[(3, None)]
    assert "cut short" in where[(4, None)]
    assert "enabled is \"maybe\"" in where[(5, 19)]


def test_a_product_in_a_category_that_does_not_exist_is_named_with_its_count() -> None:
    files = {
        "categories.csv": b"code;parent\ncatalogue_fr;\n",
        "products.csv": b"sku;categories\na;catalogue_fr\nb;nowhere\nc;nowhere\nd;catalogue_fr,nowhere\n",
    }
    result = import_files(files)
    assert [p.identifier for p in result.catalog.products] == ["a"]
    messages = [str(p) for p in result.report]
    assert 'products.csv:3:3: category "nowhere" does not exist: 2 products in it left out (the first here)' in messages
    assert any(m.startswith("products.csv:5:3:") for m in messages)


def test_a_cycle_in_category_parents_is_named_and_the_rest_imported() -> None:
    files = {"categories.csv": b"code;parent\nroot;\na;b\nb;c\nc;a\nunder_a;a\nfine;root\n"}
    result = import_files(files)
    assert [c.code for c in result.catalog.categories] == ["root", "fine"]
    (problem,) = [p for p in result.report if "cycle" in p.message]
    assert problem.message.startswith('the category parents make a cycle: "a" → "b" → "c" → "a"')
    assert (problem.line, problem.column) == (3, 3)


def test_a_parent_that_does_not_exist_leaves_its_branch_out() -> None:
    result = import_files({"categories.csv": b"code;parent\nroot;\norphan;ghost\nchild;orphan\nok;root\n"})
    assert [c.code for c in result.catalog.categories] == ["root", "ok"]
    assert any(str(p) == 'categories.csv:3:8: category "orphan": its parent "ghost" does not exist; it is left out '
               "with the categories below it" for p in result.report)


def test_duplicate_codes_are_named_with_where_they_were_first_read() -> None:
    files = {
        "categories.csv": b"code;parent\nroot;\nroot;\n",
        "products.csv": b"sku;categories\nhat;root\nhat;root\n",
    }
    result = import_files(files)
    messages = [str(p) for p in result.report]
    assert 'categories.csv:3:1: category "root" was already read (categories.csv:2): this line is left out' in messages
    assert 'products.csv:3:1: product "hat" was already read (products.csv:2): this line is left out' in messages
    assert len(result.catalog.products) == 1


def test_files_come_in_any_order() -> None:
    forwards = import_files(read("categories.csv", "attributes.csv", "attribute_groups.csv", "products_full.csv",
                                 "channels.csv", "locales.txt", "attribute_options.csv", "families.csv"))
    backwards = import_files(dict(reversed(list(read(
        "categories.csv", "attributes.csv", "attribute_groups.csv", "products_full.csv", "channels.csv", "locales.txt",
        "attribute_options.csv", "families.csv").items()))))
    assert forwards.catalog.products == backwards.catalog.products
    assert forwards.catalog.attributes == backwards.catalog.attributes


def test_a_file_the_simulator_does_not_read_is_named_not_guessed() -> None:
    result = import_files({"orders.csv": b"order_id;customer;total\n1;ACME;12\n", **read("categories.csv")})
    (problem,) = [p for p in result.report if p.severity is Severity.ERROR]
    assert problem.file == "orders.csv" and "is not one of an export the simulator reads" in problem.message
    assert len(result.catalog.categories) == 7


# Round trips: import, write the catalog file, read it back.


@pytest.mark.parametrize("folder", ["csv", "rest"])
def test_import_then_catalog_file_then_import_gives_the_same_catalog(folder: str) -> None:
    if folder == "csv":
        files = read("locales.txt", "channels.csv", "attribute_groups.csv", "attributes.csv", "attribute_options.csv",
                     "families.csv", "categories.csv", "product_models.csv", "product_variants.csv",
                     "products_full.csv")
    else:
        files = {path.name: path.read_bytes() for path in sorted(REST.iterdir())}
    catalog = import_files(files).catalog
    written = dump_catalog(catalog)
    assert catalog_from_dict(json.loads(written)) == catalog
    again = import_files({"catalog.json": written.encode()})
    assert again.report.errors == 0
    assert again.catalog == catalog
    assert catalog_to_dict(again.catalog) == catalog_to_dict(catalog)


def test_the_imported_catalog_answers_for_the_customers_trees() -> None:
    """Own on Catalogue FR only: a shirt of both trees is owned, a marketplace-only one
    would be hidden; the unclassified sample is owned by everyone."""
    from simulator.engine import product_level
    from simulator.model import AxisGrant, Permissions

    catalog = import_files(read("categories.csv", "products.csv", "locales.json")).catalog
    permissions = Permissions(categories=AxisGrant.of(own=["catalogue_fr"]), locales=AxisGrant.of(edit_all=True),
                              attribute_groups=AxisGrant.of(edit_all=True))
    levels = {p.identifier: product_level(catalog, permissions, p) for p in catalog.products}
    assert levels == {
        "chemise_lin": Level.OWN, "chemise_oxford": Level.OWN, "basket_blanche": Level.OWN,
        "botte_pluie": Level.OWN, "echantillon": Level.OWN,
    }
    only_marketplace = Permissions(categories=AxisGrant.of(view=["marketplace"]))
    assert product_level(catalog, only_marketplace, catalog.product_by_identifier["chemise_oxford"]) is Level.NONE
    assert product_level(catalog, only_marketplace, catalog.product_by_identifier["chemise_lin"]) is Level.VIEW
