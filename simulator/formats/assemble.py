"""From what the files held to a catalog: the checks that need every file read.

Each check names what it leaves out and where it was read, and goes on:

- a category whose parent does not exist, or that is part of a cycle of parents, is
  left out with every category below it; a tree deeper than the limit is cut there;
- a product model whose parent does not exist, or deeper than the PIM's two levels
  of models, is left out with its variants;
- a product in a category that does not exist (or was left out) is left out: the
  PIM's import refuses such a line too, and importing it without that category would
  change what the App may do with it; likewise a variant of a model that does not
  exist, and a product of a family that does not exist when families were imported;
- a value in a place its attribute does not have (a locale of no channel, a channel
  that does not exist), and a price in a currency that is not activated, are dropped;
- an association to a product that is not in the catalog is dropped.

These checks cost the number of distinct category lists, families, parents and value
places, not the number of products: a million products sharing 5,000 category lists
are checked with 5,000 look-ups, then filtered in one pass only when something was
left out. The structure (locales, channels, attributes…) is put together by
:mod:`simulator.formats.structure`.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice
from dataclasses import replace
from typing import Collection, Final, Sequence

from simulator.formats import structure
from simulator.formats.makers import maker
from simulator.formats.parts import Parts, Where
from simulator.formats.product_table import ProductTable
from simulator.formats.problems import ImportLimits, Report, count, quote
from simulator.formats.structure import names as _names
from simulator.model import (
    METRIC,
    PRICE_COLLECTION,
    Association,
    Attribute,
    Catalog,
    Category,
    Channel,
    Currency,
    Product,
    ProductModel,
    Value,
)

MODEL_LEVELS: Final = 2
"""A family variant has one or two levels of product models (the PIM's rule)."""

Place = tuple[str, "str | None", "str | None"]


def assemble(
    parts: Parts, report: Report, limits: ImportLimits, code: str, label: str, identifier_column: str | None = None,
) -> Catalog:
    locales = structure.locales(parts, report)
    locale_codes = frozenset(locale.code for locale in locales)
    categories, left_out = _categories(parts, report, limits)
    category_codes = frozenset(c.code for c in categories)
    trees = frozenset(c.code for c in categories if c.parent is None)
    currencies = structure.currencies(parts, report)
    channels = structure.channels(parts, report, trees, category_codes, locale_codes,
                                  frozenset(c.code for c in currencies))
    measurement_families = structure.measurement_families(parts, report)
    units = {m.code: frozenset(m.units) for m in measurement_families}
    groups, attributes = structure.attributes(parts, report, locale_codes, units, identifier_column)
    attribute_by_code = {a.code: a for a in attributes}
    channels = _conversion_units(channels, attribute_by_code, units, report, parts)
    if not currencies and not channels and parts.currencies_seen:
        currencies = tuple(Currency(c) for c in parts.currencies_seen)
        report.warning(next(iter(parts.attributes.values())).where[0],
                       f"no channels nor currencies were imported: the currencies are those the prices use "
                       f"({_names(parts.currencies_seen)})")
    activated = (frozenset(c for channel in channels for c in channel.currencies) if channels
                 else frozenset(c.code for c in currencies if c.enabled))
    families = structure.families(parts, report, frozenset(attribute_by_code), frozenset(c.code for c in channels))
    association_types = structure.association_types(parts)
    values = _ValueCheck(parts, report, attribute_by_code, locale_codes, {c.code: c for c in channels},
                         activated, units)
    models = _models(parts, report, category_codes, left_out, values)
    model_codes = frozenset(m.code for m in models)
    family_codes = frozenset(f.code for f in families) if families else None
    type_codes = frozenset(t.code for t in association_types) if association_types else None
    products = _products(parts, report, category_codes, left_out, model_codes, family_codes, type_codes, values)
    catalog = Catalog(
        code=code,
        label=label,
        locales=locales,
        attribute_groups=groups,
        attributes=attributes,
        categories=categories,
        product_models=models,
        products=products,
        channels=channels,
        currencies=currencies,
        families=families,
        association_types=association_types,
        measurement_families=measurement_families,
    )
    return catalog


def _conversion_units(
    channels: tuple[Channel, ...], attributes: dict[str, Attribute], units: dict[str, frozenset[str]],
    report: Report, parts: Parts,
) -> tuple[Channel, ...]:
    kept = []
    for channel in channels:
        good = {
            attribute: unit for attribute, unit in channel.conversion_units.items()
            if attribute in attributes and attributes[attribute].type == METRIC
            and unit in units.get(attributes[attribute].metric_family or "", frozenset())
        }
        if len(good) < len(channel.conversion_units):
            where = parts.channels[channel.code].where
            dropped = [a for a in channel.conversion_units if a not in good]
            report.warning(where[0], f"channel {quote(channel.code)}: conversion units of {_names(dropped)} do not "
                           "name a metric attribute and one of its units, left out", where[1], where[2])
            channel = replace(channel, conversion_units=good)
        kept.append(channel)
    return tuple(kept)


class _ValueCheck:
    """Which places (attribute, locale, channel) a value may be in, decided once per
    place, and the prices and units that hold; a value elsewhere is dropped, counted
    per place."""

    def __init__(
        self, parts: Parts, report: Report, attributes: dict[str, Attribute], locales: frozenset[str],
        channels: dict[str, Channel], currencies: frozenset[str], units: dict[str, frozenset[str]],
    ) -> None:
        self.parts = parts
        self.report = report
        self.attributes = attributes
        self.locales = locales
        self.channels = channels
        self.currencies = currencies
        self.units = units
        self._verdicts: dict[Place, str | None] = {}
        self.dropped: dict[Place, int] = {}
        # Whether any value may need dropping: a currency or a unit that does not hold,
        # or a place that does not (the places were noted as the files were read).
        self.bad_currencies = [c for c in parts.currencies_seen if c not in currencies]
        self.bad_units = any(
            unit not in units.get(family, frozenset()) for family, seen in parts.units_seen.items() for unit in seen
        )
        self.needed = bool(self.bad_currencies) or self.bad_units or any(
            self.why_not(place) is not None for place in parts.places_seen
        )
        if self.bad_currencies:
            report.warning(next(iter(parts.attributes.values())).where[0],
                           f"prices in {_names(self.bad_currencies)}, not activated currencies of the catalog, "
                           "are left out")

    def why_not(self, place: Place) -> str | None:
        if place in self._verdicts:
            return self._verdicts[place]
        attribute_code, locale, scope = place
        attribute = self.attributes.get(attribute_code)
        why: str | None = None
        if attribute is None:
            why = "the attribute is not in the catalog"
        elif attribute.localizable != (locale is not None):
            why = "the attribute is localizable: its values need a locale" if attribute.localizable else \
                "the attribute is not localizable: its values take no locale"
        elif attribute.scopable != (scope is not None):
            why = "the attribute is scopable: its values need a channel" if attribute.scopable else \
                "the attribute is not scopable: its values take no channel"
        elif scope is not None and scope not in self.channels:
            why = f"{quote(scope)} is not a channel of the catalog"
        elif locale is not None and locale not in self.locales:
            why = f"{quote(locale)} is not a locale of the catalog"
        elif scope is not None and locale is not None and locale not in self.channels[scope].locales:
            why = f"{quote(locale)} is not one of the channel {quote(scope)}'s locales"
        elif locale is not None and attribute.available_locales and locale not in attribute.available_locales:
            why = f"the attribute is specific to other locales than {quote(locale)}"
        self._verdicts[place] = why
        return why

    def values(self, values: tuple[Value, ...]) -> tuple[Value, ...]:
        """``values`` without those that do not hold (the same tuple when all hold)."""
        kept: list[Value] | None = None
        for index, value in enumerate(values):
            place = (value.attribute, value.locale, value.scope)
            fixed: Value | None = value
            if self.why_not(place) is not None:
                self.dropped[place] = self.dropped.get(place, 0) + 1
                fixed = None
            elif self.bad_currencies and self.attributes[value.attribute].type == PRICE_COLLECTION:
                assert isinstance(value.data, list)
                prices = [p for p in value.data if p["currency"] in self.currencies]
                fixed = replace(value, data=prices) if prices else None
            elif self.bad_units and self.attributes[value.attribute].type == METRIC:
                assert isinstance(value.data, dict)
                family = self.attributes[value.attribute].metric_family or ""
                fixed = value if value.data["unit"] in self.units.get(family, frozenset()) else None
            if fixed is not value and kept is None:
                kept = list(values[:index])
            if kept is not None and fixed is not None:
                kept.append(fixed)
        return values if kept is None else tuple(kept)

    def report_dropped(self) -> None:
        for place, dropped in self.dropped.items():
            where = self.parts.places_seen.get(place, ("", None, None))
            attribute, locale, scope = place
            shown = "-".join(part for part in (attribute, locale, scope) if part)
            self.report.warning(where[0], f"{count(dropped, 'value')} of {quote(shown)} left out: "
                                f"{self.why_not(place)}", where[1], where[2])


# Trees of parents: categories, and product models.


class _Lineage:
    """Walks every chain of parents once (iteratively: a chain may be 100,000 deep):
    the depth of each code whose chain ends at a root, and why each other one is left
    out (a parent that does not exist, a cycle); what is below a code left out is left
    out with it."""

    def __init__(self, parent_of: dict[str, str | None]) -> None:
        self.depth: dict[str, int] = {}
        self.left_out: dict[str, str] = {}
        self.missing: list[tuple[str, str]] = []
        """(child, parent) for each parent that does not exist."""
        self.cycles: list[list[str]] = []
        walking: set[str] = set()
        for start in parent_of:
            if start in self.depth or start in self.left_out:
                continue
            chain: list[str] = []
            node: str | None = start
            reason: str | None = None
            while node is not None:
                if node in self.depth:
                    break
                if node in self.left_out:
                    reason = self.left_out[node]
                    break
                if node in walking:
                    loop = chain[chain.index(node):]
                    self.cycles.append(loop)
                    reason = f"is in a cycle of parents with {quote(loop[0], 30)}"
                    break
                if node not in parent_of:
                    self.missing.append((chain[-1], node))
                    reason = f"has a parent {quote(node, 30)} that does not exist"
                    break
                walking.add(node)
                chain.append(node)
                node = parent_of[node]
            walking.difference_update(chain)
            if reason is None:
                base = self.depth[node] if node is not None else -1
                for offset, code in enumerate(reversed(chain)):
                    self.depth[code] = base + offset + 1
            else:
                for code in chain:
                    self.left_out[code] = reason

    def cut(self, code: str, reason: str) -> None:
        """Leave ``code`` out after the walk (too deep, or for its own fields)."""
        self.depth.pop(code, None)
        self.left_out[code] = reason


def _categories(parts: Parts, report: Report, limits: ImportLimits) -> tuple[tuple[Category, ...], dict[str, str]]:
    """The categories whose parents chain up to a root, in the order they were read,
    and why each other category was left out."""
    records = parts.categories
    lineage = _Lineage({code: record.parent for code, record in records.items()})
    for child, parent in lineage.missing:
        where = records[child].parent_where or records[child].where
        report.error(where[0], f"category {quote(child)}: its parent {quote(parent)} does not exist; it is left out "
                     "with the categories below it", where[1], where[2])
    for loop in lineage.cycles:
        record = records[loop[0]]
        where = record.parent_where or record.where
        report.error(where[0], f"the category parents make a cycle: {_cycle(loop)}; these categories and those "
                     "below them are left out", where[1], where[2])
    too_deep = [code for code, level in lineage.depth.items() if level >= limits.tree_depth]
    if too_deep:
        first = min(too_deep, key=lineage.depth.__getitem__)
        where = records[first].where
        report.error(where[0], f"a category tree is more than {limits.tree_depth:,} levels deep: "
                     f"{len(too_deep):,} categories from {quote(first)} down are left out", where[1], where[2])
        for code in too_deep:
            lineage.cut(code, f"is more than {limits.tree_depth:,} levels deep")
    kept = tuple(
        Category(code, record.parent, dict(record.labels)) for code, record in records.items() if code in lineage.depth
    )
    return kept, lineage.left_out


def _cycle(loop: list[str]) -> str:
    shown = loop if len(loop) <= 6 else [*loop[:3], "…", *loop[-2:]]
    text = " → ".join(quote(code, 30) if code != "…" else code for code in shown) + f" → {quote(loop[0], 30)}"
    return text + (f" ({len(loop):,} categories)" if len(loop) > 6 else "")


# Product models and products.


_make_model: Final = maker(ProductModel)
"""Fifty thousand models of a large export are made in field order, without ``__init__``."""


def _models(
    parts: Parts, report: Report, categories: frozenset[str], left_out: dict[str, str], values: "_ValueCheck",
) -> tuple[ProductModel, ...]:
    records = parts.models
    lineage = _Lineage({code: record.parent for code, record in records.items()})
    for child, parent in lineage.missing:
        where = records[child].parent_where or records[child].where
        report.error(where[0], f"product model {quote(child)}: its parent {quote(parent)} does not exist; it is "
                     "left out with its variants", where[1], where[2])
    for loop in lineage.cycles:
        where = records[loop[0]].parent_where or records[loop[0]].where
        report.error(where[0], f"the product model parents make a cycle: {_cycle(loop)}; these models are left out",
                     where[1], where[2])
    for code, record in records.items():
        if lineage.depth.get(code, 0) >= MODEL_LEVELS:
            where = record.parent_where or record.where
            report.error(where[0], f"product model {quote(code)} is more than {MODEL_LEVELS} levels of models deep "
                         "(the PIM has a model and a sub-model at most): it is left out with its variants",
                         where[1], where[2])
            lineage.cut(code, "is too deep")
        elif code in lineage.depth:
            unknown = [c for c in record.categories if c not in categories]
            if unknown:
                where = record.categories_where or record.where
                report.error(where[0], f"product model {quote(code)}: {_unknown_categories(unknown, left_out)}; "
                             "it is left out with its variants", where[1], where[2])
                lineage.cut(code, "is in a category that does not exist")
    # A sub-model of a model cut above is left out too (parents come first in depth order).
    for code in sorted(lineage.depth, key=lineage.depth.__getitem__):
        model_parent = records[code].parent
        if model_parent is not None and model_parent not in lineage.depth:
            lineage.cut(code, "has a parent that was left out")
    depth, needed = lineage.depth, values.needed
    return tuple(
        _make_model(
            code, record.parent, record.family, record.categories,
            values.values(record.values) if needed else record.values,
            tuple(Association(t, links["products"], links["product_models"])
                  for t, links in record.associations.items()) if record.associations else (),
            record.family_variant,
        )
        for code, record in records.items() if code in depth
    )


def _unknown_categories(unknown: list[str], left_out: dict[str, str]) -> str:
    reasons = [f"{quote(code)} {left_out[code]}" for code in unknown if code in left_out]
    missing = [code for code in unknown if code not in left_out]
    text = []
    if missing:
        text.append(f"categor{'y' if len(missing) == 1 else 'ies'} {_names(missing)} "
                    f"{'does' if len(missing) == 1 else 'do'} not exist")
    if reasons:
        text.append(f"categor{'y' if len(reasons) == 1 else 'ies'} left out: {'; '.join(reasons[:3])}")
    return "; ".join(text)


def _products(
    parts: Parts, report: Report, categories: frozenset[str], left_out: dict[str, str], models: frozenset[str],
    families: frozenset[str] | None, types: frozenset[str] | None, values: _ValueCheck,
) -> Sequence[Product]:
    """The products read, as the table holds them: those a check leaves out taken out,
    those it changes held changed."""
    # In the order first read (dictionaries as ordered sets): the messages come in that order.
    bad_lists = dict.fromkeys(listed for listed in parts.category_lists if any(code not in categories for code in listed))
    bad_parents = dict.fromkeys(parent for parent in parts.parents_used if parent not in models)
    bad_families = dict.fromkeys(
        family for family in parts.families_used if families is not None and family not in families)
    # How many products each leaves out: counted here, once, when something is left out
    # (the readers of a million rows note where each was first read, not how often).
    lists_count: Counter[tuple[str, ...]] = Counter()
    parents_count: Counter[str | None] = Counter()
    families_count: Counter[str] = Counter()
    if bad_lists or bad_parents or bad_families:
        table = parts.products
        per_key = Counter(table.key_of)
        for number, (listed, parent, family) in enumerate(table.keys):
            many = per_key[number]
            lists_count[listed] += many
            parents_count[parent] += many
            families_count[family] += many
    for listed in bad_lists:
        seen = parts.category_lists[listed]
        unknown = [code for code in listed if code not in categories]
        where = seen.where
        report.error(where[0], f"{_unknown_categories(unknown, left_out)}: {count(lists_count[listed], 'product')}"
                     f" in {'them' if len(unknown) > 1 else 'it'} left out (the first here)", where[1], where[2])
    for parent in bad_parents:
        where = parts.parents_used[parent].where
        why = "was left out" if parent in parts.models else "does not exist"
        report.error(where[0], f"product model {quote(parent)} {why}: its "
                     f"{count(parents_count[parent], 'variant')} left out (the first here)", where[1], where[2])
    for family in bad_families:
        where = parts.families_used[family].where
        report.error(where[0], f"family {quote(family)} does not exist: {count(families_count[family], 'product')} "
                     "of it left out (the first here)", where[1], where[2])
    # The products stay columns: those left out are taken out of the columns, those
    # changed are held whole in their place.
    products = parts.products
    kept: Collection[str] = parts.product_ids
    if bad_lists or bad_parents or bad_families:
        products = products.without({
            number for number, (listed, parent, family) in enumerate(products.keys)
            if listed in bad_lists or (parent is not None and parent in bad_parents) or family in bad_families
        })
        if parts.associations:  # the links are checked against those kept
            kept = products.by_identifier()
    links = _association_links(parts, report, types, kept, models)
    uuids = _uuids(parts, report)
    if values.needed:
        _check_values(products, values)
    if links is not None:
        for identifier, position in products.positions(links).items():
            products.change(position, replace(products[position], associations=links[identifier]))
    if uuids:
        for identifier, position in products.positions(uuids).items():
            products.change(position, replace(products[position], uuid=uuids[identifier]))
    values.report_dropped()
    return products


def _check_values(products: ProductTable, values: _ValueCheck) -> None:
    """Drop the values that do not hold: a text column in a place the catalog lacks
    taken out of the columns whole, other products' values checked one by one. The
    places are counted in the order a product first lost a value of each, as one pass
    over the products would count them."""
    def bad(place: Place) -> bool:
        return values.why_not(place) is not None

    # The product models' values were checked first: their places come first.
    first: dict[Place, tuple[int, int]] = {place: (-1, index) for index, place in enumerate(values.dropped)}
    dropped: dict[Place, int] = {}
    for position, index, place, many in products.without_text_values(bad):
        first.setdefault(place, (position, index))
        dropped[place] = dropped.get(place, 0) + many
    for position in products.maybe_changed(bad):
        product = products[position]
        if current := product.values:
            met = len(values.dropped)
            checked = values.values(current)
            for index, place in enumerate(islice(values.dropped, met, None)):
                first[place] = min(first.get(place, (position, index)), (position, index))
            if checked is not current:
                products.change(position, replace(product, values=checked))
    for place, many in values.dropped.items():
        dropped[place] = dropped.get(place, 0) + many
    values.dropped = {place: dropped[place] for place in sorted(dropped, key=first.__getitem__)}


def _uuids(parts: Parts, report: Report) -> dict[str, str]:
    """Each product's uuid as read, written the canonical way; a uuid that does not
    read, or that a product before it has, is left out (a stable one is derived)."""
    found: dict[str, str] = {}
    seen: dict[str, str] = {}
    for given, identifier in parts.product_uuids.items():
        canonical = structure.normal_uuid(given)
        where = parts.where_of(identifier)
        if canonical is None:
            report.warning(where[0], f"product {quote(identifier)}: {quote(given)} is not a uuid; a stable one is "
                           "derived from its identifier", where[1], where[2])
        elif canonical in seen:
            report.warning(where[0], f"product {quote(identifier)} has the uuid of {quote(seen[canonical])}: a stable "
                           "one is derived from its identifier", where[1], where[2])
        else:
            seen[canonical] = identifier
            found[identifier] = canonical
    return found


def _association_links(
    parts: Parts, report: Report, types: frozenset[str] | None, identifiers: Collection[str], models: frozenset[str],
) -> dict[str, tuple[Association, ...]] | None:
    """The products' associations, checked against the products and product models
    kept (a link to one the check left out is dropped too); None when every link holds
    (the products keep the associations they were read with)."""
    if not parts.associations:
        return None
    by_uuid = parts.product_uuids
    changed: dict[str, dict[str, dict[str, list[str]]]] = {}
    dropped: list[tuple[str, Where]] = []
    needs_rebuild = False
    for owner_kind, owner, type_code, kind, code, where in parts.associations:
        if owner_kind != "product":
            continue
        target = code
        if kind == "product_uuids":
            needs_rebuild = True
            target = by_uuid.get(code, "")
            known = target in identifiers
        elif kind == "product_models":
            known = code in models
        else:
            known = code in identifiers
        if types is not None and type_code not in types:
            known = False
        per_type = changed.setdefault(owner, {}).setdefault(type_code, {"products": [], "product_models": []})
        if known:
            per_type["product_models" if kind == "product_models" else "products"].append(target)
        else:
            needs_rebuild = True
            dropped.append((code, where))
    if dropped:
        code, where = dropped[0]
        report.warning(where[0], f"{count(len(dropped), 'association')} naming products or product models that are not in "
                       f"the catalog ({_names(c for c, _ in dropped)}): they are dropped", where[1], where[2])
    if not needs_rebuild:
        return None
    return {
        owner: tuple(Association(t, tuple(links["products"]), tuple(links["product_models"]))
                     for t, links in per_type.items() if links["products"] or links["product_models"])
        for owner, per_type in changed.items()
    }

