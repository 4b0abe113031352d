"""The element ids of a widget's parts: the renderer writes them, events name the one
to focus next, and the page's script only ever reads them from the answer."""

from __future__ import annotations


def screen(key: str) -> str:
    """The wizard's current screen."""
    return f"{key}-screen"


def explanation(key: str) -> str:
    """The dialog that explains the selected cell."""
    return f"{key}-explanation"


def cell(key: str, cell_id: str) -> str:
    """A cell's button (``r0``, ``m1.2``, ``v3.-``)."""
    return f"{key}-{cell_id}"


def draft_field(key: str, field: str) -> str:
    """A field of the request editor."""
    return f"{key}-draft-{field.replace('_', '-')}"


def requests(key: str) -> str:
    """The requests pane's heading."""
    return f"{key}-requests"


def setup(key: str) -> str:
    """The setup pane's heading."""
    return f"{key}-setup"


def paste(key: str) -> str:
    """The box a request is pasted in."""
    return f"{key}-paste"


def share(key: str) -> str:
    """The box that shows a copied link."""
    return f"{key}-share"


def title(key: str) -> str:
    return f"{key}-title"


def manage_button(key: str) -> str:
    """``Manage app`` on the wizard's last screen: the App's page opens from it."""
    return f"{key}-do-manage"
