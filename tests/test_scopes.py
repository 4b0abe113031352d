"""Scopes: implications, the wizard's lines, dropped scopes, re-authorization."""

from __future__ import annotations

import pytest

from simulator.connect import (
    KNOWN_SCOPES,
    ScopeError,
    ScopeRequest,
    authorization_lines,
    connected_app_notice,
    consent_lines,
    expand,
    has_product_scope,
    new_scopes,
    no_scope_screen,
    parse_scope_parameter,
)


# reference §2: write implies read, delete implies write and read, within one entity.
@pytest.mark.parametrize(
    ("asked", "exhaustive"),
    [
        ("read_products", {"read_products"}),
        ("write_products", {"read_products", "write_products"}),
        ("delete_products", {"read_products", "write_products", "delete_products"}),
        ("write_catalog_structure", {"read_catalog_structure", "write_catalog_structure"}),
        ("write_attribute_options", {"read_attribute_options", "write_attribute_options"}),
        ("write_categories", {"read_categories", "write_categories"}),
        ("read_channel_localization", {"read_channel_localization"}),
        ("write_channel_settings", {"read_channel_settings", "write_channel_settings"}),
        ("write_association_types", {"read_association_types", "write_association_types"}),
        ("delete_catalogs", {"read_catalogs", "write_catalogs", "delete_catalogs"}),
        ("write_asset_families", {"read_asset_families", "write_asset_families"}),
        ("delete_assets", {"read_assets", "write_assets", "delete_assets"}),
        ("write_reference_entities", {"read_reference_entities", "write_reference_entities"}),
        (
            "write_reference_entity_records",
            {"read_reference_entity_records", "write_reference_entity_records"},
        ),
        ("openid profile email", {"openid", "profile", "email"}),
        ("", set()),
    ],
)
def test_expand_adds_the_implied_scopes_of_the_same_entity(
    asked: str, exhaustive: set[str]
) -> None:
    assert expand(asked.split()) == exhaustive


# reference §2: no cross-entity implication.
@pytest.mark.parametrize(
    ("asked", "not_implied"),
    [
        ("write_products", "read_catalog_structure"),
        ("delete_products", "read_categories"),
        ("write_channel_settings", "read_channel_localization"),
        ("write_catalog_structure", "read_attribute_options"),
        ("delete_assets", "read_asset_families"),
    ],
)
def test_expand_never_crosses_entities(asked: str, not_implied: str) -> None:
    assert not_implied not in expand([asked])


def test_expand_refuses_an_unknown_scope_with_its_name() -> None:
    with pytest.raises(ScopeError, match='unknown scope "read_channels"'):
        expand(["read_products", "read_channels"])


# reference §2: the authorization step, highest scope per entity, three templates.
@pytest.mark.parametrize(
    ("asked", "lines"),
    [
        ("read_products", ("View products and product models",)),
        ("read_products write_products", ("View and edit products and product models",)),
        ("write_products", ("View and edit products and product models",)),
        (
            "read_products delete_products",
            ("View, edit and delete products and product models",),
        ),
        (
            "read_catalog_structure",
            ("View attributes, attribute groups, families and family variants",),
        ),
        (
            "write_catalog_structure",
            ("View and edit attributes, attribute groups, families and family variants",),
        ),
        ("write_attribute_options", ("View and edit attribute options",)),
        ("read_categories", ("View categories",)),
        ("read_channel_localization", ("View locales and currencies",)),
        ("write_channel_settings", ("View and edit channels",)),
        ("read_association_types", ("View association types",)),
        ("delete_catalogs", ("View, edit and delete catalogs",)),
        ("read_asset_families", ("View asset families",)),
        ("delete_assets", ("View, edit and delete assets",)),
        ("write_reference_entities", ("View and edit reference entities",)),
        ("read_reference_entity_records", ("View reference entity records",)),
        # ScopeMapperRegistry::getMessages sorts by scope code (GetWizardDataActionEndToEnd)
        (
            "read_categories write_products read_channel_settings",
            (
                "View categories",
                "View channels",
                "View and edit products and product models",
            ),
        ),
        (
            "write_catalog_structure delete_products read_association_types openid profile email",
            (
                "View, edit and delete products and product models",
                "View association types",
                "View and edit attributes, attribute groups, families and family variants",
            ),
        ),
        ("openid profile email", ()),
        ("", ()),
    ],
)
def test_authorization_lines(asked: str, lines: tuple[str, ...]) -> None:
    assert authorization_lines(asked.split()) == lines


# reference §2, §3: the consent step's lines; openid alone asks no consent.
@pytest.mark.parametrize(
    ("asked", "lines"),
    [
        ("openid", ()),
        ("openid profile", ("View your firstname and your lastname",)),
        ("openid email", ("View your email address",)),
        (
            "email openid profile",
            ("View your firstname and your lastname", "View your email address"),
        ),
        ("read_products", ()),
    ],
)
def test_consent_lines(asked: str, lines: tuple[str, ...]) -> None:
    assert consent_lines(asked.split()) == lines


# reference §1.3: unknown scopes are silently dropped; the simulator reports them.
@pytest.mark.parametrize(
    ("parameter", "kept", "dropped"),
    [
        ("read_products write_products", ("read_products", "write_products"), ()),
        ("read_products read_channels", ("read_products",), ("read_channels",)),
        (
            "read_products  read_products write_everything write_everything",
            ("read_products",),
            ("write_everything",),
        ),
        ("openid profile email", ("openid", "profile", "email"), ()),
        ("", (), ()),
        ("READ_PRODUCTS", (), ("READ_PRODUCTS",)),
    ],
)
def test_parse_scope_parameter_keeps_known_scopes_in_order(
    parameter: str, kept: tuple[str, ...], dropped: tuple[str, ...]
) -> None:
    assert parse_scope_parameter(parameter) == ScopeRequest(kept, dropped)


def test_a_scope_parameter_of_1000_characters_is_accepted() -> None:
    parameter = ("read_products " * 72)[:1000]
    assert len(parameter) == 1000
    assert parse_scope_parameter(parameter).kept == ("read_products",)


def test_a_scope_parameter_over_1000_characters_gets_the_pims_message() -> None:
    # reference §1.3
    with pytest.raises(ScopeError) as error:
        parse_scope_parameter("read_products " * 72)
    assert str(error.value) == "The scope list must not contain more than 1000 characters."


# reference §2: re-authorization compares the exhaustive lists.
@pytest.mark.parametrize(
    ("already", "requested", "new"),
    [
        ("read_products", "read_products write_products", {"write_products"}),
        ("write_products", "read_products", set()),
        ("delete_products", "write_products read_products", set()),
        ("read_products", "read_products read_categories", {"read_categories"}),
        ("", "write_products", {"read_products", "write_products"}),
        ("openid", "openid profile", {"profile"}),
    ],
)
def test_new_scopes(already: str, requested: str, new: set[str]) -> None:
    assert new_scopes(already.split(), requested.split()) == new


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("read_products", True),
        ("delete_products", True),
        ("read_catalog_structure read_categories", False),
        ("openid profile email", False),
        ("", False),
    ],
)
def test_has_product_scope(asked: str, expected: bool) -> None:
    assert has_product_scope(asked.split()) is expected


def test_the_no_scope_screen() -> None:
    # reference §2: the two sentences and what the App can still do.
    screen = no_scope_screen("Dashboard App")
    assert screen.title == "Dashboard App would like to access your PIM."
    assert screen.message == "No specific authorizations have been requested."
    assert screen.abilities == (
        "get the list of all API endpoints, which is also available on api.akeneo.com",
        "get your system information: your PIM version and edition",
    )


# reference §3: descriptions of a connected App that does not read products.
@pytest.mark.parametrize(
    ("scopes", "notice"),
    [
        ("openid", "This app uses Akeneo App authentication without using your personal data."),
        ("read_categories", "This connected app doesn't access your product information."),
        ("", "This connected app doesn't access your product information."),
        ("openid profile", "This connected app doesn't access your product information."),
        ("read_products", ""),
    ],
)
def test_connected_app_notice(scopes: str, notice: str) -> None:
    assert connected_app_notice(scopes.split()) == notice


def test_every_scope_of_the_reference_table_is_known() -> None:
    # reference §2: 26 authorization scopes and 3 identity scopes.
    assert len(KNOWN_SCOPES) == 29
    assert len(set(KNOWN_SCOPES)) == 29
