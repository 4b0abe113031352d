"""The sample Apps of the simulator's marketplace, each with the scopes it asks.

Scopes are kept raw, as the App puts them in its authorization request: one of them
asks a scope the PIM does not know, to show that the PIM drops it (reference §1.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.connect.scopes import ScopeRequest, request_of


class UnknownAppError(ValueError):
    """An App id that is not in the marketplace."""


@dataclass(frozen=True)
class App:
    id: str
    name: str
    scopes: tuple[str, ...]
    """As the App requests them: raw, in its order, possibly with unknown ones."""
    description: str
    publisher: str = ""

    @property
    def scope_parameter(self) -> str:
        """The ``scope`` query parameter of the App's authorization request."""
        return " ".join(self.scopes)

    @property
    def request(self) -> ScopeRequest:
        """The scopes the PIM keeps and those it drops."""
        return request_of(self.scopes)


MARKETPLACE: tuple[App, ...] = (
    App(
        "erp_connector",
        "ERP Connector",
        (
            "read_products",
            "write_products",
            "delete_products",
            "read_catalog_structure",
            "read_attribute_options",
            "read_categories",
            "read_channel_localization",
            "read_channel_settings",
        ),
        "Keeps the PIM in step with your ERP: creates, updates and deletes products.",
        "Acme Integrations",
    ),
    App(
        "translation_app",
        "Translation App",
        (
            "read_products",
            "write_products",
            "read_catalog_structure",
            "read_channel_localization",
        ),
        "Translates your product texts from one locale into others.",
        "Lingua Labs",
    ),
    App(
        "ecommerce_app",
        "E-commerce App",
        (
            "read_products",
            "read_catalog_structure",
            "read_attribute_options",
            "read_categories",
            "read_channel_settings",
            "read_channel_localization",
            "read_association_types",
        ),
        "Publishes your products on your online store.",
        "Shopfront",
    ),
    App(
        "print_app",
        "Print App",
        (
            "read_products",
            "read_catalog_structure",
            "read_categories",
            "read_channel_localization",
            "read_asset_families",
            "read_assets",
        ),
        "Lays out your printed catalogs from your product data.",
        "Paper & Ink",
    ),
    App(
        "no_scope_app",
        "Dashboard App",
        (),
        "Shows your PIM's version and edition; asks no authorization.",
        "Acme Integrations",
    ),
    App(
        "sign_in_app",
        "Sign-in App",
        ("openid", "profile", "email"),
        "Lets your PIM users sign in to a partner service with their PIM account.",
        "Identity Works",
    ),
    App(
        "feed_app",
        "Product Feed App",
        ("read_products", "read_channels", "read_categories"),
        "Builds product feeds; asks `read_channels`, a scope the PIM does not know.",
        "Feedworks",
    ),
)


def app_by_id(app_id: str) -> App:
    for app in MARKETPLACE:
        if app.id == app_id:
            return app
    known = ", ".join(app.id for app in MARKETPLACE)
    raise UnknownAppError(f'unknown App "{app_id}"; known Apps: {known}')
