"""What the window says about teams: a person's role in a workspace, and why
a call to the server about members or invitations did not go through."""

from __future__ import annotations

from chenu_desktop.domain.identity import LOCAL_WORKSPACE_NAME

from .i18n import tr


def workspace_name(name: str | None) -> str:
    """A workspace's name as shown: the device's own local workspace in the window's language."""
    if name == LOCAL_WORKSPACE_NAME:
        return tr("Local workspace")
    return name or tr("Untitled workspace")


def role_name(role: str | None) -> str:
    """owner / member / viewer in the window's language; "local" for a local profile's workspace."""
    names = {"owner": tr("owner"), "member": tr("member"), "viewer": tr("viewer")}
    return names.get(role or "", tr("local"))


def describe_failure(error: BaseException) -> str:
    """Calmly: nothing was changed, and why (offline, or the server's reason)."""
    from chenu_desktop.sync.errors import ServerUnreachable

    if isinstance(error, ServerUnreachable):
        return tr("The server cannot be reached right now (offline?); nothing was changed. Try again later.")
    return tr("The server refused: {reason}").format(reason=str(error))
