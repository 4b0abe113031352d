"""Importing a customer's PIM: any mix of files in, one catalog and a report out.

    importer = Importer()
    importer.add("categories.csv", data)      # what each file is, told by its content
    importer.add("products.csv", data)
    for progress in importer.steps():          # read in steps: the page shows progress
        ...                                    # and can stop between two steps
    result = importer.result()                 # the catalog, and every problem named

Files may come in any order: they are read in the order their contents depend on one
another (locales and channels, then attribute groups, attributes and families, then
categories, product models and products), so a products export is read against the
attributes and categories of the other files whatever order they were given in.

The same code runs in the browser, where the files never leave the reader's machine,
and on the command line (``python -m simulator import``).
"""

from __future__ import annotations

import gc
import itertools
from dataclasses import dataclass, field
from typing import Callable, Final, Iterator, Mapping

from simulator.formats import pim_csv, rest_json
from simulator.formats.assemble import assemble
from simulator.formats.catalog_file import SHIPPED_CATALOGS, CatalogError, catalog_from_dict, load_catalog
from simulator.formats.csv_table import CsvTable
from simulator.formats.detect import CSV_KINDS, EXPECTED, csv_kind, is_json, json_kind
from simulator.formats.json_documents import documents
from simulator.formats.parts import (
    AssociationTypeRecord,
    AttributeRecord,
    CategoryRecord,
    ChannelRecord,
    CurrencyRecord,
    FamilyRecord,
    GroupRecord,
    LocaleRecord,
    MeasurementFamilyRecord,
    ModelRecord,
    OptionRecord,
    Parts,
    Seen,
    Where,
)
from simulator.formats.problems import (
    DEFAULT_LIMITS,
    ImportFailure,
    ImportLimits,
    Problem,
    Report,
    quote,
)
from simulator.formats.text import decode
from simulator.model import Catalog, Product, ProductModel

ORDER: Final = (
    "catalog", "locales", "locale_list", "currencies", "channels", "measurement_families", "attribute_groups",
    "attributes",
    "attribute_options", "families", "association_types", "categories", "product_models", "products",
)
"""The order kinds are read in: each after those it refers to."""

BATCH: Final = 20_000
"""Rows (or items) read between two progress reports."""

IMPORTED_CODE: Final = "imported"


@dataclass(frozen=True)
class FileSummary:
    """What one file was found to be."""

    name: str
    size: int
    kinds: tuple[str, ...]
    """The kinds read from it (a JSON file may hold pages of several endpoints); empty
    when the file could not be read."""
    description: str
    encoding: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "kinds": list(self.kinds),
                "description": self.description, "encoding": self.encoding}


@dataclass(frozen=True)
class Progress:
    done: float
    """From 0 to 1."""
    stage: str


_SERIALS: Final = itertools.count(1)


@dataclass(frozen=True)
class ImportResult:
    catalog: Catalog
    report: Report
    files: tuple[FileSummary, ...]
    serial: int = field(default_factory=_SERIALS.__next__, init=False, compare=False, repr=False)
    """A number no other import's result gets (an ``id`` is reused once its object is
    gone): what the page's catalog pane is drawn for."""

    @property
    def counts(self) -> dict[str, int]:
        catalog = self.catalog
        return {
            "locales": len(catalog.locales), "attribute_groups": len(catalog.attribute_groups),
            "attributes": len(catalog.attributes), "trees": len(catalog.trees),
            "categories": len(catalog.categories), "product_models": len(catalog.product_models),
            "products": len(catalog.products),
        }


class _Source:
    """One file added: its CSV table, or its JSON items by kind, or its catalog."""

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self.table: CsvTable | None = None
        self.kind = ""
        self.items: dict[str, list[rest_json.Item]] = {}
        self.catalog: Catalog | None = None


class Importer:
    def __init__(self, limits: ImportLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.report = Report()
        self.parts = Parts()
        self._sources: list[_Source] = []
        self._files: list[FileSummary] = []
        self._result: ImportResult | None = None
        self._steps: Iterator[Progress] | None = None

    # Adding files.

    def add(self, name: str, data: bytes) -> FileSummary:
        """Read what ``data`` is; a file that cannot be read is reported, not raised."""
        try:
            text, encoding = decode(data, name, self.limits)
        except ImportFailure as failure:
            return self._failed(name, len(data), failure.problem)
        return self.add_text(name, text, encoding, len(data))

    def add_text(self, name: str, text: str, encoding: str = "UTF-8", size: int | None = None) -> FileSummary:
        size = len(text) if size is None else size
        if self._steps is not None:
            raise RuntimeError("files are added before the import runs")
        source = _Source(name, size)
        try:
            summary = self._json(source, text, encoding) if is_json(text) else self._csv(source, text, encoding)
        except ImportFailure as failure:
            return self._failed(name, size, failure.problem)
        self._sources.append(source)
        self._files.append(summary)
        return summary

    def _failed(self, name: str, size: int, problem: Problem) -> FileSummary:
        self.report.add(problem)
        summary = FileSummary(name, size, (), f"not read: {problem.message}")
        self._files.append(summary)
        return summary

    def _csv(self, source: _Source, text: str, encoding: str) -> FileSummary:
        probe = CsvTable(text, source.name, Report(), self.limits, has_header=False)
        first = next(iter(probe.rows(1)), None)
        kind = csv_kind(probe.header, first.cells if first is not None else None)
        if kind is None:
            shown = ";".join(probe.header[:6]) + (";…" if len(probe.header) > 6 else "")
            raise ImportFailure(Problem(
                source.name, f"the header {quote(shown, 80)} is not one of an export the simulator reads; "
                f"it reads {EXPECTED}", 1,
            ))
        source.table = CsvTable(text, source.name, self.report, self.limits, has_header=kind != "locale_list")
        source.kind = kind
        return FileSummary(source.name, source.size, (kind,), CSV_KINDS[kind], encoding)

    def _json(self, source: _Source, text: str, encoding: str) -> FileSummary:
        docs = documents(text, source.name, self.limits)
        kind = json_kind(docs[0].data) if len(docs) == 1 else "rest"
        if kind in ("catalog", "scenario"):
            source.catalog = self._catalog(docs[0].data, source.name, kind)
            source.kind = "catalog"
            what = "the simulator's catalog file" if kind == "catalog" else "a scenario file (its catalog)"
            if kind == "scenario":
                self.report.warning(source.name, "a scenario file: its catalog is imported; its App, grants and "
                                    "requests are not part of a catalog (open the file as a scenario to use them)")
            return FileSummary(source.name, source.size, ("catalog",), what, encoding)
        items = rest_json.items_of(docs, source.name, self.report)
        if not items:
            raise ImportFailure(Problem(source.name, f"no item of a REST API endpoint in it; the import reads {EXPECTED}"))
        source.items = items
        count = sum(len(found) for found in items.values())
        kinds = tuple(kind for kind in ORDER if kind in items)
        listed = ", ".join(kind.replace("_", " ") for kind in kinds)
        return FileSummary(source.name, source.size, kinds,
                           f"REST API responses: {count:,} item{'s' if count != 1 else ''} ({listed})", encoding)

    def _catalog(self, data: object, name: str, kind: str) -> Catalog:
        try:
            if kind == "scenario":
                assert isinstance(data, dict)
                catalog = data["catalog"]
                if isinstance(catalog, str):
                    if catalog not in SHIPPED_CATALOGS:
                        raise CatalogError("catalog", f"unknown shipped catalog {quote(catalog)}")
                    return load_catalog(catalog)
                return catalog_from_dict(catalog)
            return catalog_from_dict(data)
        except CatalogError as error:
            path = f"catalog.{error.path}" if kind == "scenario" and error.path else error.path
            raise ImportFailure(Problem(name, f"{path}: {error.message}" if path else error.message)) from None

    # Running.

    def steps(self, batch: int = BATCH) -> Iterator[Progress]:
        """Read every file, then put the catalog together, yielding progress between
        batches of ``batch`` rows: stop iterating to cancel."""
        if self._steps is None:
            self._steps = self._run(batch)
        return self._steps

    def result(self) -> ImportResult:
        """The catalog and the report, once the steps are done (running what is left)."""
        for _ in self.steps():
            pass
        assert self._result is not None
        return self._result

    def _run(self, batch: int) -> Iterator[Progress]:
        # A million products are millions of objects, none of them in a cycle: the
        # cyclic collector's passes over them while they are made cost a third of the
        # import, so it waits until the catalog is made (or the import is stopped).
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield from self._read(batch)
            # The catalog lives as long as the page or the command: set its objects
            # aside, so that the collector never walks them again (it would, three
            # times over, the first time it runs after they were made).
            gc.freeze()
        finally:
            if enabled:
                gc.enable()

    def _read(self, batch: int) -> Iterator[Progress]:
        total = sum(source.size for source in self._sources) or 1
        done = 0.0
        weight = 0.9  # reading; putting the catalog together is the last tenth
        for kind in ORDER:
            for source in self._sources:
                if kind == "catalog" and source.catalog is not None:
                    _catalog_into_parts(source.catalog, source.name, self.parts, self.report)
                    done += source.size
                    yield Progress(weight * done / total, f"Read {source.name}")
                elif source.table is not None and source.kind == kind:
                    table = source.table
                    reader = pim_csv.READERS[kind](table, self.parts, batch)
                    for _ in reader:
                        yield Progress(weight * (done + table.progress * source.size) / total,
                                       f"Reading {source.name}: {table.rows_read:,} lines")
                    done += source.size
                    source.table = None  # its text is no longer needed
                    yield Progress(weight * done / total, f"Read {source.name}")
                elif kind in source.items:
                    items = source.items[kind]
                    share = source.size * len(items) / sum(len(found) for found in source.items.values())
                    for start in range(0, len(items), batch):
                        rest_json.READERS[kind](items[start : start + batch], self.parts, self.report)
                        yield Progress(weight * (done + share * min(1.0, (start + batch) / len(items))) / total,
                                       f"Reading {source.name}: {min(start + batch, len(items)):,} {kind.replace('_', ' ')}")
                    done += share
        yield Progress(weight, "Checking the catalog")
        code, label = self._naming()
        catalog = assemble(self.parts, self.report, self.limits, code, label, self.parts.identifier_column)
        self._result = ImportResult(catalog, self.report, tuple(self._files))
        yield Progress(1.0, "Imported")

    def _naming(self) -> tuple[str, str]:
        catalogs = [source.catalog for source in self._sources if source.catalog is not None]
        if len(catalogs) == 1 and len(self._sources) == 1:
            return catalogs[0].code, catalogs[0].label
        names = [source.name.replace("\\", "/").rsplit("/", 1)[-1] for source in self._sources]
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        return IMPORTED_CODE, f"Imported from {shown}" if names else "Imported catalog"


def import_files(files: Mapping[str, bytes], limits: ImportLimits = DEFAULT_LIMITS) -> ImportResult:
    """Import every file at once (the command line, the tests)."""
    importer = Importer(limits)
    for name, data in files.items():
        importer.add(name, data)
    return importer.result()


def _catalog_into_parts(catalog: Catalog, file: str, parts: Parts, report: Report) -> None:
    """A whole catalog read from a file, as records among the other files' ones."""
    where: Where = (file, None, None)

    def add(table: dict, code: str, record: object, what: str) -> None:  # type: ignore[type-arg]
        if code in table:
            first = table[code].where
            report.error(file, f"{what} {quote(code)} was already read ({first[0]}:{first[1]}): this one is left out")
        else:
            table[code] = record

    for locale in catalog.locales:
        add(parts.locales, locale.code, LocaleRecord(locale.code, where, locale.label), "locale")
    for currency in catalog.currencies:
        add(parts.currencies, currency.code, CurrencyRecord(currency.code, where, currency.label, currency.enabled),
            "currency")
    for channel in catalog.channels:
        add(parts.channels, channel.code, ChannelRecord(
            channel.code, where, channel.category_tree, where, channel.locales, channel.currencies,
            dict(channel.labels), dict(channel.conversion_units),
        ), "channel")
    for family in catalog.measurement_families:
        add(parts.measurement_families, family.code, MeasurementFamilyRecord(
            family.code, where, family.standard_unit, family.units, dict(family.labels)), "measurement family")
    for group in catalog.attribute_groups:
        add(parts.attribute_groups, group.code, GroupRecord(group.code, where, dict(group.labels)), "attribute group")
    for attribute in catalog.attributes:
        properties = {
            name: value for name, value in (
                ("metric_family", attribute.metric_family), ("default_metric_unit", attribute.default_metric_unit),
                ("decimals_allowed", attribute.decimals_allowed), ("negative_allowed", attribute.negative_allowed),
                ("available_locales", attribute.available_locales), ("max_characters", attribute.max_characters),
                ("reference_data_name", attribute.reference_data_name),
                ("allowed_extensions", attribute.allowed_extensions), ("unique", attribute.unique or None),
            ) if value is not None and value != ()
        }
        add(parts.attributes, attribute.code, AttributeRecord(
            attribute.code, where, attribute.type, attribute.group, where, attribute.localizable, attribute.scopable,
            dict(attribute.labels), properties,
        ), "attribute")
        for option in attribute.options:
            parts.options.setdefault((attribute.code, option.code),
                                     OptionRecord(attribute.code, option.code, where, dict(option.labels)))
        if attribute.options:
            parts.attributes_with_options.add(attribute.code)
    for family_record in catalog.families:
        add(parts.families, family_record.code, FamilyRecord(
            family_record.code, where, dict(family_record.labels), family_record.attributes,
            family_record.attribute_as_label, family_record.attribute_as_image,
            dict(family_record.attribute_requirements)), "family")
    for association_type in catalog.association_types:
        add(parts.association_types, association_type.code, AssociationTypeRecord(
            association_type.code, where, dict(association_type.labels), association_type.is_quantified,
            association_type.is_two_way), "association type")
    entities: tuple[Product | ProductModel, ...] = (*catalog.product_models, *catalog.products)
    for entity in entities:
        for value in entity.values:
            parts.places_seen.setdefault((value.attribute, value.locale, value.scope), where)
    for category in catalog.categories:
        add(parts.categories, category.code,
            CategoryRecord(category.code, where, category.parent, where if category.parent else None,
                           dict(category.labels)), "category")
    for model in catalog.product_models:
        add(parts.models, model.code, ModelRecord(
            model.code, where, model.parent, where if model.parent else None, model.family, model.family_variant,
            model.categories, where if model.categories else None, model.values,
            {a.type: {"products": a.products, "product_models": a.product_models} for a in model.associations},
        ), "product model")
    seen_lists: Callable[[tuple[str, ...]], None] = _counter(parts.category_lists, where)
    for product in catalog.products:
        if product.identifier in parts.product_ids:
            first = parts.where_of(product.identifier)
            report.error(file, f"product {quote(product.identifier)} was already read ({first[0]}:{first[1]}): "
                         "this one is left out")
            continue
        if product.categories:
            seen_lists(product.categories)
        if product.parent:
            _counter(parts.parents_used, where)(product.parent)
        if product.family:
            _counter(parts.families_used, where)(product.family)
        if product.uuid:
            parts.product_uuids[product.uuid] = product.identifier
        parts.add_product(product, file, None)


def _counter(table: dict, where: Where) -> Callable[[object], None]:  # type: ignore[type-arg]
    def count(key: object) -> None:
        seen = table.get(key)
        if seen is None:
            seen = table[key] = Seen(where)
        seen.count += 1
    return count
