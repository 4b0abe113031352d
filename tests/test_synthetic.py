"""Generated catalogs: deterministic, of the asked size, valid, fast enough."""

from __future__ import annotations

import pytest

from simulator.formats import catalog_from_dict, catalog_to_dict
from simulator.scenarios.synthetic import main, realistic_catalog, synthetic_catalog


@pytest.mark.parametrize("size", [0, 1, 7, 1000])
def test_a_synthetic_catalog_has_the_asked_number_of_products(size: int) -> None:
    assert len(synthetic_catalog(size).products) == size


def test_the_same_seed_gives_the_same_catalog() -> None:
    assert synthetic_catalog(500, seed=3) == synthetic_catalog(500, seed=3)
    assert realistic_catalog(seed=1) == realistic_catalog(seed=1)


def test_another_seed_gives_another_catalog() -> None:
    assert synthetic_catalog(500, seed=3) != synthetic_catalog(500, seed=4)


def test_the_catalog_of_a_seed_never_changes() -> None:
    # Golden facts of seed 0: a change here changes every benchmark and property test.
    catalog = synthetic_catalog(100)
    assert [(p.identifier, p.categories) for p in catalog.products[20:23]] == [
        ("product_20", ("tree_1_0_0_2",)),
        ("product_21", ("tree_2_0",)),
        ("product_22", ("tree_1_0_0_0",)),
    ]


@pytest.mark.parametrize(
    ("depth", "trees", "branching", "categories"),
    [(4, 3, 3, 3 * 40), (1, 2, 5, 2), (2, 1, 2, 3), (3, 0, 3, 0)],
)
def test_trees_have_the_asked_shape(
    depth: int, trees: int, branching: int, categories: int
) -> None:
    catalog = synthetic_catalog(10, depth=depth, trees=trees, branching=branching)
    assert len(catalog.categories) == categories
    assert len(catalog.trees) == trees


def test_a_synthetic_catalog_has_variants_and_unclassified_products() -> None:
    catalog = synthetic_catalog(2000)
    variants = [p for p in catalog.products if p.parent is not None]
    assert len(variants) == 400
    assert all(p.categories == () for p in variants)
    unclassified = [p for p in catalog.products if not catalog.categories_of(p)]
    assert 20 < len(unclassified) < 200


def test_a_synthetic_catalog_is_valid() -> None:
    catalog = synthetic_catalog(300, seed=9)
    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog


def test_a_hundred_thousand_products_are_made() -> None:
    """The benchmark's largest size; how long it takes is for benchmarks/engine.py."""
    catalog = synthetic_catalog(100_000)
    assert len(catalog.products) == 100_000
    assert len({p.identifier for p in catalog.products}) == 100_000


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="depth and branching"):
        synthetic_catalog(10, depth=0)


def test_the_command_prints_a_loadable_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["--products", "5", "--seed", "2"]) == 0
    catalog = catalog_from_dict(json.loads(capsys.readouterr().out))
    assert catalog == synthetic_catalog(5, seed=2)
