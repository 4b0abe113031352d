"""The catalog's structure from what the files held: locales, currencies, channels,
measurement families, attribute groups, attributes with their options, families and
association types, each checked against the others as the catalog file's reader
checks them (``simulator.formats.catalog_file``), so that an imported catalog is
always one the simulator can write and read back.

What does not hold is left out or mended, and said where it was read. What no file
gave is made from what the others show, and said: the locales the files use when no
locale list was imported, the group ``other`` (the PIM's default group) for an
attribute known only from value columns, the options its values use for a select
whose options were not imported, measurement families from the metric attributes.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Final, Iterable

from simulator.formats.codes import is_code, is_locale
from simulator.formats.parts import Parts, Where
from simulator.formats.problems import Report, count, quote
from simulator.model import (
    ATTRIBUTE_TYPES,
    IDENTIFIER,
    METRIC,
    OPTION_TYPES,
    AssociationType,
    Attribute,
    AttributeGroup,
    AttributeOption,
    Channel,
    Currency,
    Family,
    Locale,
    MeasurementFamily,
)

DEFAULT_GROUP: Final = "other"
"""The PIM's default attribute group: where an attribute without a group goes."""


def names(codes: Iterable[str], limit: int = 8) -> str:
    listed = list(codes)
    shown = ", ".join(quote(code, 40) for code in listed[:limit])
    return shown + (f" and {len(listed) - limit:,} more" if len(listed) > limit else "")


def at(where: Where) -> str:
    file, line, _ = where
    return f"{file}:{line}" if line is not None else file


@dataclass
class Structure:
    locales: tuple[Locale, ...] = ()
    currencies: tuple[Currency, ...] = ()
    channels: tuple[Channel, ...] = ()
    measurement_families: tuple[MeasurementFamily, ...] = ()
    attribute_groups: tuple[AttributeGroup, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    families: tuple[Family, ...] = ()
    association_types: tuple[AssociationType, ...] = ()
    activated_currencies: frozenset[str] = frozenset()
    units: dict[str, frozenset[str]] = field(default_factory=dict)
    """The units of each measurement family."""

    @property
    def locale_codes(self) -> frozenset[str]:
        return frozenset(locale.code for locale in self.locales)


def locales(parts: Parts, report: Report) -> tuple[Locale, ...]:
    if parts.locales:
        disabled = [code for code, record in parts.locales.items() if not record.enabled]
        if disabled:
            first = parts.locales[disabled[0]].where
            report.warning(first[0], f"{count(len(disabled), 'locale')} not activated, left out: {names(disabled)}")
        return tuple(Locale(code, record.label) for code, record in parts.locales.items() if record.enabled)
    used: dict[str, Where] = {}
    for channel in parts.channels.values():
        for code in channel.locales:
            used.setdefault(code, channel.where)
    if not used:
        used = {code: where for code, where in parts.locales_seen.items() if is_locale(code)}
    if used:
        first = next(iter(used.values()))
        report.warning(
            first[0],
            f"no locale list was imported: the catalog's locales are those the files use ({names(used)}); "
            "import the locale list (GET /api/rest/v1/locales) to give the activated ones",
        )
    return tuple(Locale(code) for code in used)


def currencies(parts: Parts, report: Report) -> tuple[Currency, ...]:
    if parts.currencies:
        return tuple(Currency(code, record.label, record.enabled) for code, record in parts.currencies.items())
    return ()


def channels(parts: Parts, report: Report, trees: frozenset[str], categories: frozenset[str],
             locale_codes: frozenset[str], currency_codes: frozenset[str]) -> tuple[Channel, ...]:
    kept: list[Channel] = []
    for code, record in parts.channels.items():
        file, line, column = record.tree_where
        if record.tree not in trees:
            why = "is not a root category" if record.tree in categories else "is not a category of the catalog"
            report.error(file, f"channel {quote(code)}: its tree {quote(record.tree)} {why}; the channel is left out",
                         line, column)
            continue
        channel_locales = tuple(locale for locale in record.locales if locale in locale_codes)
        if len(channel_locales) < len(record.locales):
            dropped = [locale for locale in record.locales if locale not in locale_codes]
            report.warning(record.where[0], f"channel {quote(code)}: {names(dropped)} not among the catalog's "
                           "locales, left out of the channel", record.where[1], record.where[2])
        if not channel_locales:
            report.error(record.where[0], f"channel {quote(code)} has no locale of the catalog: it is left out",
                         record.where[1], record.where[2])
            continue
        channel_currencies = record.currencies
        if currency_codes:
            channel_currencies = tuple(c for c in record.currencies if c in currency_codes)
            if len(channel_currencies) < len(record.currencies):
                dropped = [c for c in record.currencies if c not in currency_codes]
                report.warning(record.where[0], f"channel {quote(code)}: currencies {names(dropped)} are not among "
                               "the imported currencies, left out of the channel", record.where[1], record.where[2])
        kept.append(Channel(code, record.tree, channel_locales, channel_currencies, dict(record.labels),
                            dict(record.conversion_units)))
    return tuple(kept)


def measurement_families(parts: Parts, report: Report) -> tuple[MeasurementFamily, ...]:
    """The imported measurement families, or families made from the metric attributes
    and the units their values and the channels use."""
    if parts.measurement_families:
        return tuple(
            MeasurementFamily(code, record.standard_unit, record.units, dict(record.labels))
            for code, record in parts.measurement_families.items()
        )
    made: dict[str, dict[str, None]] = {}
    for record in parts.attributes.values():
        family = record.properties.get("metric_family")
        unit = record.properties.get("default_metric_unit")
        if record.type == METRIC and isinstance(family, str) and isinstance(unit, str) and is_code(family):
            made.setdefault(family, {})[unit] = None
    for family, units in parts.units_seen.items():
        if family in made:
            made[family].update(units)
    for channel in parts.channels.values():
        for attribute, unit in channel.conversion_units.items():
            metric = parts.attributes.get(attribute)
            family = metric.properties.get("metric_family") if metric is not None else None
            if isinstance(family, str) and family in made and is_code(unit):
                made[family][unit] = None
    if made:
        first = next(r for r in parts.attributes.values() if r.type == METRIC)
        report.warning(first.where[0], f"no measurement families were imported: made from the metric attributes "
                       f"({names(made)}), with the units the catalog uses; import GET /api/rest/v1/measurement-families "
                       "to give them whole")
    return tuple(MeasurementFamily(code, next(iter(units)), tuple(units)) for code, units in made.items())


def attributes(
    parts: Parts, report: Report, locale_codes: frozenset[str], units: dict[str, frozenset[str]],
    identifier_column: str | None,
) -> tuple[tuple[AttributeGroup, ...], tuple[Attribute, ...]]:
    group_of_member: dict[str, str] = {}
    for group_record in parts.attribute_groups.values():
        for member in group_record.attributes:
            group_of_member.setdefault(member, group_record.code)
    groups = {code: AttributeGroup(code, dict(record.labels)) for code, record in parts.attribute_groups.items()}
    derived: list[str] = []
    missing_groups: dict[str, Where] = {}
    made: list[Attribute] = []
    identifier: str | None = None
    if identifier_column and is_code(identifier_column) and identifier_column not in parts.attributes:
        identifier = identifier_column
        made.append(Attribute(identifier_column, group_of_member.get(identifier_column, DEFAULT_GROUP), type=IDENTIFIER))
        groups.setdefault(made[-1].group, AttributeGroup(made[-1].group))
    for code, record in parts.attributes.items():
        file, line, column = record.where
        group = record.group or group_of_member.get(code, "")
        if record.derived:
            derived.append(code)
        if not group:
            group = DEFAULT_GROUP
        if group not in groups:
            if group != DEFAULT_GROUP or not record.derived:
                missing_groups.setdefault(group, record.group_where or record.where)
            groups[group] = AttributeGroup(group, {"en_US": "Other"} if group == DEFAULT_GROUP else {})
        kind = record.type
        if kind not in ATTRIBUTE_TYPES:
            report.warning(file, f"attribute {quote(code)}: the type {quote(kind)} is not one the simulator knows; "
                           "it is read as a text attribute", line, column)
            kind = "pim_catalog_text"
        props = record.properties
        localizable, scopable = record.localizable, record.scopable
        if kind == IDENTIFIER:
            if identifier is not None:
                report.warning(file, f"attribute {quote(code)}: a catalog has one identifier attribute "
                               f"({quote(identifier)}); it is read as a text attribute", line, column)
                kind = "pim_catalog_text"
            else:
                identifier = code
                localizable = scopable = False
        family = props.get("metric_family") if kind == METRIC else None
        unit = props.get("default_metric_unit") if kind == METRIC else None
        if kind == METRIC and (not isinstance(family, str) or not isinstance(unit, str) or family not in units
                               or unit not in units[family]):
            report.error(file, f"attribute {quote(code)}: a metric attribute names its measurement family and "
                         "default unit: it is left out, with its values", line, column)
            continue
        options: tuple[AttributeOption, ...] = ()
        if kind in OPTION_TYPES:
            if code in parts.attributes_with_options:
                options = tuple(AttributeOption(option.code, dict(option.labels))
                                for (attribute, _), option in parts.options.items() if attribute == code)
            elif code in parts.options_seen:
                options = tuple(AttributeOption(option) for option in parts.options_seen[code])
                report.warning(file, f"attribute {quote(code)}: its options were not imported; made from its "
                               f"values ({names(parts.options_seen[code])})", line, column)
        elif code in parts.attributes_with_options:
            report.warning(file, f"attribute {quote(code)} is not a select: its options are ignored", line, column)
        available = tuple(locale for locale in _tuple(props.get("available_locales")) if locale in locale_codes)
        max_characters = props.get("max_characters")
        made.append(Attribute(
            code=code, group=group, localizable=localizable, labels=dict(record.labels), type=kind,
            scopable=scopable, options=options,
            metric_family=family if isinstance(family, str) else None,
            default_metric_unit=unit if isinstance(unit, str) else None,
            decimals_allowed=_flag(props.get("decimals_allowed")),
            negative_allowed=_flag(props.get("negative_allowed")),
            available_locales=available,
            max_characters=max_characters if isinstance(max_characters, int) and max_characters > 0 else None,
            reference_data_name=_code_or_none(props.get("reference_data_name")),
            allowed_extensions=tuple(e for e in _tuple(props.get("allowed_extensions")) if e.strip()),
            unique=props.get("unique") is True,
        ))
    for group, where in missing_groups.items():
        report.warning(where[0], f"attribute group {quote(group)} is not in any imported file: it is made with no label",
                       where[1], where[2])
    if derived:
        record = parts.attributes[derived[0]]
        report.warning(
            record.where[0],
            f"{count(len(derived), 'attribute')} known only from value columns ({names(derived)}): read as "
            f"text attributes, in the attribute group their group's export lists or else {quote(DEFAULT_GROUP)}; "
            "import the attributes export to give their types and groups",
        )
    return tuple(groups.values()), tuple(made)


def families(parts: Parts, report: Report, attribute_codes: frozenset[str], channel_codes: frozenset[str]
             ) -> tuple[Family, ...]:
    made: list[Family] = []
    for code, record in parts.families.items():
        file, line, column = record.where
        attributes = tuple(a for a in record.attributes if a in attribute_codes)
        if len(attributes) < len(record.attributes):
            unknown = [a for a in record.attributes if a not in attribute_codes]
            report.warning(file, f"family {quote(code)}: attributes {names(unknown)} are not in the catalog, left out "
                           "of the family", line, column)
        members = frozenset(attributes)
        as_label = record.attribute_as_label if record.attribute_as_label in members else None
        as_image = record.attribute_as_image if record.attribute_as_image in members else None
        requirements = {
            channel: tuple(a for a in required if a in members)
            for channel, required in record.requirements.items() if channel in channel_codes
        }
        dropped = [channel for channel in record.requirements if channel not in channel_codes]
        if dropped and channel_codes:
            report.warning(file, f"family {quote(code)}: requirements of {names(dropped)}, not channels of the "
                           "catalog, are left out", line, column)
        made.append(Family(code, attributes, as_label, as_image, requirements, dict(record.labels)))
    return tuple(made)


def association_types(parts: Parts) -> tuple[AssociationType, ...]:
    return tuple(AssociationType(code, dict(record.labels), record.is_quantified, record.is_two_way)
                 for code, record in parts.association_types.items())


def normal_uuid(text: str) -> str | None:
    try:
        return str(uuid_module.UUID(text))
    except ValueError:
        return None


def _tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, (tuple, list)):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _code_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
