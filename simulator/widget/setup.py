"""The setup: what an App was given, said in a few words, and changed one choice at a time.

The setup pane shows a scenario's grants as sentences (:func:`grants_summary`), says how
it differs from the example it was made from (:func:`differences`), and its controls
change the scenario through the functions here, each returning a new, valid scenario
and the words for the undo history. No rule is decided here: which level implies which
is :meth:`simulator.model.AxisGrant.of`'s, what the wizard saves is the wizard's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from simulator.connect import (
    ENTITIES,
    IDENTITY_SCOPES,
    LEVEL_LABEL,
    MARKETPLACE,
    Access,
    Entity,
    UserRole,
    expand,
)
from simulator.formats import ANONYMISED_CODE, catalog_to_dict
from simulator.model import Axis, AxisGrant, Catalog, Edition, Level, Permissions
from simulator.scenarios import PRESET_IDS, JsonValue, Scenario, default_scopes, preset

AXIS_TITLES: Final[dict[Axis, str]] = {
    Axis.CATEGORY: "Category trees",
    Axis.LOCALE: "Locales",
    Axis.ATTRIBUTE_GROUP: "Attribute groups",
}
AXIS_NOUNS: Final[dict[Axis, tuple[str, str]]] = {
    Axis.CATEGORY: ("tree", "trees"),
    Axis.LOCALE: ("locale", "locales"),
    Axis.ATTRIBUTE_GROUP: ("attribute group", "attribute groups"),
}
AXES_SHOWN: Final = (Axis.CATEGORY, Axis.LOCALE, Axis.ATTRIBUTE_GROUP)
"""The axes in the order the wizard's permission step shows them."""

LEVEL_WORDS: Final[dict[Level, str]] = {Level.NONE: "None", **LEVEL_LABEL}
"""How the permission form names each level, and None for no permission."""
NO_LEVEL: Final = "none"
"""The field name of no permission, beside ``own``, ``edit``, ``view``."""


def level_named(name: str) -> Level | None:
    """The level a form value names: a field name (:meth:`AxisGrant.level_named`) or ``none``."""
    return Level.NONE if name == NO_LEVEL else AxisGrant.level_named(name)


def level_name(level: Level) -> str:
    return NO_LEVEL if level is Level.NONE else AxisGrant.field_name(level)
ACCESS_WORDS: Final[dict[Access, str]] = {Access.READ: "read", Access.WRITE: "write", Access.DELETE: "delete"}


class SetupError(ValueError):
    """A setup change that names something the scenario's catalog or the PIM does not have."""


# What the setup is, in words.


def options(catalog: Catalog, axis: Axis) -> tuple[tuple[str, str], ...]:
    """The codes an axis grants on, with their labels: root trees, locales, groups."""
    if axis is Axis.CATEGORY:
        return tuple((tree.code, tree.labels.get("en_US") or tree.code) for tree in catalog.trees)
    if axis is Axis.LOCALE:
        return tuple((locale.code, locale.label or locale.code) for locale in catalog.locales)
    return tuple((group.code, group.labels.get("en_US") or group.code) for group in catalog.attribute_groups)


def axis_summary(grant: AxisGrant, axis: Axis, catalog: Catalog) -> str:
    """``Edit on all locales``, ``Edit on Master catalog, View on Print``, ``nothing``."""
    everything = grant.all_level()
    one, many = AXIS_NOUNS[axis]
    parts = [f"{LEVEL_WORDS[everything]} on all {many}"] if everything is not Level.NONE else []
    labels = dict(options(catalog, axis))
    for level in (Level.OWN, Level.EDIT, Level.VIEW):
        if level <= everything:
            break
        codes = [labels.get(code, code) for code, _ in options(catalog, axis) if grant.explicit_level(code) is level]
        if codes:
            parts.append(f"{LEVEL_WORDS[level]} on {_join(codes)}")
    return ", ".join(parts) if parts else "nothing"


def grants_summary(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """Each axis and what the setup gives on it, in the permission step's order.

    Outside EE there are no permissions: one line says what the App reaches instead;
    an axis the user's role may not manage says that the wizard saves nothing there.
    """
    if scenario.edition is not Edition.EE:
        return (("Permissions", f"none in {scenario.edition.value}: every tree, locale and attribute group is open to the App"),)
    catalog = scenario.load_catalog()
    lines = []
    for axis in AXES_SHOWN:
        said = axis_summary(scenario.permissions.axis(axis), axis, catalog)
        if not scenario.user.may_manage(axis):
            said = f"nothing saved: the user's role cannot manage them (the setup asks {said})"
        lines.append((AXIS_TITLES[axis], said))
    return tuple(lines)


def scopes_summary(scenario: Scenario) -> str:
    """The scopes granted, highest per entity: ``delete_products, read_categories``."""
    granted = scenario.scopes
    shown = [scope for scope in IDENTITY_SCOPES if scope in granted]
    for entity in ENTITIES:
        access = scope_access(granted, entity)
        if access is not None:
            shown.append(entity.scope(access))
    return ", ".join(shown) if shown else "none"


def scope_access(scopes: frozenset[str], entity: Entity) -> Access | None:
    """The highest access the scopes give on an entity, if any."""
    found = [access for access in entity.accesses if entity.scope(access) in scopes]
    return max(found) if found else None


OWN_WORDS: Final = ("the title", "the notes")
"""What :func:`differences` says of the title and notes: the scenario's words, not its setup."""


def differences(scenario: Scenario) -> tuple[str, ...]:
    """What differs from the example the scenario was made from, in a few words each;
    empty for an unchanged example or a scenario made from none."""
    if scenario.preset is None or scenario.preset not in PRESET_IDS:
        return ()
    base = preset(scenario.preset)
    found = []
    if scenario.catalog != base.catalog:
        found.append(catalog_difference(base.load_catalog(), scenario.load_catalog()))
    if scenario.edition is not base.edition:
        found.append(f"the edition ({base.edition.value} → {scenario.edition.value})")
    if scenario.app != base.app:
        found.append(f"the App ({base.app.name} → {scenario.app.name})")
    if scenario.scopes != base.scopes:
        found.append("the scopes")
    if scenario.user != base.user:
        found.append("the user's role")
    for axis in AXES_SHOWN:
        if scenario.permissions.axis(axis) != base.permissions.axis(axis):
            found.append(f"the permissions on {AXIS_NOUNS[axis][1]}")
    if scenario.requests != base.requests:
        found.append(_requests_difference(len(base.requests), scenario.requests, base.requests))
    if scenario.title != base.title:
        found.append(OWN_WORDS[0])
    if scenario.notes != base.notes:
        found.append(OWN_WORDS[1])
    return tuple(found)


def setup_differences(scenario: Scenario) -> tuple[str, ...]:
    """:func:`differences` of the setup only: what the example's title and notes may
    no longer describe."""
    return tuple(found for found in differences(scenario) if found not in OWN_WORDS)


_CATALOG_PARTS: Final = (
    ("product", "products", "products", "identifier"),
    ("product model", "product models", "product_models", "code"),
    ("tree", "trees", "trees", "code"),
    ("category", "categories", "categories", "code"),
    ("locale", "locales", "locales", "code"),
    ("channel", "channels", "channels", "code"),
    ("attribute group", "attribute groups", "attribute_groups", "code"),
    ("attribute", "attributes", "attributes", "code"),
    ("family", "families", "families", "code"),
)
"""The parts of a catalog an edit changes, as the catalog editor names them: the noun,
its plural, the list of the catalog file, the field that names each entry."""


def catalog_difference(base: Catalog, now: Catalog) -> str:
    """How ``now`` differs from the example's catalog ``base``, in a support person's
    words: ``the catalog (imported: “ACME export”, 1,204 products in 3 trees)``,
    ``the catalog (anonymised: …)``, ``the catalog (edited: 1 product added, 1 tree
    renamed or replaced)``. A catalog of another code came from elsewhere (an import, a
    file); one of the same code is the example's, edited. Entries are compared in the
    catalog file's form, where the order of a product's values does not count."""
    size = f"{_count(len(now.products), 'product', 'products')} in {_count(len(now.trees), 'tree', 'trees')}"
    if now.code == ANONYMISED_CODE:
        return f"the catalog (anonymised: every code and label neutral, {size})"
    if now.code != base.code:
        return f"the catalog (imported: “{now.label or now.code}”, {size})"
    if _LAST_EDIT and _LAST_EDIT[0] is base and _LAST_EDIT[1] is now:
        return str(_LAST_EDIT[2])
    said = _edits(base, now)
    _LAST_EDIT[:] = [base, now, said]
    return said


_LAST_EDIT: list[Catalog | str] = []
"""The last catalogs compared and the words found: every render of the setup asks again."""


def _edits(base: Catalog, now: Catalog) -> str:
    before_file, after_file = _catalog_parts(base), _catalog_parts(now)
    said = []
    for one, many, part, name in _CATALOG_PARTS:
        before = {str(entry.get(name)): entry for entry in before_file.get(part, [])}
        after = {str(entry.get(name)): entry for entry in after_file.get(part, [])}
        added = len(after.keys() - before.keys())
        removed = len(before.keys() - after.keys())
        changed = sum(1 for code in after.keys() & before.keys() if after[code] != before[code])
        swapped = min(added, removed)  # a code gone and another come: most often a rename
        counted = ((swapped, "renamed or replaced"), (added - swapped, "added"), (removed - swapped, "removed"),
                   (changed, "changed"))
        for number, verb in counted:
            if number:
                said.append(f"{_count(number, one, many)} {verb}")
    return f"the catalog (edited: {', '.join(said)})" if said else "the catalog (edited)"


def _catalog_parts(catalog: Catalog) -> dict[str, list[dict[str, JsonValue]]]:
    """The catalog file's lists of entries, its trees apart from the other categories."""
    data = catalog_to_dict(catalog)
    parts = {name: [entry for entry in value if isinstance(entry, dict)]
             for name, value in data.items() if isinstance(value, list)}
    categories = parts.get("categories", [])
    parts["trees"] = [entry for entry in categories if entry.get("parent") is None]
    parts["categories"] = [entry for entry in categories if entry.get("parent") is not None]
    return parts


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _requests_difference(before: int, now: tuple[object, ...], base: tuple[object, ...]) -> str:
    kept = sum(1 for request in now if request in base)
    added, removed = len(now) - kept, before - kept
    parts = [f"{added} added" if added else "", f"{removed} removed" if removed else ""]
    said = ", ".join(part for part in parts if part) or "reordered"
    return f"the requests ({said})"


def own_words(scenario: Scenario) -> Scenario:
    """The scenario without the example's title and notes once its setup is no longer
    the example's (they describe the example's catalog, grants and requests, not
    these); back to them when the setup is the example's again and no words of its own
    were written."""
    if scenario.preset is None or scenario.preset not in PRESET_IDS:
        return scenario
    base = preset(scenario.preset)
    if not setup_differences(scenario):
        if (scenario.title, scenario.notes) == ("", ""):
            return replace(scenario, title=base.title, notes=base.notes)
        return scenario
    title = "" if scenario.title == base.title else scenario.title
    notes = "" if scenario.notes == base.notes else scenario.notes
    if (title, notes) == (scenario.title, scenario.notes):
        return scenario
    return replace(scenario, title=title, notes=notes)


# Changing the setup: each returns the new scenario and what the change was.


def with_level(scenario: Scenario, axis: Axis, code: str, level: Level) -> tuple[Scenario, str]:
    """``code`` given exactly ``level`` (the levels below follow, as in the PIM's form)."""
    catalog = scenario.load_catalog()
    labels = dict(options(catalog, axis))
    if code not in labels:
        raise SetupError(f'unknown {AXIS_NOUNS[axis][0]} "{code}"; known: {", ".join(labels)}')
    _check_level(axis, level)
    grant = scenario.permissions.axis(axis)
    levels = (Level.OWN, Level.EDIT, Level.VIEW)
    codes = {lv: (grant.codes_at(lv) - {code}) | ({code} if lv <= level else set()) for lv in levels}
    changed = AxisGrant.at_levels(codes, [lv for lv in levels if grant.all_at(lv)])
    said = f"{LEVEL_WORDS[level]} on {labels[code]}" if level is not Level.NONE else f"no permission on {labels[code]}"
    return _with_axis(scenario, axis, changed), said


def with_all(scenario: Scenario, axis: Axis, level: Level) -> tuple[Scenario, str]:
    """The axis's ``All`` set to ``level`` (None: no All)."""
    _check_level(axis, level)
    grant = scenario.permissions.axis(axis)
    levels = (Level.OWN, Level.EDIT, Level.VIEW)
    changed = AxisGrant.at_levels({lv: grant.codes_at(lv) for lv in levels}, [lv for lv in levels if lv <= level])
    many = AXIS_NOUNS[axis][1]
    said = f"{LEVEL_WORDS[level]} on all {many}" if level is not Level.NONE else f"no All on {many}"
    return _with_axis(scenario, axis, changed), said


def with_axis_grant(scenario: Scenario, axis: Axis, grant: AxisGrant) -> Scenario:
    """The axis's grant as the wizard's form saves it."""
    return _with_axis(scenario, axis, grant)


def _with_axis(scenario: Scenario, axis: Axis, grant: AxisGrant) -> Scenario:
    return replace(scenario, permissions=replace(scenario.permissions, **{axis.value: grant}))


def _check_level(axis: Axis, level: Level) -> None:
    if level is not Level.NONE and level not in axis.levels:
        offered = ", ".join(LEVEL_WORDS[lv] for lv in axis.levels)
        raise SetupError(f"{AXIS_NOUNS[axis][1]} have no {LEVEL_WORDS[level]} level (levels: {offered})")


def with_edition(scenario: Scenario, edition: Edition) -> tuple[Scenario, str]:
    return replace(scenario, edition=edition), f"edition {edition.value}"


def with_role(scenario: Scenario, permission: str, on: bool) -> tuple[Scenario, str]:
    if permission not in UserRole.__dataclass_fields__:
        raise SetupError(f"unknown role permission {permission!r}")
    user = replace(scenario.user, **{permission: on})
    words = permission.replace("_", " ")
    return replace(scenario, user=user), f"{'give' if on else 'take away'} {words}"


def with_app(scenario: Scenario, app_id: str) -> tuple[Scenario, str]:
    """Another App of the Marketplace, asking (and granted) its own scopes; the
    permissions of the App's user group stay as they were."""
    for app in MARKETPLACE:
        if app.id == app_id:
            return replace(scenario, app=app, scopes=default_scopes(app)), f"the App {app.name}"
    raise SetupError(f'unknown App "{app_id}"; Apps: {", ".join(app.id for app in MARKETPLACE)}')


def with_scope(scenario: Scenario, entity_code: str, access_word: str) -> tuple[Scenario, str]:
    """The scopes with ``entity_code`` at ``access_word`` (``none``, ``read``, ``write``,
    ``delete``), or an identity scope (``openid``…) given (``on``) or taken (``none``)."""
    if entity_code in IDENTITY_SCOPES:
        scopes = set(scenario.scopes) - {entity_code}
        if access_word != "none":
            scopes.add(entity_code)
        return replace(scenario, scopes=expand(scopes)), f"{'the' if access_word != 'none' else 'no'} {entity_code} scope"
    entity = next((e for e in ENTITIES if e.code == entity_code), None)
    if entity is None:
        raise SetupError(f'unknown scope family "{entity_code}"')
    words = {word: access for access, word in ACCESS_WORDS.items() if access in entity.accesses}
    if access_word != "none" and access_word not in words:
        raise SetupError(f"{entity.label}: expected one of none, {', '.join(words)}")
    scopes = {scope for scope in scenario.scopes if scope not in {entity.scope(a) for a in entity.accesses}}
    if access_word != "none":
        scopes.add(entity.scope(words[access_word]))
    said = f"{access_word} {entity.label}" if access_word != "none" else f"no scope on {entity.label}"
    return replace(scenario, scopes=expand(scopes)), said


def with_words(scenario: Scenario, field: str, text: str) -> tuple[Scenario, str]:
    """The scenario's own title or notes."""
    if field not in ("title", "notes"):
        raise SetupError(f"unknown field {field!r}")
    words = text.strip()
    changed = replace(scenario, title=words) if field == "title" else replace(scenario, notes=words)
    return changed, f"the {field}"


def with_permissions(scenario: Scenario, permissions: Permissions) -> Scenario:
    return replace(scenario, permissions=permissions)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
