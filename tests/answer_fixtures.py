"""A tiny catalog shaped like the article's (reference §4 and the article's examples),
built in code so the rule tests do not depend on the shipped JSON catalogs."""

from __future__ import annotations

from simulator.model import (
    Association,
    Attribute,
    AttributeGroup,
    AxisGrant,
    Catalog,
    Category,
    Edition,
    Grant,
    Locale,
    Permissions,
    Product,
    ProductModel,
    Value,
)

ALL_PRODUCT_SCOPES = frozenset({"read_products", "write_products", "delete_products"})

CATALOG = Catalog(
    code="article",
    label="The article's catalog",
    locales=(Locale("en_US", "English"), Locale("fr_FR", "French"), Locale("de_DE", "German")),
    attribute_groups=tuple(
        AttributeGroup(code, {"en_US": code.capitalize()})
        for code in ("marketing", "ecommerce", "media", "erp", "technical")
    ),
    attributes=(
        Attribute("name", "marketing", localizable=True),
        Attribute("description", "ecommerce", localizable=True),
        Attribute("picture", "media"),
        Attribute("price", "erp"),
        Attribute("weight", "technical"),
        Attribute("color", "marketing"),
    ),
    categories=(
        Category("master", labels={"en_US": "Master catalog"}),
        Category("master_hats", "master"),
        Category("master_hats_caps", "master_hats"),
        Category("ecommerce", labels={"en_US": "Ecommerce"}),
        Category("ecommerce_summer", "ecommerce"),
        Category("print", labels={"en_US": "Print"}),
        Category("print_2024", "print"),
    ),
    product_models=(
        ProductModel("tshirt", categories=("ecommerce_summer",), values=(Value("name", "en_US", "T-shirt"),)),
        ProductModel("tshirt_blue", parent="tshirt", values=(Value("color", None, "blue"),)),
        ProductModel("poster", categories=("print_2024",)),
    ),
    products=(
        Product(
            "hat",
            family="accessories",
            categories=("master_hats", "ecommerce_summer"),
            values=(
                Value("name", "en_US", "Hat"),
                Value("name", "fr_FR", "Chapeau"),
                Value("name", "de_DE", "Hut"),
                Value("price", None, "10"),
                Value("weight", None, "0.2"),
            ),
            associations=(Association("X_SELL", products=("braided_hat", "scarf")),),
        ),
        Product("braided_hat", categories=("print_2024",), values=(Value("name", "en_US", "Braided hat"),)),
        Product("scarf", values=(Value("name", "en_US", "Scarf"), Value("price", None, "5"))),
        Product("tshirt_blue_m", parent="tshirt_blue", values=(Value("weight", None, "0.3"),)),
        Product("cap", categories=("master_hats_caps",), values=(Value("name", "en_US", "Cap"),)),
    ),
)

EVERY_LOCALE_AND_GROUP = {"locales": AxisGrant.of(edit_all=True), "attribute_groups": AxisGrant.of(edit_all=True)}


def ee(
    categories: AxisGrant,
    locales: AxisGrant | None = None,
    attribute_groups: AxisGrant | None = None,
    scopes: frozenset[str] = ALL_PRODUCT_SCOPES,
) -> Grant:
    """An EE grant; locales and attribute groups default to Edit on all."""
    return Grant(
        Edition.EE,
        scopes,
        Permissions(
            categories,
            locales if locales is not None else AxisGrant.of(edit_all=True),
            attribute_groups if attribute_groups is not None else AxisGrant.of(edit_all=True),
        ),
    )


# The article's Apps (reference §4, article "Example" sections).
ERP_APP = ee(AxisGrant.of(own={"master"}))
ECOMMERCE_OWNER = ee(AxisGrant.of(own={"ecommerce"}))
EDITOR_OF_MASTER = ee(AxisGrant.of(edit={"master"}))
VIEWER_OF_MASTER = ee(AxisGrant.of(view={"master"}))
TRANSLATION_APP = ee(
    AxisGrant.of(own={"master", "ecommerce"}),
    locales=AxisGrant.of(edit={"en_US", "de_DE"}, view={"fr_FR"}),
)
ECOMMERCE_GROUPS_APP = ee(
    AxisGrant.of(own_all=True),
    attribute_groups=AxisGrant.of(view={"ecommerce", "marketing", "media"}),
)
