"""Properties that hold for every catalog and grant (hypothesis), and for every link."""

from __future__ import annotations

import string
from dataclasses import replace
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.connect import expand
from simulator.engine import GrantIncrement, Store, answer
from simulator.model import (
    AxisGrant,
    Catalog,
    Edition,
    Effect,
    Grant,
    Layer,
    Level,
    Permissions,
)
from simulator.scenarios import (
    PRESET_IDS,
    LinkError,
    RequestTemplate,
    Scenario,
    decode_link,
    default_templates,
    encode_link,
    preset,
    synthetic_catalog,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALLOWED = (Effect.APPLIED, Effect.DRAFT)
PRODUCT_SCOPES = ("read_products", "write_products", "delete_products")


@lru_cache(maxsize=None)
def small_catalog(seed: int) -> Catalog:
    return synthetic_catalog(16, seed=seed, depth=2, trees=3, branching=2, unclassified_share=0.3)


def axis_grant(codes: tuple[str, ...], levels: tuple[Level, ...]) -> st.SearchStrategy[AxisGrant]:
    picks = st.fixed_dictionaries({
        level: st.frozensets(st.sampled_from(codes)) if codes else st.just(frozenset[str]()) for level in levels
    })
    flags = st.lists(st.sampled_from(levels), unique=True)
    return st.builds(AxisGrant.at_levels, picks, flags)


@st.composite
def catalog_and_grant(draw: st.DrawFn, full_scopes: bool = False) -> tuple[Catalog, Grant]:
    catalog = small_catalog(draw(st.integers(0, 5)))
    scopes = PRODUCT_SCOPES if full_scopes else draw(st.lists(st.sampled_from(PRODUCT_SCOPES), unique=True))
    permissions = Permissions(
        categories=draw(axis_grant(tuple(t.code for t in catalog.trees), (Level.OWN, Level.EDIT, Level.VIEW))),
        locales=draw(axis_grant(catalog.locale_codes, (Level.EDIT, Level.VIEW))),
        attribute_groups=draw(axis_grant(tuple(g.code for g in catalog.attribute_groups), (Level.EDIT, Level.VIEW))),
    )
    return catalog, Grant(Edition.EE, expand(scopes), permissions)


@st.composite
def increment(draw: st.DrawFn, catalog: Catalog) -> GrantIncrement:
    """One more scope, or one more level on one tree, locale or attribute group."""
    layer = draw(st.sampled_from([Layer.SCOPE, Layer.CATEGORY, Layer.LOCALE, Layer.ATTRIBUTE_GROUP]))
    if layer is Layer.SCOPE:
        return GrantIncrement(layer, draw(st.sampled_from(PRODUCT_SCOPES)))
    if layer is Layer.CATEGORY:
        codes, top = [t.code for t in catalog.trees], Level.OWN
    elif layer is Layer.LOCALE:
        codes, top = list(catalog.locale_codes), Level.EDIT
    else:
        codes, top = [g.code for g in catalog.attribute_groups], Level.EDIT
    level = draw(st.sampled_from([lv for lv in (Level.VIEW, Level.EDIT, Level.OWN) if lv <= top]))
    return GrantIncrement(layer, draw(st.sampled_from(codes)), level)


def outcomes(catalog: Catalog, grant: Grant, templates: tuple[RequestTemplate, ...]) -> list[list[tuple[Effect, bool]]]:
    """Each answer's effect, and whether it was a write that changed nothing (the state
    after it is the state it was given)."""
    store = Store.of(catalog)
    rows = []
    for product in catalog.products:
        row = []
        for template in templates:
            given = answer(store, grant, template.for_product(product))
            row.append((given.effect, template.method != "GET" and given.store is store))
        rows.append(row)
    return rows


@FAST
@given(st.data())
def test_more_grants_never_take_an_ability_away(data: st.DataObject) -> None:
    """A write that changed nothing is left out: what a body changes depends on what the
    App sees (a category it cannot see is merged back), so seeing more can turn the same
    body into a real change, refused at View (see the test below)."""
    catalog, grant = data.draw(catalog_and_grant())
    more = data.draw(increment(catalog)).applied_to(grant)
    templates = default_templates(catalog)
    before, after = outcomes(catalog, grant, templates), outcomes(catalog, more, templates)
    for product, row_before, row_after in zip(catalog.products, before, after):
        for template, (was, changed_nothing), (now, _) in zip(templates, row_before, row_after):
            if was in ALLOWED and not changed_nothing:
                assert now in ALLOWED, f"{template.label} {product.identifier}: {was} became {now}"


def test_seeing_one_more_tree_can_turn_a_body_that_changes_nothing_into_a_refused_change() -> None:
    """Reference §"PATCH that changes nothing | 204": with View on tree_0 only, the App
    sees product_12 in tree_0 alone, its tree_2 category is merged back, and setting the
    categories to [tree_0] changes nothing. Seeing tree_2 too, the same body removes it:
    a change, refused at View."""
    catalog = small_catalog(1)
    product = next(p for p in catalog.products if p.identifier == "product_12")
    assert catalog.categories_of(product) == {"tree_0", "tree_2"}
    recategorize = next(t for t in default_templates(catalog) if t.label == "PATCH categories [tree_0]")
    store, nothing = Store.of(catalog), AxisGrant.of()
    scopes = expand(frozenset({"read_products", "write_products"}))

    def viewing(*trees: str) -> Grant:
        return Grant(Edition.EE, scopes, Permissions(AxisGrant.of(view=trees), nothing, nothing))

    narrow = answer(store, viewing("tree_0"), recategorize.for_product(product))
    assert (narrow.status, narrow.effect, narrow.store is store) == (204, Effect.APPLIED, True)
    wide = answer(store, viewing("tree_0", "tree_2"), recategorize.for_product(product))
    assert (wide.status, wide.message) == (
        403, 'Product "product_12" cannot be updated. You only have a view right on this product.')


@FAST
@given(catalog_and_grant(full_scopes=True))
def test_own_implies_edit_implies_view_on_every_product(case: tuple[Catalog, Grant]) -> None:
    """Reference §4, with every locale and attribute group editable: a product the App
    may delete (owns) it may change without a draft; one it may change it may read."""
    catalog, grant = case
    editable = AxisGrant.of(edit_all=True)
    grant = replace(grant, permissions=replace(grant.permissions, locales=editable, attribute_groups=editable))
    get, patch_value, _, delete = default_templates(catalog)
    store = Store.of(catalog)
    for product in catalog.products:
        deleted = answer(store, grant, delete.for_product(product)).effect
        changed = answer(store, grant, patch_value.for_product(product)).effect
        read = answer(store, grant, get.for_product(product)).status
        if deleted is Effect.APPLIED:
            assert changed is Effect.APPLIED, product.identifier
        if changed in ALLOWED:
            assert read == 200, product.identifier


@FAST
@given(catalog_and_grant(full_scopes=True))
def test_an_unclassified_product_is_owned(case: tuple[Catalog, Grant]) -> None:
    """Reference §4: an unclassified product is owned by everyone."""
    catalog, grant = case
    delete = RequestTemplate("DELETE", "DELETE", "/api/rest/v1/products/{identifier}")
    unclassified = [p for p in catalog.products if not catalog.categories_of(p)]
    assert unclassified, "the generator should make unclassified products"
    for product in unclassified:
        assert answer(catalog, grant, delete.for_product(product)).status == 204


TEXT = st.text(max_size=40)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A preset with any of its parts changed, or no longer tied to its preset."""
    base = preset(draw(st.sampled_from(PRESET_IDS)))
    catalog = base.load_catalog()
    trees = tuple(t.code for t in catalog.trees)
    groups = tuple(g.code for g in catalog.attribute_groups)
    changed = replace(
        base,
        title=draw(TEXT),
        notes=draw(TEXT),
        edition=draw(st.sampled_from(list(Edition))),
        user=replace(base.user, manage_apps=draw(st.booleans()), manage_locale_permissions=draw(st.booleans())),
        permissions=Permissions(
            categories=draw(axis_grant(trees, (Level.OWN, Level.EDIT, Level.VIEW))),
            locales=draw(axis_grant(catalog.locale_codes, (Level.EDIT, Level.VIEW))),
            attribute_groups=draw(axis_grant(groups, (Level.EDIT, Level.VIEW))),
        ),
        requests=tuple(draw(st.lists(st.sampled_from(base.requests), max_size=4))) if base.requests else (),
        preset=draw(st.sampled_from([base.preset, None])),
    )
    return changed


@FAST
@given(scenarios())
def test_a_link_opens_the_scenario_it_was_made_from(scenario: Scenario) -> None:
    link = encode_link(scenario)
    assert decode_link(link) == scenario
    if scenario.preset is not None:
        assert len(link) < 2000


def _decodes_or_refuses(text: str) -> None:
    try:
        decoded = decode_link(text)
    except LinkError as error:
        assert str(error)
    else:
        assert isinstance(decoded, Scenario)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=string.ascii_letters + string.digits + "-_").map(lambda t: "s1." + t)))
def test_the_decoder_is_total_on_any_text(text: str) -> None:
    _decodes_or_refuses(text)


@FAST
@given(st.data())
def test_the_decoder_is_total_on_cut_or_edited_links(data: st.DataObject) -> None:
    link = encode_link(data.draw(scenarios()))
    cut = data.draw(st.integers(0, len(link)))
    _decodes_or_refuses(link[:cut])
    position = data.draw(st.integers(0, len(link) - 1))
    character = data.draw(st.sampled_from(string.ascii_letters + string.digits + "-_.#%"))
    _decodes_or_refuses(link[:position] + character + link[position + 1 :])
