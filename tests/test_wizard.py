"""The activation wizard: steps, buttons, the permission form, what is granted."""

from __future__ import annotations

from functools import reduce
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataclasses import replace

from simulator.connect import (
    Save,
    apply_to_settings,
    manage_app_permissions,
    Action,
    AgreeConsent,
    Allow,
    AllowAndNext,
    App,
    Cancel,
    Confirm,
    Connect,
    Next,
    Previous,
    SetAll,
    SetCodes,
    Step,
    UserRole,
    WizardError,
    WizardState,
    app_by_id,
    apply,
    marketplace,
    start,
)
from simulator.formats import load_catalog
from simulator.model import Axis, AxisGrant, Catalog, Edition, Grant, Level, Permissions

CATALOG: Catalog = load_catalog("article")
ADMIN = UserRole()
CATEGORY, LOCALE, GROUP = Axis.CATEGORY, Axis.LOCALE, Axis.ATTRIBUTE_GROUP
OWN, EDIT, VIEW = Level.OWN, Level.EDIT, Level.VIEW


def run(state: WizardState, *actions: Action) -> WizardState:
    return reduce(apply, actions, state)


def wizard(
    app_id: str,
    edition: Edition = Edition.EE,
    role: UserRole = ADMIN,
    already_granted: tuple[str, ...] = (),
    previous_permissions: Permissions = Permissions(),
) -> WizardState:
    return start(
        app_by_id(app_id), edition, CATALOG, role,
        already_granted=already_granted, previous_permissions=previous_permissions,
    )


def labels(state: WizardState) -> tuple[str, ...]:
    return tuple(step.label for step in state.steps)


# reference §3: which steps a flow has.
@pytest.mark.parametrize(
    ("app_id", "edition", "steps"),
    [
        ("erp_connector", Edition.CE, ("Authorizations", "Well done!")),
        ("erp_connector", Edition.GE, ("Authorizations", "Well done!")),
        ("erp_connector", Edition.EE,
         ("Authorizations", "Permissions", "Summary", "Well done!")),
        ("ecommerce_app", Edition.EE,
         ("Authorizations", "Permissions", "Summary", "Well done!")),
        ("no_scope_app", Edition.EE, ("Authorizations", "Well done!")),
        ("sign_in_app", Edition.EE, ("Authentication", "Authorizations", "Well done!")),
        ("sign_in_app", Edition.CE, ("Authentication", "Authorizations", "Well done!")),
    ],
)
def test_the_steps_depend_on_the_edition_and_the_scopes(
    app_id: str, edition: Edition, steps: tuple[str, ...]
) -> None:
    assert labels(wizard(app_id, edition)) == steps


def test_an_ee_app_without_a_products_scope_has_no_permission_steps() -> None:
    # reference §3: Permissions only with a products scope.
    app = App("structure", "Structure App", ("read_catalog_structure",), "")
    state = start(app, Edition.EE, CATALOG, ADMIN)
    assert labels(state) == ("Authorizations", "Well done!")
    assert state.buttons == ("Cancel", "Allow")


def test_openid_alone_needs_no_consent() -> None:
    # reference §3
    app = App("openid", "OpenID App", ("openid",), "")
    assert labels(start(app, Edition.CE, CATALOG, ADMIN)) == ("Authorizations", "Well done!")


# Walk-throughs.


def test_ce_walk_through() -> None:
    # reference §3, §4: one step; CE is limited by scopes alone.
    state = wizard("translation_app", Edition.CE)
    assert state.step is Step.AUTHORIZATIONS
    assert state.title == "Translation App needs to"
    assert state.authorization_lines == (  # by scope code (ScopeMapperRegistry::getMessages)
        "View attributes, attribute groups, families and family variants",
        "View locales and currencies",
        "View and edit products and product models",
    )
    assert state.buttons == ("Cancel", "Allow")
    assert state.grant is None
    done = apply(state, Allow())
    assert done.step is Step.DONE
    assert done.grant == Grant(
        Edition.CE,
        frozenset({"read_products", "write_products", "read_catalog_structure",
                   "read_channel_localization"}),
        Permissions.everything(),
    )


def test_ge_walk_through_gives_every_permission_by_default() -> None:
    # reference §4: in GE the App's user group gets every permission.
    done = run(wizard("erp_connector", Edition.GE), Allow())
    assert done.grant is not None
    assert done.grant.permissions == Permissions.everything()
    assert "delete_products" in done.grant.scopes


def test_ee_walk_through_erp_app_owning_master_catalog() -> None:
    # reference §3, and the article's example: an ERP App owns the Master catalog tree.
    state = wizard("erp_connector")
    assert state.buttons == ("Cancel", "Allow and next")
    state = apply(state, AllowAndNext())
    assert state.step is Step.PERMISSIONS
    assert state.buttons == ("Cancel", "Previous", "Next")
    assert state.help == "If you need help please check our article"
    state = run(
        state,
        SetCodes(CATEGORY, OWN, ("master",)),
        SetAll(LOCALE, EDIT),
        SetAll(GROUP, EDIT),
        Next(),
    )
    assert state.step is Step.SUMMARY
    assert state.buttons == ("Cancel", "Previous", "Confirm")
    assert state.form is not None
    assert [form.summary() for form in state.form.axes] == [
        (("Own", ("Master catalog",)), ("Edit", ("Master catalog",)),
         ("View", ("Master catalog",))),
        (("Edit", ("All",)), ("View", ("All",))),
        (("Edit", ("All",)), ("View", ("All",))),
    ]
    assert state.grant is None
    done = apply(state, Confirm())
    assert done.step is Step.DONE
    assert done.messages == ("App successfully configured.",)
    assert done.grant is not None
    assert done.grant.permissions == Permissions(
        categories=AxisGrant(
            own=frozenset({"master"}), edit=frozenset({"master"}),
            view=frozenset({"master"}),
        ),
        locales=AxisGrant(edit_all=True, view_all=True),
        attribute_groups=AxisGrant(edit_all=True, view_all=True),
    )


def test_ee_previous_and_next_keep_the_form() -> None:
    # reference §3: Previous / Next between the steps.
    state = run(
        wizard("erp_connector"),
        AllowAndNext(), SetCodes(CATEGORY, EDIT, ("ecommerce",)), Next(), Previous(),
    )
    assert state.step is Step.PERMISSIONS
    assert state.form is not None
    assert state.form.axis(CATEGORY).field(EDIT).codes == ("ecommerce",)
    assert apply(state, Previous()).step is Step.AUTHORIZATIONS


def test_the_translation_app_example() -> None:
    # reference §3; the article's Locales example: View on fr_FR, Edit on en_US and de_DE.
    done = run(
        wizard("translation_app"),
        AllowAndNext(),
        SetAll(CATEGORY, EDIT),
        SetCodes(LOCALE, VIEW, ("fr_FR",)),
        SetCodes(LOCALE, EDIT, ("en_US", "de_DE")),
        SetAll(GROUP, EDIT),
        Next(),
        Confirm(),
    )
    assert done.grant is not None
    locales = done.grant.permissions.locales
    assert (locales.level_of("fr_FR"), locales.level_of("en_US"), locales.level_of("de_DE")) == (
        VIEW, EDIT, EDIT,
    )


def test_with_read_products_only_the_forms_show_view_fields_only() -> None:
    # reference §3
    state = run(wizard("ecommerce_app"), AllowAndNext())
    assert state.form is not None
    assert [form.levels for form in state.form.axes] == [(VIEW,), (VIEW,), (VIEW,)]
    with pytest.raises(WizardError) as error:
        apply(state, SetCodes(CATEGORY, EDIT, ("ecommerce",)))
    assert str(error.value) == (
        "no categories Edit field: the App asks read_products only (fields: View)"
    )


def test_the_ecommerce_app_example_with_attribute_groups() -> None:
    # reference §5: View on the ecommerce, marketing and media groups only.
    done = run(
        wizard("ecommerce_app"),
        AllowAndNext(),
        SetCodes(CATEGORY, VIEW, ("ecommerce",)),
        SetAll(LOCALE, VIEW),
        SetCodes(GROUP, VIEW, ("media", "ecommerce", "marketing")),
        Next(),
        Confirm(),
    )
    assert done.grant is not None
    groups = done.grant.permissions.attribute_groups
    assert groups == AxisGrant(view=frozenset({"marketing", "ecommerce", "media"}))


def test_no_scope_app_walk_through() -> None:
    # reference §2: the no-scope screen.
    state = wizard("no_scope_app")
    assert state.title == "Dashboard App would like to access your PIM."
    assert state.no_scope_screen is not None
    assert state.no_scope_screen.message == "No specific authorizations have been requested."
    assert state.authorization_lines == ()
    done = apply(state, Allow())
    assert done.grant == Grant(Edition.EE, frozenset(), Permissions())


def test_openid_profile_email_walk_through() -> None:
    # reference §2, §3: the consent step comes first, its button waits for the checkbox.
    state = wizard("sign_in_app")
    assert state.step is Step.CONSENT
    assert state.consent_lines == (
        "View your firstname and your lastname",
        "View your email address",
    )
    assert state.consent_checkbox == "I agree to this App's Privacy Policy and Terms of Use"
    assert state.buttons == ("Cancel", "Allow and next")
    assert state.disabled_buttons == {"Allow and next"}
    with pytest.raises(WizardError) as error:
        apply(state, AllowAndNext())
    assert str(error.value) == (
        '"Allow and next" is disabled until the user ticks '
        "\"I agree to this App's Privacy Policy and Terms of Use\""
    )
    state = run(state, AgreeConsent(), AllowAndNext())
    assert state.step is Step.AUTHORIZATIONS
    assert state.title == "Sign-in App would like to access your PIM."
    done = apply(state, Allow())
    assert done.grant is not None
    assert done.grant.scopes == {"openid", "profile", "email"}


def test_unticking_the_consent_disables_the_button_again() -> None:
    # reference §3
    state = run(wizard("sign_in_app"), AgreeConsent(), AgreeConsent(False))
    assert state.disabled_buttons == {"Allow and next"}


def test_a_user_without_manage_apps_cannot_connect() -> None:
    # reference §1.2
    state = wizard("erp_connector", role=UserRole(manage_apps=False))
    assert state.step is Step.MARKETPLACE
    assert state.buttons == ("Connect",)
    assert state.disabled_buttons == {"Connect"}
    assert state.help == (
        "The `Connect` may be disabled. If that's the case, please get in touch with an "
        "Administrator. That means you don't have the `Manage Apps` permission on your PIM."
    )
    with pytest.raises(WizardError) as error:
        apply(state, Connect())
    assert str(error.value) == (
        '"Connect" is disabled: the user\'s role lacks the Manage apps permission; '
        "an administrator must connect the App"
    )
    assert state.grant is None


def test_the_marketplace_card_connects_for_an_app_manager() -> None:
    # reference §1.1
    card = marketplace(app_by_id("erp_connector"), Edition.EE, CATALOG, ADMIN)
    assert card.step is Step.MARKETPLACE
    assert card.disabled_buttons == frozenset()
    assert apply(card, Connect()).step is Step.AUTHORIZATIONS


def test_a_user_lacking_manage_category_permissions() -> None:
    # reference §3: the field is read-only and nothing is saved for it.
    role = UserRole(manage_category_permissions=False)
    state = run(wizard("erp_connector", role=role), AllowAndNext())
    assert state.form is not None
    assert [(form.axis, form.read_only) for form in state.form.axes] == [
        (CATEGORY, True), (LOCALE, False), (GROUP, False),
    ]
    with pytest.raises(WizardError) as error:
        apply(state, SetCodes(CATEGORY, OWN, ("master",)))
    assert str(error.value) == (
        "the categories fields are read-only: the user's role lacks "
        '"Manage category permissions"'
    )
    done = run(state, SetAll(LOCALE, EDIT), Next(), Confirm())
    assert done.grant is not None
    assert done.grant.permissions.categories == AxisGrant()
    assert done.grant.permissions.locales == AxisGrant(edit_all=True, view_all=True)
    assert done.notes == (
        "Nothing was saved for categories: the user's role lacks “Manage category "
        "permissions”, so the field was read-only and the App's user group got no "
        "permission on categories.",
    )


# reference §3: Cancel is offered on every step and grants nothing.
@pytest.mark.parametrize("step_actions", [(), (AllowAndNext(),), (AllowAndNext(), Next())])
def test_cancel_grants_nothing(step_actions: tuple[Action, ...]) -> None:
    state = run(wizard("erp_connector"), *step_actions, Cancel())
    assert state.step is Step.CANCELLED
    assert state.grant is None
    assert state.buttons == ()


# Re-authorization (reference §2).


def test_re_authorization_asks_only_the_new_scopes() -> None:
    state = wizard(
        "translation_app",
        already_granted=("read_products", "read_catalog_structure",
                         "read_channel_localization"),
    )
    assert labels(state) == ("Authorizations", "Well done!")
    assert state.authorization_lines == ("View and edit products and product models",)
    assert state.already_allowed_heading == "Is already allowed to:"
    assert state.already_allowed_lines == (
        "View attributes, attribute groups, families and family variants",
        "View locales and currencies",
        "View products and product models",
    )


def test_re_authorization_keeps_the_ee_permissions() -> None:
    previous = Permissions(categories=AxisGrant.of(own=("master",)))
    done = run(
        wizard("translation_app", already_granted=("read_products",),
               previous_permissions=previous),
        Allow(),
    )
    assert done.grant is not None
    assert done.grant.permissions == previous
    assert "write_products" in done.grant.scopes


def test_a_connected_app_asking_nothing_new_skips_the_wizard() -> None:
    state = wizard("translation_app", already_granted=app_by_id("translation_app").scopes)
    assert state.steps == ()
    assert state.step is Step.DONE
    assert state.grant is not None
    assert state.notes == (
        "The App is already connected and asks nothing new: the PIM skips the wizard "
        "and redirects to the App's callback URL.",
    )


def test_dropped_scopes_are_reported() -> None:
    # reference §1.3
    state = wizard("feed_app", Edition.CE)
    assert state.dropped == ("read_channels",)
    assert state.notes == ("The PIM silently dropped scopes it does not know: read_channels.",)
    done = apply(state, Allow())
    assert done.grant is not None
    assert done.grant.scopes == {"read_products", "read_categories"}


# The level fields (reference §3): implications on add and on remove.


def category_form(*actions: Action) -> dict[str, tuple[str, ...]]:
    state = run(wizard("erp_connector"), AllowAndNext(), *actions)
    assert state.form is not None
    form = state.form.axis(CATEGORY)
    return {f.label: f.codes for f in form.fields}


@pytest.mark.parametrize(
    ("actions", "fields"),
    [
        ((SetCodes(CATEGORY, OWN, ("master",)),),
         {"Own": ("master",), "Edit": ("master",), "View": ("master",)}),
        ((SetCodes(CATEGORY, EDIT, ("ecommerce",)),),
         {"Own": (), "Edit": ("ecommerce",), "View": ("ecommerce",)}),
        ((SetCodes(CATEGORY, VIEW, ("print", "master")),),
         {"Own": (), "Edit": (), "View": ("master", "print")}),
        ((SetCodes(CATEGORY, OWN, ("master", "ecommerce")),
          SetCodes(CATEGORY, VIEW, ("ecommerce",))),
         {"Own": ("ecommerce",), "Edit": ("ecommerce",), "View": ("ecommerce",)}),
        ((SetCodes(CATEGORY, OWN, ("master",)), SetCodes(CATEGORY, EDIT, ())),
         {"Own": (), "Edit": (), "View": ("master",)}),
        ((SetCodes(CATEGORY, OWN, ("master",)), SetCodes(CATEGORY, OWN, ())),
         {"Own": (), "Edit": ("master",), "View": ("master",)}),
        ((SetCodes(CATEGORY, VIEW, ("print",)), SetCodes(CATEGORY, OWN, ("master",))),
         {"Own": ("master",), "Edit": ("master",), "View": ("master", "print")}),
    ],
)
def test_level_implications(actions: tuple[Action, ...], fields: dict[str, tuple[str, ...]]) -> None:
    assert category_form(*actions) == fields


def all_flags(*actions: Action) -> dict[str, bool]:
    state = run(wizard("erp_connector"), AllowAndNext(), *actions)
    assert state.form is not None
    return {f.label: f.all for f in state.form.axis(CATEGORY).fields}


@pytest.mark.parametrize(
    ("actions", "flags"),
    [
        ((SetAll(CATEGORY, OWN),), {"Own": True, "Edit": True, "View": True}),
        ((SetAll(CATEGORY, EDIT),), {"Own": False, "Edit": True, "View": True}),
        ((SetAll(CATEGORY, VIEW),), {"Own": False, "Edit": False, "View": True}),
        ((SetAll(CATEGORY, OWN), SetAll(CATEGORY, VIEW, on=False)),
         {"Own": False, "Edit": False, "View": False}),
        ((SetAll(CATEGORY, OWN), SetAll(CATEGORY, EDIT, on=False)),
         {"Own": False, "Edit": False, "View": True}),
        ((SetAll(CATEGORY, OWN), SetAll(CATEGORY, OWN, on=False)),
         {"Own": False, "Edit": True, "View": True}),
    ],
)
def test_all_flags_imply_downward(actions: tuple[Action, ...], flags: dict[str, bool]) -> None:
    assert all_flags(*actions) == flags


# Invalid actions are errors, never ignored (buttons per step: reference §3).


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ((Confirm(),),
         'no "Confirm" button on the "Authorizations" step (buttons: Cancel, Allow and next)'),
        ((Allow(),),
         'no "Allow" button on the "Authorizations" step (buttons: Cancel, Allow and next)'),
        ((Previous(),),
         'no "Previous" button on the "Authorizations" step (buttons: Cancel, Allow and next)'),
        ((AgreeConsent(),), 'there is no consent checkbox on the "Authorizations" step'),
        ((SetCodes(CATEGORY, OWN, ("master",)),),
         'permission fields are on the "Permissions" step, not on "Authorizations"'),
        ((AllowAndNext(), Next(), SetAll(LOCALE, VIEW)),
         'permission fields are on the "Permissions" step, not on "Summary"'),
        ((AllowAndNext(), SetCodes(CATEGORY, OWN, ("master_accessories",))),
         '"master_accessories" is not a category tree: the picker lists root trees only '
         "(master, ecommerce, print); a tree's level applies to every category below it"),
        ((AllowAndNext(), SetCodes(CATEGORY, OWN, ("shoes",))),
         'unknown category tree "shoes" (trees: master, ecommerce, print)'),
        ((AllowAndNext(), SetCodes(LOCALE, EDIT, ("es_ES",))),
         'unknown locale "es_ES" (locales: en_US, fr_FR, de_DE)'),
        ((AllowAndNext(), SetCodes(GROUP, VIEW, ("pricing",))),
         'unknown attribute group "pricing" (attribute groups: marketing, ecommerce, '
         "media, erp, technical)"),
        ((AllowAndNext(), SetCodes(LOCALE, OWN, ("en_US",))),
         "no locales Own field: locales have no such level (fields: Edit, View)"),
        ((AllowAndNext(), SetAll(CATEGORY, EDIT), SetCodes(CATEGORY, VIEW, ("print",))),
         'the categories View field is covered by "All": untick it first'),
        ((AllowAndNext(), Next(), Confirm(), Cancel()),
         'no "Cancel" button on the "Well done!" step (buttons: none)'),
        ((Cancel(), Allow()),
         'no "Allow" button on the "Cancelled" step (buttons: none)'),
    ],
)
def test_invalid_actions_raise_a_clear_error(actions: tuple[Action, ...], message: str) -> None:
    *before, last = actions
    state = run(wizard("erp_connector"), *before)
    with pytest.raises(WizardError) as error:
        apply(state, last)
    assert str(error.value) == message


# reference §3: whatever the user clicks, the form keeps Own ⊆ Edit ⊆ View.
_TREES = ("master", "ecommerce", "print")
_field_changes = st.lists(
    st.one_of(
        st.builds(
            SetCodes,
            st.just(CATEGORY),
            st.sampled_from((OWN, EDIT, VIEW)),
            st.lists(st.sampled_from(_TREES), unique=True).map(tuple),
        ),
        st.builds(SetAll, st.just(CATEGORY), st.sampled_from((OWN, EDIT, VIEW)), st.booleans()),
    ),
    max_size=12,
)


@settings(deadline=None)  # a property, not a timing: a loaded machine may stall any example
@given(_field_changes)
def test_the_form_keeps_levels_ordered(changes: list[SetCodes | SetAll]) -> None:
    state = apply(wizard("erp_connector"), AllowAndNext())
    for change in changes:
        try:
            state = apply(state, change)
        except WizardError:
            continue  # a field covered by All refuses codes: the state is unchanged
    assert state.form is not None
    grant = state.form.axis(CATEGORY).grant()
    form = {f.level: f for f in state.form.axis(CATEGORY).fields}
    assert set(form[OWN].codes) <= set(form[EDIT].codes) <= set(form[VIEW].codes)
    assert form[OWN].all <= form[EDIT].all <= form[VIEW].all
    for tree in _TREES:
        assert grant.level_of(tree) >= max(
            (level for level, f in form.items() if tree in f.codes or f.all),
            default=Level.NONE,
        )


# Re-authorization as the PIM's wizard shows it (GetWizardDataAction, ScopeListContainer.tsx,
# AppWizard.tsx; ScopeListComparator::diff for the new lines).


def test_re_authorization_lines_are_the_exhaustive_diff_in_the_pims_order() -> None:
    # Connected with write_catalog_structure, the App now asks what
    # GetWizardDataActionEndToEnd asks: the new lines are the diff, sorted by scope code.
    app = replace(app_by_id("erp_connector"),
                  scopes=("write_catalog_structure", "delete_products", "read_association_types", "openid"))
    state = start(app, Edition.EE, CATALOG, ADMIN, already_granted=("write_catalog_structure",))
    assert state.step is Step.AUTHORIZATIONS
    assert state.authorization_lines == (
        "View, edit and delete products and product models", "View association types",
    )
    assert state.already_allowed_heading == "Is already allowed to:"
    assert state.already_allowed_lines == ("View and edit attributes, attribute groups, families and family variants",)
    assert state.new_line_badge == "NEW"
    # No permission steps on re-authorization, even in EE with a products scope (AppWizard.tsx).
    assert labels(state) == ("Authorizations", "Well done!")
    done = apply(state, Allow())
    assert done.grant is not None
    assert {"write_catalog_structure", "read_catalog_structure", "delete_products", "write_products",
            "read_products", "read_association_types", "openid"} == done.grant.scopes


def test_a_higher_scope_of_a_granted_entity_is_a_new_line() -> None:
    # read_products granted, write_products asked: the diff is {write_products}.
    state = wizard("translation_app", already_granted=("read_products", "read_catalog_structure",
                                                      "read_channel_localization"))
    assert state.authorization_lines == ("View and edit products and product models",)


def test_re_authorization_needs_no_consent_checkbox() -> None:
    # displayCheckboxConsent is the App's first connection only.
    first = wizard("sign_in_app")
    assert first.step is Step.CONSENT and "Allow and next" in first.disabled_buttons
    again = wizard("sign_in_app", already_granted=("openid",))
    assert again.step is Step.CONSENT and again.disabled_buttons == frozenset()


def test_a_first_connection_has_no_new_badge() -> None:
    assert wizard("erp_connector").new_line_badge == ""


# Later changes: Connected apps > Manage app > Permissions.


def _connected_erp() -> Grant:
    done = run(wizard("erp_connector"), AllowAndNext(), SetCodes(Axis.CATEGORY, Level.OWN, ("master",)), Next(),
               Confirm())
    assert done.grant is not None
    return done.grant


def test_manage_app_shows_the_current_permissions_and_saves_changes() -> None:
    grant = _connected_erp()
    page = manage_app_permissions(grant, CATALOG, ADMIN)
    categories = page.form.axis(Axis.CATEGORY)
    assert categories.field(Level.OWN).codes == ("master",)
    assert page.disabled_buttons == frozenset({"Save"})  # nothing changed yet
    changed = apply_to_settings(page, SetCodes(Axis.CATEGORY, Level.VIEW, ("master", "print")))
    assert changed.status == "There are unsaved changes."
    saved = apply_to_settings(changed, Save())
    assert saved.messages == ("App settings successfully updated.",)
    assert saved.grant.permissions.categories.level_of("print") is Level.VIEW
    assert saved.grant.permissions.categories.level_of("master") is Level.OWN
    assert saved.grant.scopes == grant.scopes  # permissions change, scopes do not
    assert saved.status == ""


def test_manage_app_keeps_what_a_read_only_form_holds() -> None:
    grant = _connected_erp()
    role = UserRole(manage_category_permissions=False)
    page = manage_app_permissions(grant, CATALOG, role)
    assert page.form.axis(Axis.CATEGORY).read_only
    with pytest.raises(WizardError, match="read-only"):
        apply_to_settings(page, SetCodes(Axis.CATEGORY, Level.VIEW, ("print",)))
    changed = apply_to_settings(page, SetCodes(Axis.LOCALE, Level.VIEW, ("en_US",)))
    saved = apply_to_settings(changed, Save())
    assert saved.grant.permissions.categories == grant.permissions.categories


@pytest.mark.parametrize(
    ("grant", "error"),
    [
        (Grant(Edition.CE, frozenset({"read_products"})), "CE has no permissions"),
        (Grant(Edition.EE, frozenset({"read_catalog_structure"})), "may not view products"),
    ],
)
def test_manage_app_has_a_permissions_tab_in_ee_for_product_apps_only(grant: Grant, error: str) -> None:
    with pytest.raises(WizardError, match=error):
        manage_app_permissions(grant, CATALOG, ADMIN)


# Re-authorization as a scenario says it: `already_granted` (docs/scenario-format.md).

REAUTHORIZING = {
    "version": 1, "catalog": "article", "edition": "EE", "app": "translation_app",
    "already_granted": ["read_products", "read_catalog_structure", "read_channel_localization"],
    "permissions": {"categories": {"own": ["master"]}},
}


def test_a_scenario_of_an_app_already_connected_plays_the_re_authorization() -> None:
    from simulator.scenarios import evaluate, scenario_from_dict
    from simulator.scenarios.wizard_play import play

    scenario = scenario_from_dict(REAUTHORIZING)
    screens = play(scenario, scenario.load_catalog()).screens

    assert [screen.step for screen in screens] == [Step.MARKETPLACE, Step.AUTHORIZATIONS, Step.DONE]
    asked = screens[1]
    assert asked.buttons == ("Cancel", "Allow")  # no consent checkbox, no permission steps
    assert asked.authorization_lines == ("View and edit products and product models",)
    assert asked.new_line_badge == "NEW"
    assert asked.already_allowed_lines == (
        "View attributes, attribute groups, families and family variants",
        "View locales and currencies",
        "View products and product models",
    )
    grant = evaluate(scenario).wizard.grant
    assert grant is not None
    assert "write_products" in grant.scopes
    # the permissions given at the first connection are kept
    assert grant.permissions.categories.own == frozenset({"master"})


def test_already_granted_travels_in_files_and_links() -> None:
    from simulator.scenarios import decode_link, encode_link, scenario_from_dict

    scenario = scenario_from_dict(REAUTHORIZING)

    assert scenario.to_dict()["already_granted"] == sorted(REAUTHORIZING["already_granted"])  # type: ignore[call-overload]
    assert scenario_from_dict(scenario.to_dict()) == scenario
    assert decode_link(encode_link(scenario)) == scenario
    assert "already_granted" not in scenario_from_dict({**REAUTHORIZING, "already_granted": []}).to_dict()


def test_already_granted_refuses_an_unknown_scope() -> None:
    from simulator.scenarios import ScenarioError, scenario_from_dict

    with pytest.raises(ScenarioError, match=r"already_granted\[1\].*unknown scope"):
        scenario_from_dict({**REAUTHORIZING, "already_granted": ["read_products", "read_everything"]})


def test_the_page_shows_the_re_authorization_of_an_imported_scenario() -> None:
    import json

    from simulator.web import handle
    from simulator.widget import Origin, Tools, initial_state, state_to_dict

    def act(op: str, payload: dict[str, object]) -> dict[str, Any]:
        answer = json.loads(handle(op, json.dumps(payload)))
        assert "result" in answer, answer
        return answer["result"]  # type: ignore[no-any-return]

    state = state_to_dict(initial_state(Origin("erp-owns-master", tools=Tools.FULL)))
    imported = act("widget.import", {"state": state, "text": json.dumps(REAUTHORIZING)})
    card = act("widget.act", {"state": imported["state"], "event": {"action": "restart"}})
    asked = act("widget.act", {"state": card["state"], "event": {"action": "wizard", "do": "connect"}})
    html = asked["regions"]["wizard"]["html"]

    assert "View and edit products and product models" in html and ">NEW<" in html
    assert html.index("NEW") < html.index("Is already allowed to:") < html.index("View locales and currencies")
    assert "I agree" not in html
