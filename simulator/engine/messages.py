"""The REST API's messages, word for word (reference §2 and §4).

The reference quotes the product wording; the product-model wording is the PIM's same
sentence with "product model", as its product-model controllers say it.
"""

from __future__ import annotations

from typing import Iterable

from simulator.model import Kind

SCOPE_MESSAGES = {
    "read_products": "Access forbidden. You are not allowed to list products.",
    "write_products": "Access forbidden. You are not allowed to create or update products.",
    "delete_products": "Access forbidden. You are not allowed to delete products.",
}


def _title(kind: Kind) -> str:
    return "Product" if kind is Kind.PRODUCT else "Product model"


def not_found(kind: Kind, code: str) -> str:
    return f'{_title(kind)} "{code}" does not exist or you do not have permission to access it.'


def view_only(kind: Kind, code: str) -> str:
    return f'{_title(kind)} "{code}" cannot be updated. You only have a view right on this {kind.noun}.'


def fields_need_own(kind: Kind, fields: list[str]) -> str:
    return (
        f'You cannot update the following fields "{", ".join(fields)}". '
        f"You should at least own this {kind.noun} to do it."
    )


def keep_owned(kind: Kind) -> str:
    return f"You should at least keep your {kind.noun} in one category on which you have an own permission."


def delete_needs_own(kind: Kind) -> str:
    return (
        f"You can delete a {kind.noun} only if it is classified in at least one category "
        "on which you have an own permission."
    )


def proposal_by_owner(kind: Kind, code: str) -> str:
    return f'You have ownership on the {kind.noun} "{code}", you cannot send a draft for approval.'


def proposal_by_viewer(kind: Kind, code: str) -> str:
    return f'You only have view permission on the {kind.noun} "{code}", you cannot send a draft for approval.'


NO_DRAFT_TO_SUBMIT = "You should create a draft before submitting it for approval."
DRAFT_ALREADY_SUBMITTED = "You already submit your draft for approval."


def draft_by_owner(kind: Kind, code: str) -> str:
    return (
        f'You have ownership on the {kind.noun} "{code}", '
        f"you cannot create or retrieve a draft from this {kind.noun}."
    )


def draft_by_viewer(kind: Kind, code: str) -> str:
    return (
        f'You only have view permission on the {kind.noun} "{code}", '
        f"you cannot create or retrieve a draft from this {kind.noun}."
    )


def no_draft(kind: Kind, code: str) -> str:
    return f'There is no draft created for the {kind.noun} "{code}".'


def no_route(method: str, path: str) -> str:
    """Symfony's ``RouterListener`` (symfony/http-kernel 5.4, the PIM 7.0's) when no
    route matches the path. The PIM writes its own URL there
    (``$request->getUriForPath()``, scheme and host before the path); the simulator
    knows no host and writes the path."""
    return f'No route found for "{method} {path}"'


def method_not_allowed(method: str, path: str, allowed: Iterable[str]) -> str:
    """``RouterListener`` when a route matches the path but not the method: the
    ``Allow`` list in the order the router tried the path's routes (see
    :mod:`simulator.model.api_paths`); the path written as in :func:`no_route`."""
    return f'No route found for "{method} {path}": Method Not Allowed (Allow: {", ".join(allowed)})'


SIMULATED_ENDPOINTS = (
    "products and product models (by identifier and by uuid, one or in bulk; drafts and proposals in EE), "
    "the catalog structure (categories, attributes and their options, attribute groups, families, channels, "
    "locales, currencies, association types), the list of endpoints and the system information"
)
"""What the simulator answers, in full: told in the explanation of each request it does not."""


def not_simulated(method: str, path: str, topic: str) -> str:
    """The simulator's own sentence (not the PIM's) for an endpoint the PIM has and the
    simulator does not model: short, as it stands in every such row of a pasted log."""
    return (
        f"Not simulated: the simulator does not model {topic}, so it does not answer {method} {path}; it answers "
        "products and product models, the catalog structure and the calls about the API. "
        "(This is the simulator's sentence, not the PIM's.)"
    )


def unknown_category(code: str) -> str:
    """``CategoryFieldSetter``: ``InvalidPropertyException::validEntityCodeExpected``."""
    return f'Property "categories" expects a valid category code. The category does not exist, "{code}" given.'


def view_only_locale(locale: str) -> str:
    return f'You only have a view permission on the locale "{locale}".'


def hidden_locale(attribute: str, locale: str) -> str:
    """EE, pinned by ``CreateProductModelWithPermissionEndToEnd::testCreateWithNotViewableLocale``."""
    return f'Attribute "{attribute}" expects an existing and activated locale, "{locale}" given.'


def view_only_attribute_group(attribute: str, group: str) -> str:
    return f'Attribute "{attribute}" belongs to the attribute group "{group}" on which you only have view permission.'


def locale_expected(attribute: str) -> str:
    return f'Attribute "{attribute}" expects a locale, none given.'


def locale_unexpected(attribute: str, locale: str) -> str:
    return f'Attribute "{attribute}" does not expect a locale, "{locale}" given.'


def unknown_property(name: str) -> str:
    return f'Property "{name}" does not exist. Check the expected format on the API documentation.'


def unknown_property_bare(name: str) -> str:
    """``UnknownPropertyException`` before the controller appends its advice."""
    return f'Property "{name}" does not exist.'


IDENTIFIER_FIELD_UNKNOWN = 'Property "identifier" does not exist.'
"""``CreateProductByUuidController``, ``UpdateProductByUuidController``: through
``products-uuid`` the identifier is a value, not a field."""

NO_IDENTIFIER = (
    "Validation failed. The identifier field is required for this endpoint. If you want to manipulate products "
    "without identifiers, please use products-uuid endpoints."
)
"""``ProductController::NO_IDENTIFIER_MESSAGE``, pinned by ``PartialUpdateProductEndToEnd``."""

NOT_A_UUID = "This value is not a valid UUID."
"""Symfony's ``Uuid`` constraint in ``PayloadFormatValidator``, pinned by
``PartialUpdateListProductWithUuidEndToEnd``."""


def uuid_taken(uuid: str) -> str:
    """``CreateProductByUuidController``."""
    return f"The {uuid} uuid is already used for another product."


def uuid_mismatch(given: str, in_url: str) -> str:
    """``UpdateProductByUuidController::validateUuidConsistency``."""
    return f'The uuid "{given}" provided in the request body must match the uuid "{in_url}" provided in the url.'


def unknown_family(code: str) -> str:
    """``FamilyFieldSetter``: ``InvalidPropertyException::validEntityCodeExpected``."""
    return f'Property "family" expects a valid family code. The family does not exist, "{code}" given.'


def key_mismatch(kind: Kind, given: str, in_url: str) -> str:
    return f'The {kind.key} "{given}" provided in the request body must match the {kind.key} "{in_url}" provided in the url.'


def hidden_association(kind: Kind) -> str:
    return f"You cannot associate a {kind.noun} on which you have not a view permission."


def unknown_association(kind: Kind, code: str) -> str:
    return (
        f'Property "associations" expects a valid {kind.noun} {kind.key}. '
        f'The {kind.noun} does not exist, "{code}" given.'
    )


def unknown_parent(code: str) -> str:
    """``ParentFieldSetter``, pinned by ``CreateVariantProductEndToEnd`` (with the advice)."""
    return (f'Property "parent" expects a valid parent code. The parent product model does not exist, "{code}" given.'
            " Check the expected format on the API documentation.")


VALIDATION_FAILED = "Validation failed."


def already_exists(kind: Kind) -> str:
    return f"The same {kind.key} is already set on another {kind.noun}"


# List filters (reference §4: a filter on a hidden category, locale or attribute).
def filter_category(code: str) -> str:
    return f'Category "{code}" does not exist.'


def filter_locales(codes: list[str]) -> str:
    if len(codes) > 1:
        return f'Locales "{", ".join(codes)}" do not exist or are not activated.'
    return f'Locale "{codes[0]}" does not exist or is not activated.'


def filter_attributes(codes: list[str]) -> str:
    if len(codes) > 1:
        return f'Attributes "{", ".join(codes)}" do not exist.'
    return f'Attribute "{codes[0]}" does not exist.'


def filter_operator(name: str, operator: str) -> str:
    return f'Filter on property "{name}" is not supported or does not support operator "{operator}"'


def filter_structure(name: str) -> str:
    return (
        f'Structure of filter "{name}" should respect this structure: '
        f'{{"{name}":[{{"operator": "my_operator", "value": "my_value"}}]}}'
    )


SEARCH_NOT_JSON = "Search query parameter should be valid JSON."
TOO_MANY_ITEMS = "You cannot request more than 100 items."


def bad_number(name: str, given: str) -> str:
    return f'"{given}" is not a valid {name} number.'


def php_type(value: object) -> str:
    """What PHP's ``gettype`` says of a JSON value decoded as the PIM decodes it
    (``json_decode($content, true)``: objects become arrays); the PIM's "expects …
    given" messages name it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return "array"


# Typed values (akeneo/pim-community-dev; each function names where the words are).

API_DOCUMENTATION = "http://api.akeneo.com/api-reference.html#"
"""``Akeneo\\Tool\\Component\\Api\\Documentation::URL``: the anchor of the endpoint follows."""

CHECK_THE_FORMAT = " Check the expected format on the API documentation."
"""What the product controllers append to an updater's or a payload's refusal
(``ProductController::updateProduct``, ``throwDocumentedHttpException``)."""


def documented(message: str, anchor: str) -> dict[str, object]:
    """The body of a ``DocumentedHttpException``: the message and the documentation link."""
    return {"code": 422, "message": message, "_links": {"documentation": {"href": API_DOCUMENTATION + anchor}}}


# PayloadFormatValidator (Validator/ExternalApi/PayloadFormatValidator.php).
def payload_not_array(code: str) -> str:
    return f'Property "{code}" expect to be an array'


def payload_not_array_of_arrays(code: str) -> str:
    return f'Property "{code}" expect to be an array of array'


def payload_missing_key(code: str, key: str) -> str:
    # Symfony's Collection formats the missing field's name with quotes ({{ field }}).
    return f'Property "{code}" expects an array with the key "{key}". Check the expected format on the API documentation.'


def payload_key_not_string(code: str, key: str) -> str:
    return (f'Property "{code}" expects an array with the key "{key}" as string. '
            "Check the expected format on the API documentation.")


def price_format_wrong(code: str) -> str:
    return f'The data format sent for the "{code}" attribute is wrong. Please, fill in one value per amount field.'


def boolean_expected(code: str, given: str) -> str:
    """``Boolean`` constraint, translated by validators.en_US.yml
    (``pim_catalog.constraint.boolean.boolean_value_is_required``)."""
    return f"The {code} attribute requires a boolean value (true or false) as data, a {given} was detected."


# DuplicateValueChecker (ApiBundle/Checker/DuplicateValueChecker.php).
def duplicate_value(code: str) -> str:
    return f'You cannot update the same product value on the "{code}" attribute twice, with the same scope and locale.'


# InvalidPropertyTypeException (StorageUtils/Exception/InvalidPropertyTypeException.php).
def array_expected(name: str, given: str) -> str:
    return f'Property "{name}" expects an array as data, "{given}" given.'


def string_expected(name: str, given: str) -> str:
    return f'Property "{name}" expects a string as data, "{given}" given.'


def numeric_expected(name: str, given: str) -> str:
    return f'Property "{name}" expects a numeric as data, "{given}" given.'


def boolean_expected_factory(name: str, given: str) -> str:
    return f'Property "{name}" expects a boolean as data, "{given}" given.'


def scalar_expected(name: str, given: str) -> str:
    return f'Property "{name}" expects a scalar as data, "{given}" given.'


def decimal_expected(name: str, given: object) -> str:
    return f'Property "{name}" expects a decimal as data, "{given}" given.'


def array_key_expected(name: str, key: str) -> str:
    return f'Property "{name}" expects an array with the key "{key}".'


def array_of_arrays_expected(name: str) -> str:
    return f'Property "{name}" expects an array of arrays as data.'


def valid_array_structure(name: str, because: str) -> str:
    return f'Property "{name}" expects an array with valid data, {because}.'


def one_value_not_an_array(name: str) -> str:
    """``EntityWithValuesUpdater::checkValuesData`` and ``EntityWithValuesFilter``."""
    return valid_array_structure(name, "one of the values is not an array")


def value_key_not_string(name: str, key: str, given: str) -> str:
    """``EntityWithValuesUpdater::checkValuesData``."""
    return f'Property "{name}" expects a value with a string as {key}, "{given}" given.'


def metric_unit_not_string(name: str, given: str) -> str:
    """``MetricValueFactory``."""
    return valid_array_structure(name, f'key "unit" has to be a string, "{given}" given')


# InvalidAttributeValueTypeException::stringExpected (TextValueFactory, OptionValueFactory…).
def string_required(code: str, given: str) -> str:
    return f"The {code} attribute requires a string, a {given} was detected."


# InvalidPropertyException (StorageUtils/Exception/InvalidPropertyException.php).
def value_not_empty(name: str) -> str:
    return f'Property "{name}" does not expect an empty value.'


def unknown_media(name: str, given: str) -> str:
    """``FileValueFactory``/``ImageValueFactory``: ``validEntityCodeExpected``."""
    return f'Property "{name}" expects a valid fileinfo key. The media does not exist, "{given}" given.'


# InvalidDateAttributeException (DateValueFactory).
def date_expected(code: str) -> str:
    return f"The {code} attribute requires a valid date. Please use the following format yyyy-mm-dd for dates."


# UnknownAttributeException, as the API answers it (PartialUpdateProductEndToEnd).
def unknown_attribute(code: str) -> str:
    return f"The {code} attribute does not exist in your PIM."


# ValidateAttribute (Factory/Value/ValidateAttribute.php) and its four exceptions.
def _nothing(code: str | None) -> str:
    return "nothing" if code is None else code


def localizable_and_scopable(code: str, scope: str | None, locale: str | None) -> str:
    return (f"The {code} attribute requires a value per channel ({_nothing(scope)} was detected) "
            f"and a locale ({_nothing(locale)} was detected).")


def localizable_not_scopable(code: str, scope: str | None, locale: str | None) -> str:
    return (f"The {code} attribute does not require a value per channel ({_nothing(scope)} was detected) "
            f"but requires a value per locale ({_nothing(locale)} was detected).")


def scopable_not_localizable(code: str, scope: str | None, locale: str | None) -> str:
    return (f"The {code} attribute requires a value per channel ({_nothing(scope)} was detected) "
            f"but does not require a value per locale ({_nothing(locale)} was detected).")


def neither_localizable_nor_scopable(code: str, scope: str | None, locale: str | None) -> str:
    return (f"The {code} attribute requires neither a channel ({_nothing(scope)} was detected) "
            f"nor a locale ({_nothing(locale)} was detected).")


# The product's validation (Validator/Constraints/*, translated by validators.en_US.yml).
VALIDATION_FAILED_STATUS = 422


def locale_does_not_exist(code: str, locale: str) -> str:
    """``LocalizableValues::$nonActiveLocaleMessage``."""
    return f"The {code} attribute requires a valid locale. The {locale} locale does not exist."


def locale_not_bound(code: str, locale: str, channel: str) -> str:
    """``LocalizableValues::$invalidLocaleForChannelMessage``."""
    return f"The {code} attribute requires a valid locale. The {locale} locale is not bound to the {channel} channel."


def locale_not_available(code: str, locale: str) -> str:
    """``LocalizableValues::$invalidLocaleSpecificMessage``."""
    return f"The {locale} locale is not available on the {code} attribute."


def unknown_channel(code: str, channel: str) -> str:
    """``ScopableValues::$unknownScopeMessage``."""
    return f"The {code} attribute requires a value per channel. The {channel} channel (scope) must exist in your PIM"


def invalid_currency(code: str, currency: str) -> str:
    """``Currency::$message``."""
    return f"Please specify a valid currency for the {code} attribute, the {currency} code was sent."


def unknown_option(code: str, option: str) -> str:
    """``AttributeOptionsExist::$message``."""
    return f"The {option} value is not in the {code} attribute option list."


def unknown_options(code: str, options: list[str]) -> str:
    """``AttributeOptionsExist::$messagePlural``: a multi select's message, even for one
    option (``AttributeOptionsExistValidator`` lowercases the codes it names)."""
    return f"The {', '.join(options)} values are not in the {code} attribute option list."


INVALID_METRIC_UNIT = "Please specify a valid metric unit"
"""``ValidMetric::$unitMessage`` (Structure/Component/Validator/Constraints/ValidMetric.php)."""


def not_decimal(code: str, value: object) -> str:
    """``NotDecimal::$message``."""
    return f"The {code} attribute requires a non-decimal value, and {value} is not a valid value."


def not_a_number(code: str, value: object) -> str:
    """``IsNumeric``, translated by validators.en_US.yml."""
    return f"The {code} attribute requires a number, and the submitted {value} value is not."


def min_value(code: str, minimum: object) -> str:
    """``Range`` (min), translated by validators.en_US.yml."""
    return f"The {code} attribute requires an equal or greater than {minimum} value."


def too_long(code: str, limit: int) -> str:
    """``Length``, translated by validators.en_US.yml."""
    return f"The {code} attribute must not contain more than {limit} characters. The submitted value is too long."


def identifier_taken(identifier: str) -> str:
    """``UniqueProductEntity::$message``."""
    return f"The {identifier} identifier is already used for another product."


def validation_failed(errors: list[dict[str, object]]) -> dict[str, object]:
    """``ViolationHttpException`` as ``ConstraintViolationNormalizer`` writes it."""
    return {"code": 422, "message": VALIDATION_FAILED, "errors": errors}


# Lists (PaginationParametersValidator, ListProductsQueryValidator and its Validate*
# classes, the list controllers).
PAGINATION_TYPE_UNSUPPORTED = "Pagination type is not supported."
PAGINATION_TYPE_UNKNOWN = "Pagination type does not exist."


def with_count_not_boolean(given: str) -> str:
    return f'Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, "{given}" given.'


def unknown_scope(code: str) -> str:
    """``ValidateChannel``."""
    return f'Scope "{code}" does not exist.'


def locales_not_in_scope(codes: list[str], channel: str) -> str:
    """``ValidateLocales``: locales the channel does not have."""
    said = f'Locales "{", ".join(codes)}" are' if len(codes) > 1 else f'Locale "{codes[0]}" is'
    return f'{said} not activated for the scope "{channel}".'


def filter_categories(codes: list[str]) -> str:
    """``ValidateCategories``."""
    if len(codes) > 1:
        return f'Categories "{", ".join(codes)}" do not exist.'
    return filter_category(codes[0])


def unknown_filter_property(code: str) -> str:
    """``ValidateProperties`` (a 404 for ``/products``, a 422 for ``/products-uuid``)."""
    return f'"{code}" does not exist or you do not have permission to access it.'


def operator_missing(name: str) -> str:
    """``ValidateCriterion``."""
    return f'Operator is missing for the property "{name}".'


def operator_not_string(given: str) -> str:
    """``ValidateCriterion``."""
    return f'Operator has to be a string, "{given}" given.'


def filter_locale_not_string(name: str) -> str:
    """``ValidateSearchLocale``."""
    return f'Property "{name}" expects a string with the key "locale".'


def scope_expected(attribute: str) -> str:
    """``AttributeValidatorHelper::validateScope``, as the list filters answer it."""
    return f'Attribute "{attribute}" expects a scope, none given.'


def scope_unexpected(attribute: str, scope: str) -> str:
    return f'Attribute "{attribute}" does not expect a scope, "{scope}" given.'


def scope_unknown(attribute: str, scope: str) -> str:
    return f'Attribute "{attribute}" expects an existing scope, "{scope}" given.'


def locale_not_activated(attribute: str, locale: str) -> str:
    """``AttributeValidatorHelper::validateLocale``."""
    return f'Attribute "{attribute}" expects an existing and activated locale, "{locale}" given.'


# The catalog-structure endpoints.
NO_WEB_API_ACCESS = "You are not allowed to access the web API."
"""``AccessDeniedHandler`` for a plain ``AccessDeniedException`` (the category controllers),
pinned by ``CategoryAuthorizationEndToEnd``."""

def structure_forbidden(action: str, entities: str) -> str:
    """``AccessDeniedHandler`` for an Oro ACL refusal: the controller's entities, named
    from its class (``AttributeController`` → attributes)."""
    return f"Access forbidden. You are not allowed to {action} {entities}."




def filter_attribute_not_found(code: str) -> str:
    """``AttributeOptionController::getAttribute``."""
    return f'Attribute "{code}" does not exist.'


def no_options(code: str) -> str:
    """``AttributeOptionController::isAttributeSupportingOptions``."""
    return (f'Attribute "{code}" does not support options. Only attributes of type '
            '"pim_catalog_simpleselect", "pim_catalog_multiselect" support options.')


def unknown_option_of(code: str, attribute: str) -> str:
    """``AttributeOptionController::getAction``."""
    return f'Attribute option "{code}" does not exist or is not an option of the attribute "{attribute}".'


def category_search_not_json(reason: str = "Syntax error") -> str:
    """``ListCategoriesController``: PHP's ``JsonException`` message follows."""
    return f"The search query parameter must be a valid JSON: {reason}"


ATTRIBUTE_SEARCH_NOT_JSON = "The search query parameter must be a valid JSON."
"""``AttributeController::listAction``."""


def unavailable_filter(available: tuple[str, ...], name: str) -> str:
    """``ExternalApiSearchFiltersValidator``, ``AttributeRepository::validateSearchFilters``."""
    return f'Available search filters are "{", ".join(available)}" and you tried to search on unavailable filter "{name}"'


def _symfony(value: object) -> str:
    """How Symfony's constraints show a value in a message (``formatValue``)."""
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return "array"
    return str(value)


def category_code_operator(given: object) -> str:
    return f'In order to search on category codes you must use "IN" operator, {_symfony(given)} given.'


def category_code_value(given: str) -> str:
    """Akeneo's own ``Type`` constraint (``Enrichment/Component/Validator/Constraints/
    TypeValidator.php``) fills ``{{ givenType }}`` with PHP's ``gettype`` of the value;
    ``GetCategoryEndToEnd::testGetACategoryWithWrongCategoryCodeType`` pins "integer given."."""
    return f"In order to search on category codes you must send an array of category codes as value, {given} given."


# Symfony's ``All`` on a value that is not iterable: the validator turns its
# ``UnexpectedValueException`` into this violation (``GetCategoryEndToEnd`` shows it after
# the type's message); on an iterable one, ``All([Type('string')])`` says this of each item.
NOT_ITERABLE = "This value should be of type iterable."
NOT_A_STRING = "This value should be of type string."


def category_parent_operator(given: object) -> str:
    return f'In order to search on category parent you must use "=" operator, {_symfony(given)} given.'


def category_parent_value(given: str) -> str:
    return "In order to search on category parent you must send a parent code category as value, string given."


def category_is_root_operator(given: object) -> str:
    return f'In order to search on category is_root you must use "=" operator, {_symfony(given)} given.'


def category_is_root_value(given: object) -> str:
    return f"In order to search on category is_root you must send a bool value, {_symfony(given)} given."


def updated_operator(given: object, compared: bool = False) -> str:
    """The categories' message shows the operator given; the attributes' one shows the
    operator expected (``{{ compared_value }}``), as the PIM writes them."""
    shown = '">"' if compared else _symfony(given)
    return f'Searching on the "updated" property require the ">" (greater than) operator, {shown} given.'


def parent_does_not_exist(code: str) -> str:
    """``SearchFiltersSql``."""
    return f"Parent code {code} does not exist."


def attribute_in_operator(name: str, given: object) -> str:
    # The attributes' messages show {{ compared_value }}: the operator expected, "IN".
    noun = "codes" if name == "code" else "types"
    return f'In order to search on attribute {noun} you must use "IN" operator, "IN" given.'


def attribute_in_value(name: str, given: str) -> str:
    """The codes' filter uses Akeneo's ``Type`` (``Structure/Component/Validator/Constraints/
    TypeValidator.php``: ``{{ givenType }}`` is ``gettype`` of the value); the types' filter
    Symfony's, whose ``{{ type }}`` is the type expected."""
    if name == "code":
        return f"In order to search on attribute codes you must send an array of attribute codes as value, {given} given."
    return "In order to search on attribute types you must send an array of attribute types as value, array given."


def attribute_main_identifier_operator(given: object) -> str:
    return f'In order to search on attribute is_main_identifier you must use "=" operator, {_symfony(given)} given.'


ATTRIBUTE_MAIN_IDENTIFIER_VALUE = 'The "is_main_identifier" filter requires a boolean value, and the submitted value is not.'


def value_missing(name: str) -> str:
    """``LocaleController::validateSearchCriterias``."""
    return f'Value is missing for the property "{name}".'


def boolean_filter(name: str, operator: str) -> str:
    """``LocaleController::validateSearchCriterias``."""
    return f'Filter "{name}" with operator "{operator}" expects a boolean value.'


# Bulk PATCH (ApiBundle/Stream/StreamResourceResponse.php).
INVALID_JSON = "Invalid json message received"
LINE_TOO_LONG = "Line is too long."


def too_many_resources(limit: int) -> str:
    return f"Too many resources to process, {limit} is the maximum allowed."


def key_not_string(key: str) -> str:
    return f"{key} must be of type string."


def key_missing(key: str) -> str:
    return f"{key[:1].upper()}{key[1:]} is missing."


# Writes of the catalog structure (the external API's structure controllers and updaters).
ALREADY_USED = "This value is already used."
"""``UniqueEntity`` on ``code`` (pinned by ``CreateAssociationTypeEndToEnd``, ``CreateAttributeGroupEndToEnd``)."""

TREE_OF_A_CHANNEL = "You can't move a category tree linked to a channel."
"""``CategoryUpdater::updateParent`` (``InvalidPropertyException::expected``)."""


def code_mismatch(given: str, code: str) -> str:
    """``validateCodeConsistency`` of the structure controllers (``CategoryController``,
    ``FamilyVariantController``…): a ``PATCH`` that creates."""
    return f'The code "{given}" provided in the request body must match the code "{code}" provided in the url.'


def labels_not_scalar(category: bool) -> str:
    """``InvalidPropertyTypeException::validArrayStructureExpected``: ``CategoryUpdater``
    says "one of the labels"; the other updaters "one of the "labels" values" (pinned by
    ``CreateAttributeGroupEndToEnd``)."""
    because = "one of the labels is not a scalar" if category else 'one of the "labels" values is not a scalar'
    return f'Property "labels" expects an array with valid data, {because}.'


def invalid_entity_code(name: str, expected: str, reason: str, given: str) -> str:
    """``InvalidPropertyException::validEntityCodeExpected`` (``CategoryUpdater::updateParent``)."""
    return f'Property "{name}" expects a valid {expected}. {reason}, "{given}" given.'


def unknown_label_locale(code: str) -> str:
    """The labels' locale constraint (pinned by ``CreateAttributeGroupEndToEnd``)."""
    return f'The locale "{code}" does not exist.'


NOT_BLANK = "This value should not be blank."
"""Symfony's ``NotBlank`` (the structure validation files: ``code: NotBlank``)."""

IMMUTABLE = "This property cannot be changed."
"""``Immutable`` (``Akeneo\\Tool\\Component\\StorageUtils\\Validator\\Constraints``) on ``code``."""


def code_pattern(noun: str) -> str:
    """The ``Regex`` of each validation file on ``code`` (``/^[a-zA-Z0-9_]+$/``)."""
    return f"{noun.capitalize()} code may contain only letters, numbers and underscores"


def code_too_long(limit: int) -> str:
    """Symfony's ``Length`` ``maxMessage``, the plural form."""
    return f"This value is too long. It should have {limit} characters or less."
