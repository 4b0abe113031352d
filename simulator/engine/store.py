"""The state an answer may change: the catalog's products and the App's drafts.

A :class:`Store` never changes; a write returns a new one. It keeps the catalog it
started from and records only what the App changed on top of it, so a write costs the
size of the change, not of the catalog (the benchmark answers writes on 100k products).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping, Sequence

from simulator.engine.rights import Rights
from simulator.model import Catalog, JsonData, Kind, Permissions, Product, ProductModel, product_uuid

Entity = Product | ProductModel
ValueKey = tuple[str, str | None, str | None]
"""A value's place: attribute code, locale (None for a non-localizable attribute) and
channel (None for a non-scopable one)."""


_PRODUCT = Kind.PRODUCT  # read per request: see simulator.engine.context on enum members


class DraftStatus(enum.Enum):
    IN_PROGRESS = "in progress"
    WAITING_FOR_APPROVAL = "waiting for approval"


@dataclass(frozen=True)
class Draft:
    """The App's proposed values for one product; ``None`` data removes a value."""

    changes: Mapping[ValueKey, JsonData]
    status: DraftStatus = DraftStatus.IN_PROGRESS


def code_of(entity: Entity) -> str:
    """The key of an entity in the store: a product's identifier (its uuid when it has
    none, as a product created through ``products-uuid`` may), a model's code."""
    if isinstance(entity, Product):
        return entity.identifier or product_uuid(entity)
    return entity.code


@dataclass(frozen=True, init=False)
class Store:
    catalog: Catalog
    changed_products: Mapping[str, Product | None] = field(default_factory=dict)
    changed_models: Mapping[str, ProductModel | None] = field(default_factory=dict)
    drafts: Mapping[tuple[Kind, str], Draft] = field(default_factory=dict)
    _model_categories: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _model_values: dict[str, Mapping[ValueKey, JsonData]] = field(default_factory=dict, compare=False, repr=False)
    _rights: dict[int, tuple[Permissions, Rights]] = field(default_factory=dict, compare=False, repr=False)

    def __init__(
        self,
        catalog: Catalog,
        changed_products: Mapping[str, Product | None] | None = None,
        changed_models: Mapping[str, ProductModel | None] | None = None,
        drafts: Mapping[tuple[Kind, str], Draft] | None = None,
        _model_categories: dict[str, frozenset[str]] | None = None,
        _model_values: dict[str, Mapping[ValueKey, JsonData]] | None = None,
        _rights: dict[int, tuple[Permissions, Rights]] | None = None,
    ) -> None:
        # Every write makes a store: filling the fields at once costs a fraction of the
        # frozen dataclass's field-by-field __init__.
        self.__dict__.update(
            catalog=catalog,
            changed_products={} if changed_products is None else changed_products,
            changed_models={} if changed_models is None else changed_models,
            drafts={} if drafts is None else drafts,
            _model_categories={} if _model_categories is None else _model_categories,
            _model_values={} if _model_values is None else _model_values,
            _rights={} if _rights is None else _rights,
        )

    @classmethod
    def of(cls, catalog: Catalog | Store) -> Store:
        return catalog if isinstance(catalog, Store) else cls(catalog)

    def product(self, identifier: str) -> Product | None:
        if identifier in self.changed_products:
            return self.changed_products[identifier]
        return self.catalog.product_by_identifier.get(identifier)

    def product_model(self, code: str) -> ProductModel | None:
        if code in self.changed_models:
            return self.changed_models[code]
        return self.catalog.product_model_by_code.get(code)

    def product_by_uuid(self, uuid: str) -> Product | None:
        """The product with this uuid (``products-uuid`` endpoints), as it is now."""
        uuid = uuid.lower()
        original = self.catalog.product_by_uuid.get(uuid)
        if original is not None:
            return self.product(code_of(original))
        for product in self.changed_products.values():
            if product is not None and product_uuid(product) == uuid:
                return product
        return None

    def entity(self, kind: Kind, code: str) -> Entity | None:
        changed: Mapping[str, Entity | None]
        originals: Mapping[str, Entity]
        if kind is _PRODUCT:
            changed, originals = self.changed_products, self.catalog.product_by_identifier
        else:
            changed, originals = self.changed_models, self.catalog.product_model_by_code
        if changed and code in changed:
            return changed[code]
        return originals.get(code)

    def entities(self, kind: Kind) -> Iterator[Entity]:
        """Every product (or product model) in catalog order, the App's creations last."""
        if kind is Kind.PRODUCT:
            yield from _overlaid(self.catalog.products, self.changed_products, "identifier")
        else:
            yield from _overlaid(self.catalog.product_models, self.changed_models, "code")

    def categories_of(self, entity: Entity) -> frozenset[str]:
        """The entity's categories plus those of its parent and grand-parent models."""
        if entity.parent is None:
            return frozenset(entity.categories)
        return self._categories_of_model(entity.parent).union(entity.categories)

    def _categories_of_model(self, code: str) -> frozenset[str]:
        cached = self._model_categories.get(code)
        if cached is None:
            inherited: frozenset[str] = frozenset()
            for model, known in reversed(self._models_up(code, self._model_categories)):
                inherited = known if known is not None else inherited.union(model.categories)
            cached = self._model_categories[code] = inherited
        return cached

    def _models_up(
        self, code: str, known: Mapping[str, Any]
    ) -> list[tuple[ProductModel, Any]]:
        """The model ``code`` and its ancestors, up to the first whose result is ``known``
        (paired with it) or to the root: a loop, without recursion, so that a chain of
        any depth is walked once. A loop of parents (which writes could make) ends the walk."""
        chain: list[tuple[ProductModel, Any]] = []
        seen: set[str] = set()
        node: str | None = code
        while node is not None and node not in seen:
            seen.add(node)
            model = self.product_model(node)
            if model is None:
                break
            if node != code and node in known:
                chain.append((model, known[node]))
                break
            chain.append((model, None))
            node = model.parent
        return chain

    def values_of(self, entity: Entity) -> Mapping[ValueKey, JsonData]:
        """The entity's values with those it inherits from its parent models: the
        parents' values first, in their order, the entity's own replacing them."""
        own = {(value.attribute, value.locale, value.scope): value.data for value in entity.values}
        if entity.parent is None:
            return own
        return {**self._values_of_model(entity.parent), **own}

    def value_of(self, entity: Entity, key: ValueKey) -> JsonData:
        """One value of :meth:`values_of`, without making them all: a PATCH compares
        only the values its body gives."""
        attribute, locale, scope = key
        for value in reversed(entity.values):  # the last one wins, as in values_of
            if value.attribute == attribute and value.locale == locale and value.scope == scope:
                return value.data
        if entity.parent is None:
            return None
        return self._values_of_model(entity.parent).get(key)

    def _values_of_model(self, code: str) -> Mapping[ValueKey, JsonData]:
        cached = self._model_values.get(code)
        if cached is None:
            inherited: Mapping[ValueKey, JsonData] = {}
            for model, known in reversed(self._models_up(code, self._model_values)):
                inherited = known if known is not None else {
                    **inherited,
                    **{(value.attribute, value.locale, value.scope): value.data for value in model.values},
                }
            cached = self._model_values[code] = inherited
        return cached

    def rights(self, permissions: Permissions) -> Rights:
        """The rules for one set of permissions, computed once per catalog."""
        # Keyed by identity first: hashing a Permissions walks all its codes, and the
        # same grant object answers every request of a matrix.
        cached = self._rights.get(id(permissions))
        if cached is not None and cached[0] is permissions:
            return cached[1]
        for known, rights in self._rights.values():
            if known == permissions:
                break
        else:
            rights = Rights(self.catalog, permissions)
        if len(self._rights) > 64:  # a few grants per store; trials of the explainer pass by
            self._rights.clear()
        self._rights[id(permissions)] = (permissions, rights)
        return rights

    def draft(self, kind: Kind, code: str) -> Draft | None:
        if not self.drafts:  # the common case; a Kind key hashes in Python code
            return None
        return self.drafts.get((kind, code))

    def with_entity(self, kind: Kind, entity: Entity) -> Store:
        return self._changed(kind, code_of(entity), entity)

    def without_entity(self, kind: Kind, code: str) -> Store:
        drafts = self.drafts
        if (kind, code) in drafts:
            drafts = {key: draft for key, draft in drafts.items() if key != (kind, code)}
        return self._changed(kind, code, None, drafts)

    def without_entities(self, kind: Kind, codes: Iterable[str]) -> Store:
        """The store without all of ``codes`` at once: one copy of the changes, however
        many (a product model deleted with a chain of 100,000 sub-models)."""
        gone = {(kind, code) for code in codes}
        if not gone:
            return self
        drafts = {key: draft for key, draft in self.drafts.items() if key not in gone}
        removed = dict.fromkeys((code for _, code in gone), None)
        if kind is Kind.PRODUCT:
            return Store(
                self.catalog, {**self.changed_products, **removed}, self.changed_models, drafts,
                self._model_categories, self._model_values, self._rights,
            )
        return Store(self.catalog, self.changed_products, {**self.changed_models, **removed}, drafts, {}, {}, self._rights)

    def with_draft(self, kind: Kind, code: str, draft: Draft | None) -> Store:
        drafts = dict(self.drafts)
        if draft is None:
            drafts.pop((kind, code), None)
        else:
            drafts[(kind, code)] = draft
        return Store(
            self.catalog, self.changed_products, self.changed_models, drafts,
            self._model_categories, self._model_values, self._rights,
        )

    def with_structure(self, catalog: Catalog) -> Store:
        """The store on a catalog whose structure changed (a category, an attribute, a
        channel…): the App's product changes and drafts are kept; the rights, which
        depend on the trees, are worked out again."""
        return Store(catalog, self.changed_products, self.changed_models, self.drafts)

    def _changed(
        self, kind: Kind, code: str, entity: Entity | None, drafts: Mapping[tuple[Kind, str], Draft] | None = None
    ) -> Store:
        # The base catalog never changes, so its rights stay valid; the categories
        # and values inherited from models may change with a model.
        products, models = self.changed_products, self.changed_models
        model_categories, model_values = self._model_categories, self._model_values
        if kind is Kind.PRODUCT:
            assert entity is None or isinstance(entity, Product)
            products = {**products, code: entity}
        else:
            assert entity is None or isinstance(entity, ProductModel)
            models = {**models, code: entity}
            model_categories, model_values = {}, {}
        return Store(
            self.catalog, products, models, self.drafts if drafts is None else drafts,
            model_categories, model_values, self._rights,
        )

    @cached_property
    def current_catalog(self) -> Catalog:
        """The catalog with the App's changes applied (drafts stay aside)."""
        if not self.changed_products and not self.changed_models:
            return self.catalog
        products = tuple(p for p in self.entities(Kind.PRODUCT) if isinstance(p, Product))
        models = tuple(m for m in self.entities(Kind.PRODUCT_MODEL) if isinstance(m, ProductModel))
        return replace(self.catalog, products=products, product_models=models)


def _overlaid(
    originals: Sequence[Entity], changed: Mapping[str, Entity | None], key: str
) -> Iterator[Entity]:
    if not changed:
        yield from originals
        return
    seen = set()
    for entity in originals:
        code = getattr(entity, key)
        seen.add(code)
        if code in changed:
            replacement = changed[code]
            if replacement is not None:
                yield replacement
        else:
            yield entity
    for code, added in changed.items():
        if code not in seen and added is not None:
            yield added
