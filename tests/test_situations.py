"""Real size: the summary of what an App may do with each product, counted per
situation (products sharing their categories, own and inherited, and family), equal to
what the rules give product by product."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from simulator.connect import expand
from simulator.engine import effective_permissions, product_level
from simulator.engine.situations import Access, Situations, products_with, summarise
from simulator.formats import import_files
from simulator.model import AxisGrant, Edition, Grant, Level, Permissions
from simulator.scenarios import synthetic_catalog

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
_BY_LEVEL = {Level.OWN: Access.DIRECT, Level.EDIT: Access.DRAFTS, Level.VIEW: Access.VIEW, Level.NONE: Access.HIDDEN}


def grant(edition: Edition = Edition.EE, scopes: tuple[str, ...] = ("write_products",), **categories: list[str]) -> Grant:
    return Grant(edition, expand(scopes), Permissions(categories=AxisGrant.of(**categories)))


def one_by_one(catalog, g: Grant) -> Counter[Access]:  # type: ignore[no-untyped-def]
    """The rules applied to each product in turn: what the summary must add up to."""
    permissions = effective_permissions(g)
    return Counter(_BY_LEVEL[product_level(catalog, permissions, p)] for p in catalog.products)


@pytest.mark.parametrize(
    "categories",
    [
        {"own": ["master"]},
        {"edit": ["master"], "view": ["print"]},
        {"own": ["print"], "edit": ["ecommerce"], "view": ["master"]},
        {},
    ],
)
def test_the_summary_adds_up_to_the_rules_applied_product_by_product(categories: dict[str, list[str]]) -> None:
    catalog = synthetic_catalog(3_000, seed=5, trees=3)
    trees = [t.code for t in catalog.trees]
    renamed = {level: [trees[["master", "print", "ecommerce"].index(code)] for code in codes]
               for level, codes in categories.items()}
    g = grant(**renamed)
    situations = Situations(catalog)
    summary = summarise(situations, g)
    expected = one_by_one(catalog, g)
    assert (summary.total.direct, summary.total.drafts, summary.total.view, summary.total.hidden) == (
        expected[Access.DIRECT], expected[Access.DRAFTS], expected[Access.VIEW], expected[Access.HIDDEN])
    assert len(situations) < len(catalog.products) / 2  # products share situations
    # By tree and by category: each product counted where it is.
    permissions = effective_permissions(g)
    for tree in catalog.trees:
        in_tree = [p for p in catalog.products
                   if tree.code in {catalog.root_by_category[c] for c in catalog.categories_of(p)}]
        counted = Counter(_BY_LEVEL[product_level(catalog, permissions, p)] for p in in_tree)
        assert summary.by_tree[tree.code].hidden == counted[Access.HIDDEN]
        assert summary.by_tree[tree.code].total == len(in_tree)
    unclassified = [p for p in catalog.products if not catalog.categories_of(p)]
    assert summary.unclassified.direct == len(unclassified) > 0  # owned by everyone
    some = catalog.categories[5].code
    assert summary.by_category[some].total == sum(1 for p in catalog.products if some in catalog.categories_of(p))


def test_the_customer_catalog_summary_by_tree() -> None:
    files = {name: (FIXTURES / name).read_bytes() for name in ("categories.csv", "products.csv", "locales.json")}
    catalog = import_files(files).catalog
    summary = summarise(Situations(catalog), grant(own=["catalogue_fr"]))
    # chemise_lin and basket_blanche are in both trees: Own on Catalogue FR wins.
    assert summary.total.direct == 5 and summary.total.hidden == 0
    assert summary.by_tree["marketplace"].direct == 2
    summary = summarise(Situations(catalog), grant(view=["marketplace"]))
    assert (summary.total.view, summary.total.hidden, summary.total.direct) == (2, 2, 1)  # echantillon: unclassified
    assert summary.by_category["mp_promo"].view == 1


def test_scopes_and_editions_limit_what_the_summary_says() -> None:
    catalog = synthetic_catalog(500, seed=2)
    situations = Situations(catalog)
    tree = catalog.trees[0].code
    read_only = summarise(situations, grant(scopes=("read_products",), own=[tree]))
    assert read_only.total.direct == read_only.total.drafts == 0 and read_only.total.view > 0
    assert "only view" in read_only.reason
    nothing = summarise(situations, grant(scopes=("read_catalog_structure",), own=[tree]))
    assert nothing.total.hidden == len(catalog.products) and "no products scope" in nothing.reason
    community = summarise(situations, grant(Edition.CE))
    assert community.total.direct == len(catalog.products)


def test_a_grant_change_re_summarises_the_same_situations() -> None:
    catalog = synthetic_catalog(2_000, seed=9)
    situations = Situations(catalog)
    trees = [t.code for t in catalog.trees]
    before = summarise(situations, grant(own=trees[:1]))
    after = summarise(situations, grant(view=trees[:1]))
    assert before.total.direct > after.total.direct and after.total.view > before.total.view
    assert before.situations == after.situations == len(situations)
    hidden = list(products_with(situations, after, Access.HIDDEN))
    assert len(hidden) == after.total.hidden
    assert all(after.access_of(situations.index_of(p)) is Access.HIDDEN for p in hidden)


def test_a_product_is_found_by_its_code_or_the_start_of_it() -> None:
    catalog = synthetic_catalog(2_000, seed=1)
    situations = Situations(catalog)
    some = catalog.products[1234].identifier
    assert situations.find(some)[0] == some
    prefix = some[:-1]
    found = situations.find(prefix, limit=5)
    assert all(code.startswith(prefix) for code in found) and 0 < len(found) <= 5
    assert situations.find("no such product") == []
