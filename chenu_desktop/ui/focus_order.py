"""The window's Tab order: the sidebar, then the top bar, then the page.

A widget joins its window's focus chain when it is made, so the chain is the
order of construction: the sidebar's header, then the top bar, then the
sidebar's entries (added once the routes are known), then each page (made on
its first visit). Tab would jump from the sidebar's header to the top bar
and back into the sidebar; this puts the top bar's controls after the
sidebar's last one, wherever the entries came from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def sidebar_then_top_bar(sidebar: QWidget, top_bar: QWidget) -> None:
    """Move the top bar's controls, in their own order, just after the sidebar's last control."""
    chain = _tab_chain(sidebar.window())
    in_sidebar = [widget for widget in chain if sidebar.isAncestorOf(widget)]
    previous = in_sidebar[-1] if in_sidebar else None
    for widget in (widget for widget in chain if top_bar.isAncestorOf(widget)):
        if previous is not None:
            QWidget.setTabOrder(previous, widget)
        previous = widget


def _tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab can reach in `window`, in the focus chain's order."""
    found = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found
