"""Editing the catalog in the page: each edit, the references a rename follows, what a
delete takes with it, and the edits refused with their reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.formats import catalog_from_dict
from simulator.formats.catalog_edit import EditError, Renamed, edit_catalog

STARTER = Path(__file__).resolve().parent.parent / "docs" / "downloads" / "starter-catalog.json"


@pytest.fixture
def catalog():  # type: ignore[no-untyped-def]
    return catalog_from_dict(json.loads(STARTER.read_text("utf-8")))


def test_add_a_tree_and_a_category_under_it(catalog) -> None:  # type: ignore[no-untyped-def]
    step = edit_catalog(catalog, "category-add", {"code": "print", "label": "Impression"})
    step = edit_catalog(step.catalog, "category-add", {"code": "print_flyers", "parent": "print"})
    assert [t.code for t in step.catalog.trees] == ["catalogue_fr", "marketplace", "print"]
    assert step.catalog.category_by_code["print"].labels == {"fr_FR": "Impression"}
    assert step.catalog.root_by_category["print_flyers"] == "print"
    assert step.said == "add the category print_flyers"


def test_renaming_a_tree_follows_its_children_products_channels_and_grants(catalog) -> None:  # type: ignore[no-untyped-def]
    done = edit_catalog(catalog, "category-rename", {"code": "catalogue_fr", "new_code": "catalogue_be"})
    renamed = done.catalog
    assert renamed.category_by_code["vetements"].parent == "catalogue_be"
    assert renamed.channel_by_code["ecommerce"].category_tree == "catalogue_be"
    assert done.renamed == (Renamed("tree", "catalogue_fr", "catalogue_be"),)
    done = edit_catalog(catalog, "category-rename", {"code": "vetements", "new_code": "habits"})
    assert done.catalog.product_by_identifier["chemise_lin"].categories == ("habits",)
    assert done.catalog.product_model_by_code["polo"].categories == ("habits", "mp_promo")


def test_moving_a_category_and_its_branch(catalog) -> None:  # type: ignore[no-untyped-def]
    moved = edit_catalog(catalog, "category-move", {"code": "chaussures", "parent": "marketplace"}).catalog
    assert moved.root_by_category["chaussures"] == "marketplace"
    with pytest.raises(EditError, match="cannot go into its own branch"):
        edit_catalog(catalog, "category-move", {"code": "catalogue_fr", "parent": "vetements"})
    with pytest.raises(EditError, match="publishes the tree"):
        edit_catalog(catalog, "category-move", {"code": "marketplace", "parent": "catalogue_fr"})


def test_deleting_a_category_takes_its_branch_and_leaves_its_products_unclassified_there(catalog) -> None:  # type: ignore[no-untyped-def]
    step = edit_catalog(catalog, "category-add", {"code": "sous_vetements", "parent": "vetements"}).catalog
    done = edit_catalog(step, "category-delete", {"code": "vetements"})
    assert "vetements" not in done.catalog.category_by_code and "sous_vetements" not in done.catalog.category_by_code
    assert done.catalog.product_by_identifier["chemise_lin"].categories == ()
    assert done.said == "delete vetements and the 1 categories below it"
    with pytest.raises(EditError, match="publishes this tree"):
        edit_catalog(catalog, "category-delete", {"code": "marketplace"})


def test_locales_channels_groups_and_attributes(catalog) -> None:  # type: ignore[no-untyped-def]
    added = edit_catalog(catalog, "locale-add", {"code": "de_DE"}).catalog
    assert added.locale_codes[-1] == "de_DE"
    removed = edit_catalog(catalog, "locale-delete", {"code": "nl_BE"})
    assert removed.catalog.locale_codes == ("fr_FR",)
    assert removed.renamed == (Renamed("locale", "nl_BE", None),)
    assert all(v.locale != "nl_BE" for p in removed.catalog.products for v in p.values)
    with pytest.raises(EditError, match="only locale of the channel"):
        edit_catalog(removed.catalog, "locale-delete", {"code": "fr_FR"})
    channel = edit_catalog(catalog, "channel-add", {"code": "print", "tree": "catalogue_fr", "locales": "fr_FR"})
    assert channel.catalog.channel_by_code["print"].locales == ("fr_FR",)
    group = edit_catalog(catalog, "attribute-group-rename", {"code": "marketing", "new_code": "contenu"})
    assert group.catalog.attribute_by_code["name"].group == "contenu"
    assert group.renamed == (Renamed("attribute_group", "marketing", "contenu"),)
    with pytest.raises(EditError, match="holds"):
        edit_catalog(catalog, "attribute-group-delete", {"code": "marketing"})
    attribute = edit_catalog(catalog, "attribute-add", {"code": "seo_title", "group": "marketing",
                                                        "localizable": "on", "scopable": "on"}).catalog
    assert attribute.attribute_by_code["seo_title"].scopable
    moved = edit_catalog(catalog, "attribute-update", {"code": "name", "group": "erp"}).catalog
    assert moved.attribute_by_code["name"].group == "erp"
    gone = edit_catalog(catalog, "attribute-delete", {"code": "color"}).catalog
    assert all(v.attribute != "color" for p in gone.products for v in p.values)
    assert "color" not in gone.family_by_code["chemises"].attributes


def test_families_models_and_products(catalog) -> None:  # type: ignore[no-untyped-def]
    family = edit_catalog(catalog, "family-add", {"code": "sacs", "attributes": "sku,name"}).catalog
    assert family.family_by_code["sacs"].attributes == ("sku", "name")
    with pytest.raises(EditError, match="change its family first"):
        edit_catalog(catalog, "family-delete", {"code": "chemises"})
    model = edit_catalog(catalog, "product-model-add", {"code": "short", "categories": "vetements"}).catalog
    variant = edit_catalog(model, "product-add", {"identifier": "short_m", "parent": "short"}).catalog
    assert variant.categories_of(variant.product_by_identifier["short_m"]) == {"vetements"}
    with pytest.raises(EditError, match="a model and a sub-model at most"):
        edit_catalog(catalog, "product-model-add", {"code": "deeper", "parent": "polo_bleu"})
    moved = edit_catalog(catalog, "product-update", {"identifier": "echantillon", "categories": "mp_promo"}).catalog
    assert moved.product_by_identifier["echantillon"].categories == ("mp_promo",)
    gone = edit_catalog(catalog, "product-delete", {"identifier": "basket_blanche"})
    assert gone.catalog.product_by_identifier["chemise_lin"].associations[0].products == ()
    assert gone.renamed == (Renamed("product", "basket_blanche", None),)
    without = edit_catalog(catalog, "product-model-delete", {"code": "polo"})
    assert "polo_bleu" not in without.catalog.product_model_by_code
    assert "polo_bleu_m" not in without.catalog.product_by_identifier
    assert without.said == "delete the product model polo and its 1 variants"


@pytest.mark.parametrize(
    ("edit", "fields", "message"),
    [
        ("category-add", {"code": "vetements"}, "exists already"),
        ("category-add", {"code": "a b"}, "is not a category code"),
        ("category-add", {"code": "x", "parent": "nowhere"}, 'there is no category "nowhere"'),
        ("locale-add", {"code": "french"}, "is not a locale code"),
        ("attribute-add", {"code": "w", "group": "erp", "type": "pim_catalog_metric"}, "measurement family"),
        ("attribute-add", {"code": "id2", "group": "erp", "type": "pim_catalog_identifier"}, "identifier attribute already"),
        ("product-add", {"identifier": "a,b"}, "comma"),
        ("product-add", {"identifier": "chemise_lin"}, "exists already"),
        ("channel-add", {"code": "c", "tree": "vetements"}, 'there is no tree "vetements"'),
        ("frobnicate", {}, "unknown edit"),
    ],
)
def test_an_edit_that_cannot_be_made_says_why(catalog, edit: str, fields: dict[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EditError, match=message):
        edit_catalog(catalog, edit, fields)
