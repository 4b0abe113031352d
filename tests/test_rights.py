"""The permission rules on products, values, locales and attribute groups.

Reference: akeneo-apps-and-permissions.md §4 "What the App may do with products (EE)".
"""

from __future__ import annotations

import pytest
from answer_fixtures import CATALOG

from simulator.engine import (
    ValueAccess,
    attribute_group_level,
    effective_permissions,
    locale_level,
    product_level,
    value_access,
)
from simulator.model import Axis, AxisGrant, Edition, Grant, Level, Permissions

PRODUCTS = CATALOG.product_by_identifier
MODELS = CATALOG.product_model_by_code


# §4: "The most permissive category wins"; "an unclassified product is owned by
# everyone"; "including the categories of its parent and grand-parent product models";
# §3: "a level given to a tree applies to every category below it".
@pytest.mark.parametrize(
    ("product", "categories", "expected"),
    [
        ("hat", AxisGrant.of(own={"ecommerce"}), Level.OWN),
        ("hat", AxisGrant.of(view={"master"}, edit={"ecommerce"}), Level.EDIT),
        ("hat", AxisGrant.of(view={"master"}), Level.VIEW),
        ("hat", AxisGrant.of(own={"print"}), Level.NONE),
        ("braided_hat", AxisGrant.of(own={"master", "ecommerce"}), Level.NONE),
        ("braided_hat", AxisGrant.of(view={"print"}), Level.VIEW),
        ("cap", AxisGrant.of(own={"master"}), Level.OWN),  # two levels below the root
        ("scarf", AxisGrant(), Level.OWN),  # unclassified
        ("scarf", AxisGrant.of(view={"master"}), Level.OWN),
        ("tshirt_blue_m", AxisGrant.of(edit={"ecommerce"}), Level.EDIT),  # grand-parent's category
        ("tshirt_blue_m", AxisGrant.of(own={"master"}), Level.NONE),
        ("hat", AxisGrant.of(own_all=True), Level.OWN),
        ("hat", AxisGrant.of(view_all=True), Level.VIEW),
    ],
)
def test_product_level(product: str, categories: AxisGrant, expected: Level) -> None:
    assert product_level(CATALOG, Permissions(categories=categories), PRODUCTS[product]) == expected


@pytest.mark.parametrize(
    ("model", "categories", "expected"),
    [
        ("tshirt", AxisGrant.of(edit={"ecommerce"}), Level.EDIT),
        ("tshirt_blue", AxisGrant.of(view={"ecommerce"}), Level.VIEW),  # inherits from its parent
        ("poster", AxisGrant.of(own={"ecommerce"}), Level.NONE),
    ],
)
def test_product_model_level(model: str, categories: AxisGrant, expected: Level) -> None:
    assert product_level(CATALOG, Permissions(categories=categories), MODELS[model]) == expected


@pytest.mark.parametrize(
    ("locales", "locale", "expected"),
    [
        (AxisGrant.of(edit={"en_US", "de_DE"}, view={"fr_FR"}), "fr_FR", Level.VIEW),
        (AxisGrant.of(edit={"en_US", "de_DE"}, view={"fr_FR"}), "en_US", Level.EDIT),
        (AxisGrant.of(edit={"en_US"}), "de_DE", Level.NONE),
        (AxisGrant.of(view_all=True), "de_DE", Level.VIEW),
    ],
)
def test_locale_level(locales: AxisGrant, locale: str, expected: Level) -> None:
    assert locale_level(Permissions(locales=locales), locale) == expected


@pytest.mark.parametrize(
    ("groups", "group", "expected"),
    [
        (AxisGrant.of(view={"ecommerce", "marketing", "media"}), "marketing", Level.VIEW),
        (AxisGrant.of(view={"ecommerce", "marketing", "media"}), "erp", Level.NONE),
        (AxisGrant.of(edit={"erp"}), "erp", Level.EDIT),
    ],
)
def test_attribute_group_level(groups: AxisGrant, group: str, expected: Level) -> None:
    assert attribute_group_level(Permissions(attribute_groups=groups), group) == expected


EDIT_ALL = AxisGrant.of(edit_all=True)


# §4: "Axis order: locale, then category, then attribute group; a value is visible only
# if its locale (for localizable attributes), the product and its attribute group are
# all viewable."
@pytest.mark.parametrize(
    ("categories", "locales", "groups", "attribute", "locale", "access", "axis"),
    [
        (AxisGrant.of(own={"master"}), EDIT_ALL, EDIT_ALL, "name", "fr_FR", ValueAccess.EDITABLE, Axis.CATEGORY),
        (AxisGrant.of(edit={"master"}), EDIT_ALL, EDIT_ALL, "name", "fr_FR", ValueAccess.THROUGH_DRAFT, Axis.CATEGORY),
        (AxisGrant.of(view={"master"}), EDIT_ALL, EDIT_ALL, "name", "fr_FR", ValueAccess.READ_ONLY, Axis.CATEGORY),
        (AxisGrant.of(own={"master"}), AxisGrant.of(view={"fr_FR"}), EDIT_ALL, "name", "fr_FR",
         ValueAccess.READ_ONLY, Axis.LOCALE),
        (AxisGrant.of(own={"master"}), AxisGrant.of(edit={"en_US"}), EDIT_ALL, "name", "de_DE",
         ValueAccess.HIDDEN, Axis.LOCALE),
        # a hidden locale wins over a hidden product: the locale is checked first
        (AxisGrant(), AxisGrant.of(edit={"en_US"}), EDIT_ALL, "name", "de_DE", ValueAccess.HIDDEN, Axis.LOCALE),
        (AxisGrant(), EDIT_ALL, EDIT_ALL, "name", "en_US", ValueAccess.HIDDEN, Axis.CATEGORY),
        (AxisGrant.of(own={"master"}), EDIT_ALL, AxisGrant.of(edit={"marketing"}), "price", None,
         ValueAccess.HIDDEN, Axis.ATTRIBUTE_GROUP),
        (AxisGrant.of(own={"master"}), EDIT_ALL, AxisGrant.of(view={"erp"}), "price", None,
         ValueAccess.READ_ONLY, Axis.ATTRIBUTE_GROUP),
        # read-only on the locale is decided before read-only on the attribute group
        (AxisGrant.of(own={"master"}), AxisGrant.of(view={"fr_FR"}), AxisGrant.of(view={"marketing"}), "name",
         "fr_FR", ValueAccess.READ_ONLY, Axis.LOCALE),
        # a non-localizable value ignores the locale axis
        (AxisGrant.of(own={"master"}), AxisGrant(), EDIT_ALL, "price", None, ValueAccess.EDITABLE, Axis.CATEGORY),
    ],
)
def test_value_access(
    categories: AxisGrant,
    locales: AxisGrant,
    groups: AxisGrant,
    attribute: str,
    locale: str | None,
    access: ValueAccess,
    axis: Axis,
) -> None:
    right = value_access(
        CATALOG, Permissions(categories, locales, groups), PRODUCTS["hat"], CATALOG.attribute_by_code[attribute], locale
    )
    assert (right.access, right.decided_by) == (access, axis)


# §4: "CE and GE have no permission steps: a CE App is limited by its scopes alone; in GE
# the App's user group gets every permission by default."
@pytest.mark.parametrize("edition", [Edition.CE, Edition.GE])
def test_ce_and_ge_apply_every_permission_whatever_the_grant_says(edition: Edition) -> None:
    grant = Grant(edition, frozenset({"read_products"}), Permissions(categories=AxisGrant.of(view={"print"})))
    permissions = effective_permissions(grant)
    assert product_level(CATALOG, permissions, PRODUCTS["hat"]) == Level.OWN
    assert locale_level(permissions, "fr_FR") == Level.EDIT


def test_ee_applies_the_grant_as_given() -> None:
    grant = Grant(Edition.EE, frozenset(), Permissions(categories=AxisGrant.of(view={"print"})))
    assert product_level(CATALOG, effective_permissions(grant), PRODUCTS["hat"]) == Level.NONE
