"""The PIM's own words (en_US) for the marketplace, the scopes and the App wizard.

One place for every user-facing string of those screens, so that the simulator shows
what a PIM user sees and a wording change is made once. Strings quoted from the PIM
(reference §1–§3) are kept verbatim; strings that explain the simulator's own
reasoning are grouped at the end and never pretend to be PIM text.
"""

from __future__ import annotations

from typing import Final

# Marketplace (reference §1).
CONNECT: Final = "Connect"
CONNECT_DISABLED_HELP: Final = (
    "The `Connect` may be disabled. If that's the case, please get in touch with an "
    "Administrator. That means you don't have the `Manage Apps` permission on your PIM."
)
"""The help article's tip for a user whose role lacks `Manage apps`."""

# Authorization request errors (reference §1.3).
SCOPE_LIST_TOO_LONG: Final = "The scope list must not contain more than 1000 characters."
RESPONSE_TYPE_MUST_BE_CODE: Final = 'The response_type must be "code".'
CLIENT_ID_REQUIRED: Final = "The client_id is required."

# Progress labels (reference §3).
PROGRESS_AUTHENTICATION: Final = "Authentication"
PROGRESS_AUTHORIZATIONS: Final = "Authorizations"
PROGRESS_PERMISSIONS: Final = "Permissions"
PROGRESS_SUMMARY: Final = "Summary"
"""The reference quotes no progress label for the summary; the article names it so."""
PROGRESS_DONE: Final = "Well done!"

# Buttons (reference §3).
ALLOW: Final = "Allow"
ALLOW_AND_NEXT: Final = "Allow and next"
CANCEL: Final = "Cancel"
PREVIOUS: Final = "Previous"
NEXT: Final = "Next"
CONFIRM: Final = "Confirm"

# Authentication (consent) step (reference §2, §3).
CONSENT_PROFILE: Final = "View your firstname and your lastname"
CONSENT_EMAIL: Final = "View your email address"
CONSENT_CHECKBOX: Final = "I agree to this App's Privacy Policy and Terms of Use"

# Authorizations step (reference §2).
AUTHORIZATIONS_TITLE: Final = "{app} needs to"
NO_SCOPE_TITLE: Final = "{app} would like to access your PIM."
NO_SCOPE_MESSAGE: Final = "No specific authorizations have been requested."
ALREADY_ALLOWED: Final = "Is already allowed to:"
VIEW_TEMPLATE: Final = "View {entities}"
EDIT_TEMPLATE: Final = "View and edit {entities}"
DELETE_TEMPLATE: Final = "View, edit and delete {entities}"

NO_SCOPE_ABILITIES: Final = (
    "get the list of all API endpoints, which is also available on api.akeneo.com",
    "get your system information: your PIM version and edition",
)
"""What an App without any authorization scope can still do (the article's words):
every App role holds overall Web API access (reference §1.5, §2)."""

# Permissions and summary steps (reference §3).
PERMISSIONS_HELP: Final = "If you need help please check our article"
CONFIGURED: Final = "App successfully configured."
PERMISSIONS_NOT_SAVED: Final = "Permissions on {entity} could not be saved."
ALL: Final = "All"

# Re-authorization and the connected App's settings page (jsmessages.en_US.yml of
# akeneo/pim-community-dev: apps.scope.new, connected_apps.edit.flash.success,
# pim_common.save; the settings page's tabs Settings and Permissions).
NEW_BADGE: Final = "NEW"
"""The badge beside each new authorization line on re-authorization (``ScopeList.tsx``)."""
NEW_AUTHORIZATION_REQUIRED: Final = "New access authorization required."
"""The connected App's card when the App asks new scopes."""
MANAGE_APP: Final = "Manage app"
PERMISSIONS_TAB: Final = "Permissions"
SAVE: Final = "Save"
SETTINGS_SAVED: Final = "App settings successfully updated."
PERMISSIONS_NOT_UPDATED: Final = "Permissions on {entity} could not be updated."
UNSAVED_CHANGES: Final = "There are unsaved changes."
"""The PIM's ``pim_common.entity_updated`` state beside Save (its en_US text)."""
CONNECT_MENU: Final = "Connect"
CONNECTED_APPS: Final = "Connected Apps"
SETTINGS_TAB: Final = "Settings"
ERROR_MONITORING_TAB: Final = "Error monitoring"
"""The connected App's page as the help center walks it (akeneo/pim-helpcenter
``content/md/connectivity/manage-your-apps.md``: "the `Connect` sub-menu called
`Connected Apps`", "click on `Manage app`", "3 tabs in that section: Settings,
Permissions, Error monitoring"); ``ConnectedAppContainer.tsx`` draws the same
breadcrumb (``pim_menu.tab.connect``, ``pim_menu.item.connected_apps``, the App's name)
and tabs (``connected_apps.edit.tabs.*``)."""

# Connected App descriptions (reference §3).
NO_PRODUCT_ACCESS: Final = "This connected app doesn't access your product information."
AUTHENTICATION_ONLY: Final = (
    "This app uses Akeneo App authentication without using your personal data."
)

# The simulator's own explanations (not PIM text).
READ_ONLY_AXIS_NOTE: Final = (
    "Nothing was saved for {entity}: the user's role lacks “{permission}”, so the "
    "field was read-only and the App's user group got no permission on {entity}."
)
NOTHING_NEW_NOTE: Final = (
    "The App is already connected and asks nothing new: the PIM skips the wizard and "
    "redirects to the App's callback URL."
)
DROPPED_SCOPES_NOTE: Final = (
    "The PIM silently dropped scopes it does not know: {scopes}."
)
