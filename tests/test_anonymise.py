"""Anonymise before sharing: every code and label neutral, the structure and the answers
the same (codes aside), and nothing of the customer's words left."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator.formats import anonymise, catalog_from_dict, catalog_to_dict, import_files
from simulator.scenarios import evaluate, scenario_from_dict
from simulator.scenarios.anonymise import TITLE, anonymise_scenario

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
CSV_SET = ("locales.txt", "channels.csv", "attribute_groups.csv", "attributes.csv", "attribute_options.csv",
           "families.csv", "categories.csv", "product_models.csv", "product_variants.csv", "products_full.csv",
           "products.csv")


def customer_catalog():  # type: ignore[no-untyped-def]
    files = {name: (FIXTURES / name).read_bytes() for name in CSV_SET}
    return import_files(files).catalog


def customer_scenario(permissions: dict[str, object]) -> dict[str, object]:
    p = "/api/rest/v1/products/"
    return {
        "version": 1,
        "title": "Why can't Acme's ERP update chemise_lin?",
        "notes": "Customer: Acme SAS, Lille.",
        "catalog": catalog_to_dict(customer_catalog()),
        "edition": "EE",
        "app": "erp_connector",
        "permissions": permissions,
        "requests": [
            {"method": "GET", "path": p + "chemise_lin"},
            {"method": "GET", "path": p + "chemise_oxford"},
            {"method": "PATCH", "path": p + "chemise_lin",
             "body": {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chemise de lin"}]}}},
            {"method": "PATCH", "path": p + "chemise_lin",
             "body": {"values": {"name": [{"locale": "nl_BE", "scope": None, "data": "Linnen hemd"}]}}},
            {"method": "PATCH", "path": p + "chemise_lin",
             "body": {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chemise en lin"}]}}},
            {"method": "PATCH", "path": p + "basket_blanche", "body": {"categories": ["mp_mode"]}},
            {"method": "PATCH", "path": p + "polo_bleu_m",
             "body": {"values": {"color": [{"locale": None, "scope": None, "data": "blanc"}]}}},
            {"method": "DELETE", "path": p + "chemise_oxford"},
            {"method": "DELETE", "path": p + "echantillon"},
            {"method": "GET", "path": "/api/rest/v1/products",
             "query": {"search": json.dumps({"categories": [{"operator": "IN", "value": ["chemises"]}]})}},
            {"method": "GET", "path": "/api/rest/v1/product-models/polo"},
            {"method": "POST", "path": p + "chemise_lin/proposal"},
            {"method": "POST", "path": "/api/rest/v1/products",
             "body": {"identifier": "nouveau", "family": "chemises", "categories": ["mp_promo"]}},
        ],
    }


GRANTS = [
    {"categories": {"own": ["catalogue_fr"], "view": ["marketplace"]},
     "locales": {"edit": ["fr_FR"], "view": ["nl_BE"]},
     "attribute_groups": {"edit": ["marketing"], "view": ["erp", "technique"]}},
    {"categories": {"edit": ["catalogue_fr", "marketplace"]}, "locales": {"edit_all": True},
     "attribute_groups": {"edit_all": True}},
    {"categories": {"view": ["marketplace"]}, "locales": {"view": ["fr_FR"]},
     "attribute_groups": {"view": ["marketing"]}},
    {"categories": {"own_all": True}, "locales": {"edit_all": True}, "attribute_groups": {"edit": ["technique"]}},
]


def _renamer(renaming):  # type: ignore[no-untyped-def]
    """Rename the quoted codes of a message the way the catalog was renamed."""
    table: dict[str, str] = {}
    # Families first: a family may share its code with a category, which messages name more.
    for mapping in (renaming.families, renaming.texts, renaming.categories, renaming.attribute_groups,
                    renaming.attributes, renaming.channels, renaming.product_models, renaming.products):
        table.update(mapping)
    table.update({code: new for (_, code), new in renaming.options.items()})
    table["nouveau"] = "nouveau"

    def rename(message: str) -> str:
        quoted = re.sub(r'"([^"]+)"', lambda m: f'"{table.get(m.group(1), m.group(1))}"', message)
        # A few PIM messages name a code unquoted ("The color attribute does not exist").
        return re.sub(r"(?<![\w\"])([A-Za-z0-9_]+)(?![\w\"])", lambda m: table.get(m.group(1), m.group(1)), quoted)

    return rename


@pytest.mark.parametrize("grant", range(len(GRANTS)))
def test_the_anonymised_scenario_gives_the_same_answers(grant: int) -> None:
    original = scenario_from_dict(customer_scenario(GRANTS[grant]))
    neutral, renaming = anonymise_scenario(original)
    before, after = evaluate(original), evaluate(neutral)
    rename = _renamer(renaming)
    assert len(before.results) == len(after.results) == 13
    for old, new in zip(before.results, after.results):
        assert old.answer is not None and new.answer is not None
        assert (new.answer.status, new.answer.effect, new.answer.decided_by) == (
            old.answer.status, old.answer.effect, old.answer.decided_by), old.request.label
        assert new.answer.message == rename(old.answer.message), old.request.label
        assert [c.passed for c in new.answer.checks] == [c.passed for c in old.answer.checks]
    statuses = {result.answer.status for result in before.results if result.answer}
    assert len(statuses) >= 2  # the grants give a mix of answers, not one kind


def test_nothing_of_the_customers_words_is_left() -> None:
    original = scenario_from_dict(customer_scenario(GRANTS[0]))
    neutral, _ = anonymise_scenario(original)
    text = neutral.to_json()
    for word in ("Acme", "Lille", "chemise", "Chemise", "catalogue_fr", "Catalogue", "Marketplace", "marketplace",
                 "Vêtements", "Kleding", "basket", "polo", "lin", "Linnen", "mp_mode", "blanc", "description",
                 "2a3b7c1e-5d4f-4e6a-9b8c-1d2e3f4a5b6c"):
        assert word not in text, word
    assert neutral.title == TITLE and not neutral.notes
    catalog = neutral.load_catalog()
    assert [t.code for t in catalog.trees] == ["tree_1", "tree_2"]
    assert catalog.categories[1].code == "category_1_1"
    assert catalog.category_by_code["category_1_1"].labels == {"fr_FR": "Category 1.1", "nl_BE": "Category 1.1"}
    assert catalog.products[0].identifier == "product_1"
    # What is not the customer's is kept: locales, currencies, units, numbers, dates.
    assert catalog.locale_codes == ("fr_FR", "nl_BE")
    assert '"EUR"' in text and '"GRAM"' in text and '"2024-03-01"' in text and '"89.00"' in text


def test_the_structure_is_kept() -> None:
    catalog = customer_catalog()
    neutral, renaming = anonymise(catalog)
    assert catalog_from_dict(catalog_to_dict(neutral)) == neutral
    assert len(neutral.categories) == len(catalog.categories)
    for old, new in zip(catalog.products, neutral.products):
        assert new.categories == tuple(renaming.categories[c] for c in old.categories)
        assert new.parent == (renaming.product_models[old.parent] if old.parent else None)
        assert len(new.values) == len(old.values)
    for old_attribute, new_attribute in zip(catalog.attributes, neutral.attributes):
        assert new_attribute.group == renaming.attribute_groups[old_attribute.group]
        assert (new_attribute.type, new_attribute.localizable, new_attribute.scopable) == (
            old_attribute.type, old_attribute.localizable, old_attribute.scopable)
    # Equal texts stay equal, different ones stay different.
    names = [v.data for p in catalog.products for v in p.values if v.attribute == "name"]
    new_names = [v.data for p in neutral.products for v in p.values if v.attribute == renaming.attributes["name"]]
    assert len(set(names)) == len(set(new_names))
