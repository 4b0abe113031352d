"""The App activation wizard as a pure state machine (reference §1, §3).

A :class:`WizardState` is immutable; :func:`apply` takes a user action (a button, the
consent checkbox, a change in a permission field) and returns the next state. An
action the current screen does not offer raises :class:`WizardError`: a scenario
that clicks a button that is not there is wrong, and should say so.

The flow: the marketplace card (``Connect``, disabled without *Manage apps*), then
the consent step when the App asks ``profile`` or ``email``, the authorizations step
always, and in EE, for an App not yet connected that asks a products scope, the
permissions and summary steps. Confirming yields a :class:`~simulator.model.grants.Grant`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Iterable, Union

from simulator.connect import wording
from simulator.connect.apps import App
from simulator.connect.scopes import (
    NoScopeScreen,
    authorization_lines,
    consent_lines,
    expand,
    grants_write_products,
    has_authorization_scope,
    has_product_scope,
    no_scope_screen,
    request_of,
)
from simulator.model import (
    Axis,
    AxisGrant,
    Catalog,
    Edition,
    Grant,
    Labels,
    Level,
    Permissions,
)


class WizardError(ValueError):
    """An action the current wizard screen does not offer."""


AXIS_ENTITY: dict[Axis, str] = {
    Axis.CATEGORY: "categories",
    Axis.LOCALE: "locales",
    Axis.ATTRIBUTE_GROUP: "attribute groups",
}
"""How the PIM names each axis in ``Permissions on {entity} could not be saved.``"""

AXIS_ROLE_PERMISSION: dict[Axis, str] = {
    Axis.CATEGORY: "Manage category permissions",
    Axis.LOCALE: "Manage locale permissions",
    Axis.ATTRIBUTE_GROUP: "Manage attribute group permissions",
}

FORM_AXES: tuple[Axis, ...] = (Axis.CATEGORY, Axis.LOCALE, Axis.ATTRIBUTE_GROUP)
"""The permission forms, in the order the wizard shows them."""

LEVEL_LABEL: dict[Level, str] = {Level.OWN: "Own", Level.EDIT: "Edit", Level.VIEW: "View"}


@dataclass(frozen=True)
class UserRole:
    """The role permissions of the PIM user who runs the wizard."""

    manage_apps: bool = True
    open_apps: bool = True
    manage_category_permissions: bool = True
    manage_locale_permissions: bool = True
    manage_attribute_group_permissions: bool = True

    def may_manage(self, axis: Axis) -> bool:
        return {
            Axis.CATEGORY: self.manage_category_permissions,
            Axis.LOCALE: self.manage_locale_permissions,
            Axis.ATTRIBUTE_GROUP: self.manage_attribute_group_permissions,
        }[axis]


class Step(enum.Enum):
    """Where the user is; the value is the progress label the PIM shows."""

    MARKETPLACE = "Marketplace"
    CONSENT = wording.PROGRESS_AUTHENTICATION
    AUTHORIZATIONS = wording.PROGRESS_AUTHORIZATIONS
    PERMISSIONS = wording.PROGRESS_PERMISSIONS
    SUMMARY = wording.PROGRESS_SUMMARY
    DONE = wording.PROGRESS_DONE
    CANCELLED = "Cancelled"

    @property
    def label(self) -> str:
        return self.value


# Actions.


@dataclass(frozen=True)
class Connect:
    """Click ``Connect`` on the App's marketplace card."""


@dataclass(frozen=True)
class AgreeConsent:
    """Tick (or untick) the consent checkbox."""

    agreed: bool = True


@dataclass(frozen=True)
class Allow:
    pass


@dataclass(frozen=True)
class AllowAndNext:
    pass


@dataclass(frozen=True)
class Cancel:
    pass


@dataclass(frozen=True)
class Previous:
    pass


@dataclass(frozen=True)
class Next:
    pass


@dataclass(frozen=True)
class Confirm:
    pass


@dataclass(frozen=True)
class SetCodes:
    """Replace the codes picked in one level field, as the multi-select does."""

    axis: Axis
    level: Level
    codes: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))


@dataclass(frozen=True)
class SetAll:
    """Tick or untick a level field's **All** checkbox."""

    axis: Axis
    level: Level
    on: bool = True


Action = Union[
    Connect, AgreeConsent, Allow, AllowAndNext, Cancel, Previous, Next, Confirm,
    SetCodes, SetAll,
]

_BUTTON_OF: dict[type, str] = {
    Connect: wording.CONNECT,
    Allow: wording.ALLOW,
    AllowAndNext: wording.ALLOW_AND_NEXT,
    Cancel: wording.CANCEL,
    Previous: wording.PREVIOUS,
    Next: wording.NEXT,
    Confirm: wording.CONFIRM,
}


# The permission form.


@dataclass(frozen=True)
class Option:
    """Something the field's picker lists: a root tree, a locale, an attribute group."""

    code: str
    label: str


@dataclass(frozen=True)
class LevelField:
    level: Level
    codes: tuple[str, ...]
    all: bool = False

    @property
    def label(self) -> str:
        return LEVEL_LABEL[self.level]


@dataclass(frozen=True)
class AxisForm:
    """One permission form: a field per level offered, highest level first.

    Changes keep the levels ordered as the PIM's form does: a code added to a level
    is added to every level below it, a code removed from a level is removed from
    every level above it; the All flags follow the same rule.
    """

    axis: Axis
    options: tuple[Option, ...]
    fields: tuple[LevelField, ...]
    read_only: bool = False

    @property
    def entity(self) -> str:
        return AXIS_ENTITY[self.axis]

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(f.level for f in self.fields)

    def field(self, level: Level) -> LevelField:
        for level_field in self.fields:
            if level_field.level is level:
                return level_field
        raise KeyError(level)

    def grant(self) -> AxisGrant:
        """What saving this form gives the App's user group; nothing when read-only."""
        if self.read_only:
            return AxisGrant()
        return AxisGrant.at_levels({f.level: f.codes for f in self.fields}, [f.level for f in self.fields if f.all])

    def with_codes(self, level: Level, codes: Iterable[str]) -> AxisForm:
        wanted = frozenset(codes)
        current = frozenset(self.field(level).codes)
        added, removed = wanted - current, current - wanted
        fields = []
        for f in self.fields:
            picked = set(f.codes)
            if f.level is level:
                picked = set(wanted)
            elif f.level < level:
                picked |= added
            else:
                picked -= removed
            fields.append(replace(f, codes=self._ordered(picked)))
        return replace(self, fields=tuple(fields))

    def with_all(self, level: Level, on: bool) -> AxisForm:
        fields = []
        for f in self.fields:
            follows = f.level <= level if on else f.level >= level
            fields.append(replace(f, all=on) if follows else f)
        return replace(self, fields=tuple(fields))

    def summary(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What the Summary step lists: each level with the labels picked, or All."""
        label_of = {option.code: option.label for option in self.options}
        return tuple(
            (f.label, (wording.ALL,) if f.all else tuple(label_of[c] for c in f.codes))
            for f in self.fields
        )

    def _ordered(self, codes: set[str]) -> tuple[str, ...]:
        return tuple(option.code for option in self.options if option.code in codes)


@dataclass(frozen=True)
class PermissionForm:
    """The three permission forms of the Permissions step."""

    axes: tuple[AxisForm, ...]

    def axis(self, axis: Axis) -> AxisForm:
        for form in self.axes:
            if form.axis is axis:
                return form
        raise KeyError(axis)

    def with_axis(self, changed: AxisForm) -> PermissionForm:
        return PermissionForm(
            tuple(changed if form.axis is changed.axis else form for form in self.axes)
        )

    def permissions(self) -> Permissions:
        return Permissions(
            categories=self.axis(Axis.CATEGORY).grant(),
            locales=self.axis(Axis.LOCALE).grant(),
            attribute_groups=self.axis(Axis.ATTRIBUTE_GROUP).grant(),
        )


def _options(catalog: Catalog, axis: Axis) -> tuple[Option, ...]:
    if axis is Axis.CATEGORY:
        return tuple(Option(c.code, _label(c.labels, c.code)) for c in catalog.trees)
    if axis is Axis.LOCALE:
        return tuple(Option(lo.code, lo.label or lo.code) for lo in catalog.locales)
    return tuple(
        Option(g.code, _label(g.labels, g.code)) for g in catalog.attribute_groups
    )


def _label(labels: Labels, code: str) -> str:
    """The en_US label, or the code in brackets as the PIM shows a missing label."""
    return labels.get("en_US") or f"[{code}]"


def permission_form(catalog: Catalog, scopes: Iterable[str], role: UserRole) -> PermissionForm:
    """The empty forms: every level with ``write_products``, View only with
    ``read_products`` alone; a field is read-only when the role may not manage it."""
    write = grants_write_products(scopes)
    return PermissionForm(tuple(
        AxisForm(
            axis,
            _options(catalog, axis),
            tuple(
                LevelField(level, ())
                for level in axis.levels
                if write or level is Level.VIEW
            ),
            read_only=not role.may_manage(axis),
        )
        for axis in FORM_AXES
    ))


# The wizard.


@dataclass(frozen=True)
class WizardState:
    app: App
    edition: Edition
    catalog: Catalog
    role: UserRole
    requested: frozenset[str]
    """The App's known scopes, exhaustive (implied ones included)."""
    dropped: tuple[str, ...]
    """Scopes the App asked that the PIM does not know: dropped silently."""
    already_granted: frozenset[str]
    """Exhaustive scopes of an already connected App; empty for a new one."""
    connected: bool
    steps: tuple[Step, ...]
    """The steps of this flow, in order, ending with ``Well done!``."""
    step: Step
    consent_agreed: bool = False
    form: PermissionForm | None = None
    grant: Grant | None = None
    """The App's grant once the wizard is finished; None before and after Cancel."""
    previous_permissions: Permissions = Permissions()
    messages: tuple[str, ...] = ()
    """Notifications the PIM shows (``App successfully configured.``)."""
    notes: tuple[str, ...] = field(default=())
    """The simulator's explanations of what happened (not PIM text)."""

    @property
    def new_scopes(self) -> frozenset[str]:
        return self.requested - self.already_granted

    @property
    def buttons(self) -> tuple[str, ...]:
        return _buttons(self)

    @property
    def disabled_buttons(self) -> frozenset[str]:
        if self.step is Step.MARKETPLACE and not self.role.manage_apps:
            return frozenset({wording.CONNECT})
        if self.step is Step.CONSENT and not self.consent_agreed and not self.connected:
            # displayCheckboxConsent is the App's first connection only (GetWizardDataAction).
            return frozenset({wording.ALLOW_AND_NEXT})
        return frozenset()

    @property
    def help(self) -> str:
        """The help shown next to a disabled ``Connect``, or on the permission steps."""
        if wording.CONNECT in self.disabled_buttons:
            return wording.CONNECT_DISABLED_HELP
        if self.step in (Step.PERMISSIONS, Step.SUMMARY):
            return wording.PERMISSIONS_HELP
        return ""

    # What the consent and authorizations steps show.

    @property
    def consent_lines(self) -> tuple[str, ...]:
        return consent_lines(self.new_scopes)

    @property
    def consent_checkbox(self) -> str:
        return wording.CONSENT_CHECKBOX

    @property
    def no_scope_screen(self) -> NoScopeScreen | None:
        if has_authorization_scope(self.new_scopes):
            return None
        return no_scope_screen(self.app.name)

    @property
    def title(self) -> str:
        screen = self.no_scope_screen
        if screen is not None:
            return screen.title
        return wording.AUTHORIZATIONS_TITLE.format(app=self.app.name)

    @property
    def authorization_lines(self) -> tuple[str, ...]:
        """The new authorizations, highest scope per entity."""
        return authorization_lines(self.new_scopes)

    @property
    def already_allowed_lines(self) -> tuple[str, ...]:
        """On re-authorization, listed under ``Is already allowed to:``."""
        return authorization_lines(self.already_granted)

    @property
    def already_allowed_heading(self) -> str:
        return wording.ALREADY_ALLOWED if self.already_allowed_lines else ""

    @property
    def new_line_badge(self) -> str:
        """On re-authorization, each new line carries the badge ``NEW``
        (``ScopeListContainer.tsx``: ``highlightMode='new'`` when old lines exist)."""
        return wording.NEW_BADGE if self.connected and self.already_allowed_lines else ""


def marketplace(
    app: App,
    edition: Edition,
    catalog: Catalog,
    role: UserRole,
    *,
    already_granted: Iterable[str] = (),
    connected: bool = False,
    previous_permissions: Permissions = Permissions(),
) -> WizardState:
    """The App's card on the marketplace, before ``Connect`` is clicked."""
    request = request_of(app.scopes)
    already = expand(request_of(already_granted).kept)
    connected = connected or bool(already)
    requested = expand(request.kept)
    state = WizardState(
        app=app,
        edition=edition,
        catalog=catalog,
        role=role,
        requested=requested,
        dropped=request.dropped,
        already_granted=already,
        connected=connected,
        steps=(),
        step=Step.MARKETPLACE,
        previous_permissions=previous_permissions,
        notes=(
            (wording.DROPPED_SCOPES_NOTE.format(scopes=", ".join(request.dropped)),)
            if request.dropped else ()
        ),
    )
    return replace(state, steps=_steps(state))


def start(
    app: App,
    edition: Edition,
    catalog: Catalog,
    role: UserRole,
    *,
    already_granted: Iterable[str] = (),
    connected: bool = False,
    previous_permissions: Permissions = Permissions(),
) -> WizardState:
    """The wizard as it opens once ``Connect`` is clicked; a user without *Manage
    apps* cannot click it and stays on the marketplace card.

    ``already_granted`` (or ``connected``) makes it a re-authorization: only new
    scopes are asked, and an App asking nothing new goes straight to its callback
    with what it already holds (``previous_permissions`` in EE).
    """
    card = marketplace(
        app, edition, catalog, role,
        already_granted=already_granted, connected=connected,
        previous_permissions=previous_permissions,
    )
    if not role.manage_apps:
        return card
    return apply(card, Connect())


def apply(state: WizardState, action: Action) -> WizardState:
    """The state after ``action``; :class:`WizardError` if the screen does not offer it."""
    if isinstance(action, (SetCodes, SetAll)):
        return _set_field(state, action)
    if isinstance(action, AgreeConsent):
        if state.step is not Step.CONSENT:
            raise WizardError(
                f'there is no consent checkbox on the "{state.step.label}" step'
            )
        return replace(state, consent_agreed=action.agreed)
    label = _BUTTON_OF[type(action)]
    if label not in state.buttons:
        offered = ", ".join(state.buttons) or "none"
        raise WizardError(
            f'no "{label}" button on the "{state.step.label}" step (buttons: {offered})'
        )
    if label in state.disabled_buttons:
        raise WizardError(_disabled_reason(state, label))
    if isinstance(action, Connect):
        return _open(state)
    if isinstance(action, Cancel):
        return replace(state, step=Step.CANCELLED, grant=None)
    if isinstance(action, (Allow, Confirm)):
        return _finish(state)
    if isinstance(action, (AllowAndNext, Next)):
        return _move(state, +1)
    return _move(state, -1)


def _steps(state: WizardState) -> tuple[Step, ...]:
    if state.connected and not state.new_scopes:
        return ()
    steps = [Step.CONSENT] if consent_lines(state.new_scopes) else []
    steps.append(Step.AUTHORIZATIONS)
    if (
        state.edition is Edition.EE
        and not state.connected
        and has_product_scope(state.requested)
    ):
        steps += [Step.PERMISSIONS, Step.SUMMARY]
    return (*steps, Step.DONE)


def _buttons(state: WizardState) -> tuple[str, ...]:
    step = state.step
    if step is Step.MARKETPLACE:
        return (wording.CONNECT,)
    if step is Step.CONSENT:
        return (wording.CANCEL, wording.ALLOW_AND_NEXT)
    if step is Step.AUTHORIZATIONS:
        last = _following(state) is Step.DONE
        return (wording.CANCEL, wording.ALLOW if last else wording.ALLOW_AND_NEXT)
    if step is Step.PERMISSIONS:
        return (wording.CANCEL, wording.PREVIOUS, wording.NEXT)
    if step is Step.SUMMARY:
        return (wording.CANCEL, wording.PREVIOUS, wording.CONFIRM)
    return ()


def _following(state: WizardState) -> Step:
    return state.steps[state.steps.index(state.step) + 1]


def _disabled_reason(state: WizardState, label: str) -> str:
    if state.step is Step.MARKETPLACE:
        return (
            f'"{label}" is disabled: the user\'s role lacks the Manage apps permission; '
            "an administrator must connect the App"
        )
    return f'"{label}" is disabled until the user ticks "{wording.CONSENT_CHECKBOX}"'


def _open(state: WizardState) -> WizardState:
    if not state.steps:
        return _finish(replace(state, notes=(*state.notes, wording.NOTHING_NEW_NOTE)))
    form = None
    if Step.PERMISSIONS in state.steps:
        form = permission_form(state.catalog, state.requested, state.role)
    return replace(state, step=state.steps[0], form=form)


def _move(state: WizardState, offset: int) -> WizardState:
    return replace(state, step=state.steps[state.steps.index(state.step) + offset])


def _finish(state: WizardState) -> WizardState:
    scopes = state.requested | state.already_granted
    notes = state.notes
    messages: tuple[str, ...] = ()
    if state.edition is not Edition.EE:
        permissions = Permissions.everything()
    elif state.form is not None:
        permissions = state.form.permissions()
        messages = (wording.CONFIGURED,)
        notes += tuple(
            wording.READ_ONLY_AXIS_NOTE.format(
                entity=form.entity, permission=AXIS_ROLE_PERMISSION[form.axis]
            )
            for form in state.form.axes
            if form.read_only
        )
    else:
        permissions = state.previous_permissions
    return replace(
        state,
        step=Step.DONE,
        grant=Grant(state.edition, scopes, permissions),
        messages=messages,
        notes=notes,
    )


def _set_field(state: WizardState, action: SetCodes | SetAll) -> WizardState:
    if state.step is not Step.PERMISSIONS or state.form is None:
        raise WizardError(
            f'permission fields are on the "{wording.PROGRESS_PERMISSIONS}" step, '
            f'not on "{state.step.label}"'
        )
    form = state.form.axis(action.axis)
    name = f"{form.entity} {LEVEL_LABEL.get(action.level, action.level.name)}"
    if form.read_only:
        raise WizardError(
            f"the {form.entity} fields are read-only: the user's role lacks "
            f'"{AXIS_ROLE_PERMISSION[action.axis]}"'
        )
    if action.level not in form.levels:
        offered = ", ".join(LEVEL_LABEL[level] for level in form.levels)
        why = (
            "the App asks read_products only"
            if action.level in action.axis.levels
            else f"{form.entity} have no such level"
        )
        raise WizardError(f"no {name} field: {why} (fields: {offered})")
    if isinstance(action, SetAll):
        return replace(state, form=state.form.with_axis(form.with_all(action.level, action.on)))
    if form.field(action.level).all:
        raise WizardError(f'the {name} field is covered by "{wording.ALL}": untick it first')
    known = [option.code for option in form.options]
    for code in action.codes:
        if code not in known:
            raise WizardError(_not_an_option(state.catalog, form, code))
    return replace(
        state, form=state.form.with_axis(form.with_codes(action.level, action.codes))
    )


def _not_an_option(catalog: Catalog, form: AxisForm, code: str) -> str:
    listed = ", ".join(option.code for option in form.options) or "none"
    if form.axis is Axis.CATEGORY:
        if code in catalog.category_by_code:
            return (
                f'"{code}" is not a category tree: the picker lists root trees only '
                f"({listed}); a tree's level applies to every category below it"
            )
        return f'unknown category tree "{code}" (trees: {listed})'
    kind = "locale" if form.axis is Axis.LOCALE else "attribute group"
    return f'unknown {kind} "{code}" ({kind}s: {listed})'


# Later changes: Connected apps > Manage app > Permissions (reference §3).


@dataclass(frozen=True)
class Save:
    """Click ``Save`` on the connected App's settings page."""


@dataclass(frozen=True)
class ManageAppPermissions:
    """The Permissions tab of a connected App's settings page, as
    ``ConnectedAppContainer.tsx`` and ``ConnectedAppPermissions.tsx`` (akeneo/pim-community-dev)
    work it: the tab is there in EE for an App that may at least view products; its
    forms hold the App's current permissions (with ``read_products`` alone, View fields
    only); a form whose role permission the user lacks is read-only and not saved;
    ``Save`` is enabled once something changed and saves each editable form, then says
    ``App settings successfully updated.``. No wizard step is shown again."""

    grant: Grant
    catalog: Catalog
    role: UserRole
    form: PermissionForm
    unsaved: bool = False
    messages: tuple[str, ...] = ()

    @property
    def buttons(self) -> tuple[str, ...]:
        return (wording.SAVE,)

    @property
    def disabled_buttons(self) -> frozenset[str]:
        return frozenset() if self.unsaved else frozenset({wording.SAVE})

    @property
    def status(self) -> str:
        """What the page says of unsaved changes (``pim_common.entity_updated``)."""
        return wording.UNSAVED_CHANGES if self.unsaved else ""


def manage_app_permissions(grant: Grant, catalog: Catalog, role: UserRole) -> ManageAppPermissions:
    """The Permissions tab of a connected App; :class:`WizardError` when the PIM shows
    none (not EE, or an App that may not view products)."""
    if grant.edition is not Edition.EE:
        raise WizardError(f"{grant.edition.value} has no permissions: the connected App's page has no Permissions tab")
    if not has_product_scope(grant.scopes):
        raise WizardError("the App may not view products: its page has no Permissions tab")
    empty = permission_form(catalog, grant.scopes, role)
    return ManageAppPermissions(grant, catalog, role, _filled(empty, grant.permissions))


def _filled(form: PermissionForm, permissions: Permissions) -> PermissionForm:
    """The forms showing what the App's user group holds now."""
    axes = []
    for axis_form in form.axes:
        held = permissions.axis(axis_form.axis)
        fields = []
        for level_field in axis_form.fields:
            name = {Level.OWN: "own", Level.EDIT: "edit", Level.VIEW: "view"}[level_field.level]
            codes = set(getattr(held, name))
            fields.append(replace(
                level_field, codes=axis_form._ordered(codes), all=bool(getattr(held, f"{name}_all")),
            ))
        axes.append(replace(axis_form, fields=tuple(fields)))
    return PermissionForm(tuple(axes))


def apply_to_settings(state: ManageAppPermissions, action: SetCodes | SetAll | Save) -> ManageAppPermissions:
    """The settings page after ``action``; :class:`WizardError` when it is not offered."""
    if isinstance(action, Save):
        if not state.unsaved:
            raise WizardError(f'"{wording.SAVE}" is disabled: nothing was changed')
        saved = Permissions(**{
            AXIS_FIELD[form.axis]: (state.grant.permissions.axis(form.axis) if form.read_only else form.grant())
            for form in state.form.axes
        })
        return replace(state, grant=replace(state.grant, permissions=saved), unsaved=False,
                       messages=(wording.SETTINGS_SAVED,))
    form = state.form.axis(action.axis)
    name = f"{form.entity} {LEVEL_LABEL.get(action.level, action.level.name)}"
    if form.read_only:
        raise WizardError(
            f'the {form.entity} fields are read-only: the user\'s role lacks "{AXIS_ROLE_PERMISSION[action.axis]}"'
        )
    if action.level not in form.levels:
        raise WizardError(f"no {name} field (fields: {', '.join(LEVEL_LABEL[level] for level in form.levels)})")
    if isinstance(action, SetAll):
        changed = form.with_all(action.level, action.on)
    else:
        known = [option.code for option in form.options]
        for code in action.codes:
            if code not in known:
                raise WizardError(_not_an_option(state.catalog, form, code))
        changed = form.with_codes(action.level, action.codes)
    if changed == form:
        return state
    return replace(state, form=state.form.with_axis(changed), unsaved=True, messages=())


AXIS_FIELD: dict[Axis, str] = {
    Axis.CATEGORY: "categories", Axis.LOCALE: "locales", Axis.ATTRIBUTE_GROUP: "attribute_groups",
}
