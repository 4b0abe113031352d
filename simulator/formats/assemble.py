"""From what the files held to a catalog: the checks that need every file read.

Each check names what it leaves out and where it was read, and goes on:

- a category whose parent does not exist, or that is part of a cycle of parents, is
  left out with every category below it; a tree deeper than the limit is cut there;
- a product model whose parent does not exist, or deeper than the PIM's two levels
  of models, is left out with its variants;
- a product in a category that does not exist (or was left out) is left out: the
  PIM's import refuses such a line too, and importing it without that category would
  change what the App may do with it;
- a variant of a model that does not exist is left out;
- an association to a product that is not in the catalog is dropped.

These checks cost the number of distinct category lists, families and parents, not
the number of products: a million products sharing 5,000 category lists are checked
with 5,000 look-ups, then filtered in one pass only when something was left out.

What no file gave is made up, and said: the locales are those the files use when no
locale list was imported; an attribute named only by a value column is a text
attribute of the group ``other`` (the PIM's default group); a family named only by
products is a family without attributes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final, Iterable

from simulator.formats.codes import is_locale
from simulator.formats.parts import Parts, Where
from simulator.formats.problems import ImportLimits, Report, count, quote
from simulator.model import (
    Association,
    Attribute,
    AttributeGroup,
    Catalog,
    Category,
    Locale,
    Product,
    ProductModel,
    Value,
)

DEFAULT_GROUP: Final = "other"
"""The PIM's default attribute group: where an attribute without a group goes."""

MODEL_LEVELS: Final = 2
"""A family variant has one or two levels of product models (the PIM's rule)."""


def _at(where: Where) -> str:
    file, line, _ = where
    return f"{file}:{line}" if line is not None else file


def _names(codes: Iterable[str], limit: int = 8) -> str:
    listed = list(codes)
    shown = ", ".join(quote(code, 40) for code in listed[:limit])
    return shown + (f" and {len(listed) - limit:,} more" if len(listed) > limit else "")


def assemble(parts: Parts, report: Report, limits: ImportLimits, code: str, label: str) -> Catalog:
    locales = _locales(parts, report)
    locale_codes = frozenset(locale.code for locale in locales)
    groups, attributes = _attributes(parts, report, locale_codes)
    categories, left_out = _categories(parts, report, limits)
    category_codes = frozenset(c.code for c in categories)
    models = _models(parts, report, category_codes, left_out, locale_codes)
    model_codes = frozenset(m.code for m in models)
    products = _products(parts, report, category_codes, left_out, model_codes, locale_codes)
    return Catalog(
        code=code,
        label=label,
        locales=locales,
        attribute_groups=groups,
        attributes=attributes,
        categories=categories,
        product_models=models,
        products=products,
    )


# Locales.


def _locales(parts: Parts, report: Report) -> tuple[Locale, ...]:
    if parts.locales:
        disabled = [code for code, record in parts.locales.items() if not record.enabled]
        if disabled:
            first = parts.locales[disabled[0]].where
            report.warning(first[0], f"{count(len(disabled), 'locale')} not activated, left out: {_names(disabled)}")
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
            f"no locale list was imported: the catalog's locales are those the files use ({_names(used)}); "
            "import the locale list (GET /api/rest/v1/locales) to give the activated ones",
        )
    return tuple(Locale(code) for code in used)


# Attribute groups and attributes.


def _attributes(
    parts: Parts, report: Report, locales: frozenset[str]
) -> tuple[tuple[AttributeGroup, ...], tuple[Attribute, ...]]:
    group_of_member: dict[str, str] = {}
    for group_record in parts.attribute_groups.values():
        for member in group_record.attributes:
            group_of_member.setdefault(member, group_record.code)
    groups = {code: AttributeGroup(code, dict(record.labels)) for code, record in parts.attribute_groups.items()}
    derived: list[str] = []
    missing_groups: dict[str, Where] = {}
    attributes: list[Attribute] = []
    for code, record in parts.attributes.items():
        group = record.group or group_of_member.get(code, "")
        if record.derived:
            derived.append(code)
        if not group:
            group = DEFAULT_GROUP
        if group not in groups:
            if group != DEFAULT_GROUP or not record.derived:
                missing_groups.setdefault(group, record.group_where or record.where)
            groups[group] = AttributeGroup(group, {"en_US": "Other"} if group == DEFAULT_GROUP else {})
        attributes.append(Attribute(code, group, record.localizable, dict(record.labels)))
    for group, where in missing_groups.items():
        report.warning(where[0], f"attribute group {quote(group)} is not in any imported file: it is made with no label",
                       where[1], where[2])
    if derived:
        record = parts.attributes[derived[0]]
        report.warning(
            record.where[0],
            f"{count(len(derived), 'attribute')} known only from value columns ({_names(derived)}): they are read as "
            f"text attributes, in the attribute group their group's export lists or else {quote(DEFAULT_GROUP)}; "
            "import the attributes export to give their types and groups",
        )
    return tuple(groups.values()), tuple(attributes)


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


def _models(
    parts: Parts, report: Report, categories: frozenset[str], left_out: dict[str, str], locales: frozenset[str],
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
    return tuple(
        ProductModel(
            code=code, parent=record.parent, family=record.family, categories=record.categories,
            values=_known_locales(record.values, locales),
            associations=tuple(Association(t, links["products"], links["product_models"])
                               for t, links in record.associations.items()),
        )
        for code, record in records.items() if code in lineage.depth
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


def _known_locales(values: tuple[Value, ...], locales: frozenset[str]) -> tuple[Value, ...]:
    if all(v.locale is None or v.locale in locales for v in values):
        return values
    return tuple(v for v in values if v.locale is None or v.locale in locales)


def _products(
    parts: Parts, report: Report, categories: frozenset[str], left_out: dict[str, str], models: frozenset[str],
    locales: frozenset[str],
) -> tuple[Product, ...]:
    bad_lists: set[tuple[str, ...]] = set()
    for listed, seen in parts.category_lists.items():
        unknown = [code for code in listed if code not in categories]
        if unknown:
            bad_lists.add(listed)
            where = seen.where
            report.error(where[0], f"{_unknown_categories(unknown, left_out)}: {count(seen.count, 'product')}"
                         f" in {'them' if len(unknown) > 1 else 'it'} left out (the first here)", where[1], where[2])
    bad_parents: set[str] = set()
    for parent, seen in parts.parents_used.items():
        if parent not in models:
            bad_parents.add(parent)
            where = seen.where
            why = "was left out" if parent in parts.models else "does not exist"
            report.error(where[0], f"product model {quote(parent)} {why}: its "
                         f"{count(seen.count, 'variant')} left out (the first here)", where[1], where[2])
    # Every value's locale was noted as it was read: a pass over the products is needed
    # only when one is not a locale of the catalog.
    drop_values = any(locale not in locales for locale in parts.locales_seen)
    links = _association_links(parts, report)
    products = parts.products
    if bad_lists or bad_parents or drop_values or links is not None:
        kept: list[Product] = []
        for product in products:
            if product.categories in bad_lists or (product.parent is not None and product.parent in bad_parents):
                continue
            if drop_values and product.values:
                values = _known_locales(product.values, locales)
                if values is not product.values:
                    product = replace(product, values=values)
            if links is not None and product.identifier in links:
                product = replace(product, associations=links[product.identifier])
            kept.append(product)
        products = kept
    return tuple(products)


def _association_links(parts: Parts, report: Report) -> dict[str, tuple[Association, ...]] | None:
    """The products' associations, checked now that every product is known; None when
    every link holds (the products keep the associations they were read with)."""
    if not parts.associations:
        return None
    identifiers = parts.product_where
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
            known = bool(target)
        elif kind == "product_models":
            known = code in parts.models
        else:
            known = code in identifiers
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

