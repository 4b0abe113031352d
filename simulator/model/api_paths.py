"""Every path of the PIM's REST API, with the methods each one answers: what tells a
request the simulator does not model from one the PIM itself has no route for.

Two sources, cited row by row below:

- the PIM's own route table: the ``url_matching_routes.php`` Symfony compiles for
  akeneo/pim-community-dev v7.0.23 (found in EntrepriseProjectSource/akeneo-tpl,
  ``var/cache/prod/url_matching_routes.php``). It gives each path's methods **in the
  order the router tries them**, which is the order of the ``Allow`` list of a 405;
- the API reference (akeneo/pim-api-docs, ``content/swagger/akeneo-web-api.json``):
  the paths of the Enterprise Edition (``x-ee``), of the SaaS PIM only (no
  ``x-versions``) and of the former asset manager (``x-versions`` 2.1 to 3.x), with
  each operation's ``operationId``, the anchor of its page.

A path matches a template segment by segment (``{name}`` is one segment, as the PIM's
``[^/]++``), except the product identifier and the media file code, which may hold
slashes in the PIM too.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final


class Availability(enum.Enum):
    """Which PIMs have a path."""

    EVERY_EDITION = "every edition"
    """In the Community Edition's route table, so in every edition."""
    ENTERPRISE = "Enterprise Edition"
    """Documented for the Enterprise Edition only (``x-ee``)."""
    SAAS = "SaaS"
    """Documented without a version: the SaaS PIM's, absent from the 7.0 route table."""
    FORMER_ASSETS = "Enterprise Edition 2.1 to 3.x"
    """The former asset manager's (PAM), documented for EE 2.1 to 3.x only."""

    __hash__ = object.__hash__


@dataclass(frozen=True)
class ApiPath:
    """One path of the PIM's API: its methods in the router's order, each with the
    API reference's ``operationId`` (empty where the reference does not document it)."""

    template: str
    methods: tuple[tuple[str, str], ...]
    availability: Availability
    topic: str
    """What the path serves, in words: "media files", "measurement families"."""

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(method for method, _ in self.methods)

    def operation(self, method: str) -> str | None:
        """The ``operationId`` of ``method`` on this path, or None if the path has no
        such method."""
        return next((op for m, op in self.methods if m == method), None)


_V1 = "/api/rest/v1"
_EVERY, _EE, _SAAS, _PAM = (Availability.EVERY_EDITION, Availability.ENTERPRISE, Availability.SAAS,
                            Availability.FORMER_ASSETS)


def _path(template: str, availability: Availability, topic: str, *methods: tuple[str, str]) -> ApiPath:
    return ApiPath(template, methods, availability, topic)


API_PATHS: Final[tuple[ApiPath, ...]] = (
    # The route table of v7.0.23 (static routes, then the dynamic ones by their mark).
    _path(_V1, _EVERY, "the list of endpoints", ("GET", "get_endpoints")),
    _path(f"{_V1}/system-information", _EVERY, "the system information", ("GET", "get_system_information")),
    _path(f"{_V1}/products", _EVERY, "products", ("GET", "get_products"), ("POST", "post_products"),
          ("PATCH", "patch_products")),
    _path(f"{_V1}/products/{{code}}", _EVERY, "products", ("GET", "get_products__code_"),
          ("PATCH", "patch_products__code_"), ("DELETE", "delete_products__code_")),
    _path(f"{_V1}/products-uuid", _EVERY, "products", ("GET", "get_products_uuid"), ("POST", "post_products_uuid"),
          ("PATCH", "patch_products_uuid")),
    _path(f"{_V1}/products-uuid/{{uuid}}", _EVERY, "products", ("DELETE", "delete_products_uuid__uuid_"),
          ("GET", "get_products_uuid__uuid_"), ("PATCH", "patch_products_uuid__uuid_")),
    _path(f"{_V1}/product-models", _EVERY, "product models", ("GET", "get_product_models"),
          ("POST", "post_product_models"), ("PATCH", "patch_product_models")),
    _path(f"{_V1}/product-models/{{code}}", _EVERY, "product models", ("GET", "get_product_models__code_"),
          ("PATCH", "patch_product_models__code_"), ("DELETE", "delete_product_models__code_")),
    _path(f"{_V1}/categories", _EVERY, "categories", ("GET", "get_categories"), ("POST", "post_categories"),
          ("PATCH", "patch_categories")),
    _path(f"{_V1}/categories/{{code}}", _EVERY, "categories", ("GET", "get_categories__code_"),
          ("PATCH", "patch_categories__code_")),
    _path(f"{_V1}/attributes", _EVERY, "attributes", ("GET", "get_attributes"), ("POST", "post_attributes"),
          ("PATCH", "patch_attributes")),
    _path(f"{_V1}/attributes/{{code}}", _EVERY, "attributes", ("PATCH", "patch_attributes__code_"),
          ("GET", "get_attributes__code_")),
    _path(f"{_V1}/attributes/{{attribute_code}}/options", _EVERY, "attribute options",
          ("GET", "get_attributes__attribute_code__options"), ("POST", "post_attributes__attribute_code__options"),
          ("PATCH", "patch_attributes__attribute_code__options")),
    _path(f"{_V1}/attributes/{{attribute_code}}/options/{{code}}", _EVERY, "attribute options",
          ("PATCH", "patch_attributes__attribute_code__options__code_"),
          ("GET", "get_attributes__attribute_code__options__code_")),
    _path(f"{_V1}/attribute-groups", _EVERY, "attribute groups", ("GET", "attribute_groups_get_list"),
          ("POST", "attribute_groups_post"), ("PATCH", "several_attribute_groups_patch")),
    _path(f"{_V1}/attribute-groups/{{code}}", _EVERY, "attribute groups", ("GET", "attribute_groups_get"),
          ("PATCH", "attribute_groups_patch")),
    _path(f"{_V1}/families", _EVERY, "families", ("GET", "get_families"), ("POST", "post_families"),
          ("PATCH", "patch_families")),
    _path(f"{_V1}/families/{{code}}", _EVERY, "families", ("GET", "get_families__code_"),
          ("PATCH", "patch_families__code_")),
    _path(f"{_V1}/families/{{family_code}}/variants", _EVERY, "family variants",
          ("GET", "get_families__family_code__variants"), ("POST", "post_families__family_code__variants"),
          ("PATCH", "patch_families__family_code__variants")),
    _path(f"{_V1}/families/{{family_code}}/variants/{{code}}", _EVERY, "family variants",
          ("GET", "get_families__family_code__variants__code__"),
          ("PATCH", "patch_families__family_code__variants__code__")),
    _path(f"{_V1}/channels", _EVERY, "channels", ("GET", "get_channels"), ("POST", "channels_post"),
          ("PATCH", "several_channels_patch")),
    _path(f"{_V1}/channels/{{code}}", _EVERY, "channels", ("GET", "get_channels__code_"), ("PATCH", "channels_patch")),
    _path(f"{_V1}/locales", _EVERY, "locales", ("GET", "get_locales")),
    _path(f"{_V1}/locales/{{code}}", _EVERY, "locales", ("GET", "get_locales__code_")),
    _path(f"{_V1}/currencies", _EVERY, "currencies", ("GET", "currencies_get_list")),
    _path(f"{_V1}/currencies/{{code}}", _EVERY, "currencies", ("GET", "currencies_get")),
    _path(f"{_V1}/association-types", _EVERY, "association types", ("GET", "association_types_get_list"),
          ("POST", "association_types_post"), ("PATCH", "several_association_types_patch")),
    _path(f"{_V1}/association-types/{{code}}", _EVERY, "association types", ("GET", "association_types_get"),
          ("PATCH", "association_types_patch")),
    _path(f"{_V1}/media-files", _EVERY, "media files", ("GET", "get_media_files"), ("POST", "post_media_files")),
    _path(f"{_V1}/media-files/{{file}}/download", _EVERY, "media files", ("GET", "get_media_files__code__download")),
    _path(f"{_V1}/media-files/{{file}}", _EVERY, "media files", ("GET", "get_media_files__code_")),
    _path(f"{_V1}/measure-families", _EVERY, "measure families (the legacy measurement families)",
          ("GET", "measure_families_get_list")),
    _path(f"{_V1}/measure-families/{{code}}", _EVERY, "measure families (the legacy measurement families)",
          ("GET", "measure_families_get")),
    _path(f"{_V1}/measurement-families", _EVERY, "measurement families", ("GET", "measurement_families_get_list"),
          ("PATCH", "patch_measurement_families")),
    _path(f"{_V1}/catalogs", _EVERY, "the App's catalogs", ("POST", ""), ("GET", "")),
    _path(f"{_V1}/catalogs/{{id}}", _EVERY, "the App's catalogs", ("GET", ""), ("DELETE", ""), ("PATCH", "")),
    _path(f"{_V1}/catalogs/{{id}}/product-identifiers", _EVERY, "the App's catalogs", ("GET", "")),
    _path(f"{_V1}/catalogs/{{id}}/product-uuids", _EVERY, "the App's catalogs", ("GET", "")),
    _path(f"{_V1}/catalogs/{{id}}/products", _EVERY, "the App's catalogs", ("GET", "")),
    _path(f"{_V1}/catalogs/{{id}}/products/{{uuid}}", _EVERY, "the App's catalogs", ("GET", "")),
    _path(f"{_V1}/catalogs/{{id}}/mapping-schemas/product", _EVERY, "the App's catalogs", ("GET", ""), ("PUT", ""),
          ("DELETE", "")),
    _path(f"{_V1}/catalogs/{{id}}/mapped-products", _EVERY, "the App's catalogs", ("GET", "")),
    _path(f"{_V1}/test-apps", _EVERY, "test Apps", ("GET", ""), ("POST", "")),
    _path(f"{_V1}/test-apps/{{client_id}}", _EVERY, "test Apps", ("DELETE", "")),
    _path("/api/oauth/v1/token", _EVERY, "the API token", ("POST", "post_token")),
    # The API reference: the Enterprise Edition's paths.
    _path(f"{_V1}/products/{{code}}/draft", _EE, "drafts", ("GET", "get_draft__code_")),
    _path(f"{_V1}/products/{{code}}/proposal", _EE, "proposals", ("POST", "post_proposal")),
    _path(f"{_V1}/products-uuid/{{uuid}}/draft", _EE, "drafts", ("GET", "get_draft_uuid__uuid_")),
    _path(f"{_V1}/products-uuid/{{uuid}}/proposal", _EE, "proposals", ("POST", "post_proposal_uuid")),
    _path(f"{_V1}/product-models/{{code}}/draft", _EE, "drafts", ("GET", "get_product_model_draft__code_")),
    _path(f"{_V1}/product-models/{{code}}/proposal", _EE, "proposals", ("POST", "post_product_model_proposal")),
    _path(f"{_V1}/published-products", _EE, "published products", ("GET", "get_published_products")),
    _path(f"{_V1}/published-products/{{code}}", _EE, "published products", ("GET", "get_published_products__code_")),
    _path(f"{_V1}/reference-entities", _EE, "reference entities", ("GET", "get_reference_entities")),
    _path(f"{_V1}/reference-entities/{{code}}", _EE, "reference entities", ("GET", "get_reference_entities__code_"),
          ("PATCH", "patch_reference_entity__code_")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/attributes", _EE, "reference entities",
          ("GET", "get_reference_entities__code__attributes")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/attributes/{{code}}", _EE, "reference entities",
          ("GET", "get_reference_entity_attributes__code_"), ("PATCH", "patch_reference_entity_attributes__code_")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/attributes/{{attribute_code}}/options", _EE,
          "reference entities", ("GET", "get_reference_entity_attributes__attribute_code__options")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/attributes/{{attribute_code}}/options/{{code}}", _EE,
          "reference entities", ("GET", "get_reference_entity_attributes__attribute_code__options__code_"),
          ("PATCH", "patch_reference_entity_attributes__attribute_code__options__code_")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/records", _EE, "reference entity records",
          ("GET", "get_reference_entity_records"), ("PATCH", "patch_reference_entity_records")),
    _path(f"{_V1}/reference-entities/{{reference_entity_code}}/records/{{code}}", _EE, "reference entity records",
          ("GET", "get_reference_entity_records__code_"), ("PATCH", "patch_reference_entity_records__code_")),
    _path(f"{_V1}/reference-entities-media-files", _EE, "reference entity media files",
          ("POST", "post_reference_entity_media_files")),
    _path(f"{_V1}/reference-entities-media-files/{{code}}", _EE, "reference entity media files",
          ("GET", "get_reference_entity_media_files__code")),
    _path(f"{_V1}/asset-families", _EE, "asset families", ("GET", "get_asset_families")),
    _path(f"{_V1}/asset-families/{{code}}", _EE, "asset families", ("GET", "get_asset_family__code_"),
          ("PATCH", "patch_asset_family__code_")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/attributes", _EE, "asset families",
          ("GET", "get_asset_families__code__attributes")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/attributes/{{code}}", _EE, "asset families",
          ("GET", "get_asset_family_attributes__code_"), ("PATCH", "patch_asset_family_attributes__code_")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/attributes/{{attribute_code}}/options", _EE, "asset families",
          ("GET", "get_asset_family_attributes__attribute_code__options")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/attributes/{{attribute_code}}/options/{{code}}", _EE,
          "asset families", ("GET", "get_asset_attributes__attribute_code__options__code_"),
          ("PATCH", "patch_asset_attributes__attribute_code__options__code_")),
    _path(f"{_V1}/asset-media-files", _EE, "asset media files", ("POST", "post_asset_media_files")),
    _path(f"{_V1}/asset-media-files/{{code}}", _EE, "asset media files", ("GET", "get_asset_media_files__code")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/assets", _EE, "assets", ("GET", "get_assets"),
          ("PATCH", "patch_assets")),
    _path(f"{_V1}/asset-families/{{asset_family_code}}/assets/{{code}}", _EE, "assets", ("GET", "get_assets__code_"),
          ("PATCH", "patch_asset__code_"), ("DELETE", "delete_assets__code_")),
    # The API reference: the SaaS PIM's paths.
    _path(f"{_V1}/products-uuid/search", _SAAS, "the product search", ("POST", "search_products_uuid")),
    _path(f"{_V1}/jobs/export/{{code}}", _SAAS, "export jobs", ("POST", "post_job_export")),
    _path(f"{_V1}/jobs/import/{{code}}", _SAAS, "import jobs", ("POST", "post_job_import")),
    _path(f"{_V1}/category-media-files", _SAAS, "category media files", ("POST", "post_category_media_files")),
    _path(f"{_V1}/category-media-files/{{file}}/download", _SAAS, "category media files",
          ("GET", "get_category_media_files__file_path__download")),
    # The API reference: the former asset manager's paths (EE 2.1 to 3.x).
    _path(f"{_V1}/assets", _PAM, "the former asset manager's assets", ("GET", "get_pam_assets"),
          ("POST", "post_pam_assets"), ("PATCH", "patch_pam_assets")),
    _path(f"{_V1}/assets/{{code}}", _PAM, "the former asset manager's assets", ("GET", "get_pam_assets__code_"),
          ("PATCH", "patch_pam_assets__code_")),
    _path(f"{_V1}/assets/{{asset_code}}/reference-files/{{locale_code}}", _PAM, "the former asset manager's assets",
          ("GET", "get_reference_files__locale_code_"), ("POST", "post_reference_files__locale_code_")),
    _path(f"{_V1}/assets/{{asset_code}}/reference-files/{{locale_code}}/download", _PAM,
          "the former asset manager's assets", ("GET", "get_reference_files__channel_code__locale_code__download")),
    _path(f"{_V1}/assets/{{asset_code}}/variation-files/{{channel_code}}/{{locale_code}}", _PAM,
          "the former asset manager's assets", ("GET", "get_variation_files__channel_code__locale_code"),
          ("POST", "post_variation_files__channel_code__locale_code_")),
    _path(f"{_V1}/assets/{{asset_code}}/variation-files/{{channel_code}}/{{locale_code}}/download", _PAM,
          "the former asset manager's assets", ("GET", "get_variation_files__channel_code__locale_code__download")),
    _path(f"{_V1}/asset-categories", _PAM, "the former asset manager's categories", ("GET", "get_asset_categories"),
          ("POST", "post_asset_categories"), ("PATCH", "patch_asset_categories")),
    _path(f"{_V1}/asset-categories/{{code}}", _PAM, "the former asset manager's categories",
          ("GET", "get_asset_categories__code_"), ("PATCH", "patch_asset_categories__code_")),
    _path(f"{_V1}/asset-tags", _PAM, "the former asset manager's tags", ("GET", "get_asset_tags")),
    _path(f"{_V1}/asset-tags/{{code}}", _PAM, "the former asset manager's tags", ("GET", "get_asset_tags__code_"),
          ("PATCH", "patch_asset_tags__code_")),
)
"""The PIM's API paths; the Community Edition's route table first."""

_SEGMENT = "[^/]+"
_WIDE_SEGMENTS: Final = {
    # The route requirements that let a code hold slashes (the route table's regexes).
    f"{_V1}/products/{{code}}": "(?:.+)(?<!/draft)(?<!/proposal)",
    f"{_V1}/product-models/{{code}}": "(?:.+)(?<!/draft)(?<!/proposal)",
    f"{_V1}/media-files/{{file}}": "[a-zA-Z0-9_./]+",
    f"{_V1}/media-files/{{file}}/download": "[a-zA-Z0-9_./]+",
}
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _pattern(path: ApiPath) -> re.Pattern[str]:
    wide = _WIDE_SEGMENTS.get(path.template)
    parts = []
    for piece in re.split(r"(\{[a-z_]+\})", path.template):
        if piece.startswith("{"):
            parts.append(wide or (_UUID if piece == "{uuid}" else _SEGMENT))
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


_PATTERNS: Final = tuple((_pattern(path), path) for path in API_PATHS)


@lru_cache(maxsize=256)
def api_path(path: str) -> ApiPath | None:
    """The PIM's path that ``path`` (without its query string) reaches, or None when
    the PIM has no route for it; the route table's paths come first, as they do in the
    router."""
    for pattern, known in _PATTERNS:
        if pattern.fullmatch(path):
            return known
    return None
