"""The sample marketplace (issue 3, part 2)."""

from __future__ import annotations

import pytest

from simulator.connect import MARKETPLACE, ScopeRequest, UnknownAppError, app_by_id


@pytest.mark.parametrize(
    ("app_id", "name", "scope_parameter"),
    [
        ("erp_connector", "ERP Connector",
         "read_products write_products delete_products read_catalog_structure "
         "read_attribute_options read_categories read_channel_localization "
         "read_channel_settings"),
        ("translation_app", "Translation App",
         "read_products write_products read_catalog_structure read_channel_localization"),
        ("ecommerce_app", "E-commerce App",
         "read_products read_catalog_structure read_attribute_options read_categories "
         "read_channel_settings read_channel_localization read_association_types"),
        ("print_app", "Print App",
         "read_products read_catalog_structure read_categories read_channel_localization "
         "read_asset_families read_assets"),
        ("no_scope_app", "Dashboard App", ""),
        ("sign_in_app", "Sign-in App", "openid profile email"),
        ("feed_app", "Product Feed App", "read_products read_channels read_categories"),
    ],
)
def test_the_marketplace_apps_and_their_scopes(
    app_id: str, name: str, scope_parameter: str
) -> None:
    app = app_by_id(app_id)
    assert (app.name, app.scope_parameter) == (name, scope_parameter)
    assert app.description


def test_the_pim_drops_the_feed_apps_unknown_scope() -> None:
    # reference §1.3
    assert app_by_id("feed_app").request == ScopeRequest(
        ("read_products", "read_categories"), ("read_channels",)
    )


def test_app_ids_are_unique() -> None:
    ids = [app.id for app in MARKETPLACE]
    assert len(ids) == len(set(ids)) == 7


def test_an_unknown_app_id_lists_the_known_ones() -> None:
    with pytest.raises(UnknownAppError) as error:
        app_by_id("erp")
    assert str(error.value) == (
        'unknown App "erp"; known Apps: erp_connector, translation_app, ecommerce_app, '
        "print_app, no_scope_app, sign_in_app, feed_app"
    )
