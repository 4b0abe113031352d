"""The catalog format documented field by field, with a starter catalog the site serves."""

from __future__ import annotations

import json
from pathlib import Path

from helpcenter.compile import compile_tree, read_sources
from simulator.formats import catalog_from_dict, catalog_to_dict

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "scenario-format.md"
STARTER = ROOT / "docs" / "downloads" / "starter-catalog.json"


def test_the_starter_catalog_reads_and_holds_every_kind_of_field() -> None:
    data = json.loads(STARTER.read_text("utf-8"))
    catalog = catalog_from_dict(data)
    assert set(data) == {"format", "code", "label", "locales", "currencies", "channels", "measurement_families",
                         "attribute_groups", "attributes", "families", "association_types", "categories",
                         "product_models", "products"}
    assert len(catalog.trees) == 2 and catalog.product_models[1].parent == "polo"
    assert {a.type for a in catalog.attributes} >= {"pim_catalog_identifier", "pim_catalog_metric",
                                                   "pim_catalog_price_collection", "pim_catalog_simpleselect"}
    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog


def test_the_doc_names_every_field_the_catalog_file_writes() -> None:
    text = DOC.read_text("utf-8")
    catalog = catalog_from_dict(json.loads(STARTER.read_text("utf-8")))
    written = catalog_to_dict(catalog)
    fields = set(written)
    for key in ("attributes", "products", "product_models", "channels", "families"):
        for item in written[key]:  # type: ignore[union-attr]
            fields.update(item)
    missing = {f for f in fields if f"`{f}`" not in text and f'"{f}"' not in text}
    assert missing == set()


def test_the_site_serves_the_starter_catalog_and_the_doc_links_to_it() -> None:
    tree = compile_tree(read_sources(ROOT / "docs"))
    assert "downloads/starter-catalog.json" in tree.files
    assert "(downloads/starter-catalog.json)" in DOC.read_text("utf-8")
