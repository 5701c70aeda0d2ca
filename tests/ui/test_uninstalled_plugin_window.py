"""The window after a plugin is uninstalled: its sphere is listed and marked in
the sidebar and opens on its data, its hired agent is greyed, and its pending
checkpoint can be rejected but not approved (issue 14, item 8)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.plugin_host.session import PluginSession
from chenu_desktop.services import Services, open_context
from chenu_desktop.ui.models.hired_agents_model import SPHERE, STATUS
from tests.plugins.example_plugin import install_distribution
from tests.plugins.test_uninstalled_plugin import GARDEN, NOT_INSTALLED
from tests.ui.conftest import WINDOW_WAIT_MS, open_page


@pytest.fixture
def garden_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir where the garden plugin was used (a thread, a hired agent, a
    proposal waiting), then uninstalled."""
    site = tmp_path / "site"
    monkeypatch.syspath_prepend(str(site))
    dist_info = install_distribution(site, "garden-plugin", "1.0", {"garden_plugin": "garden_plugin"}, {"garden_plugin.py": textwrap.dedent(GARDEN)})
    data_dir = tmp_path / "desk"
    host = PluginHost.load()
    services = Services(open_context(data_dir, plugins=host))
    session = PluginSession(host, services.ctx.store)  # remembers the garden's owner, as every host does
    thread = services.threads.add("garden", "Raised beds", "Grow vegetables all year")
    services.threads.note(thread.id, "- build the north bed")
    services.governance.approve(services.agents.hire("garden.planner", "garden").id)
    services.agents.run("garden.planner", "plan the beds", thread.id)
    session.close()
    services.ctx.close()
    shutil.rmtree(dist_info)
    (site / "garden_plugin.py").unlink()
    return data_dir


def test_a_missing_plugins_sphere_agent_and_checkpoint_are_shown_unavailable(qtbot, make_window, garden_left_behind: Path) -> None:
    window = make_window(garden_left_behind)
    assert window.context.plugins.sphere("garden") is None

    qtbot.waitUntil(lambda: window.findChild(QPushButton, "nav-sphere-garden") is not None, timeout=WINDOW_WAIT_MS)
    entry = window.findChild(QPushButton, "nav-sphere-garden")
    assert "Garden (unavailable)" in entry.text()
    assert entry.toolTip() == NOT_INSTALLED

    page = open_page(qtbot, window, "/sphere/garden", "page-sphere")
    qtbot.waitUntil(lambda: "unavailable" in window.top_bar.title.text(), timeout=WINDOW_WAIT_MS)
    assert f"Unavailable: {NOT_INSTALLED}." in page.findChild(QLabel, "sphere-description").text()
    threads = page.findChild(QWidget, "sphere-threads")
    assert threads.count() == 1 and threads.item(0).text().startswith("Raised beds")
    assert not any(field.isEnabled() for field in page.findChildren(QLineEdit) if field.isVisible())
    team = [" / ".join(text.text() for text in row.findChildren(QLabel)) for row in page.findChildren(QWidget, "agent-row")]
    assert team == [f"Bed Planner (unavailable) / {NOT_INSTALLED}"]

    governance = open_page(qtbot, window, "/governance", "page-governance")
    qtbot.waitUntil(lambda: any(c.isVisible() for c in governance.findChildren(QWidget, "checkpoint-card")), timeout=WINDOW_WAIT_MS)
    card = next(c for c in governance.findChildren(QWidget, "checkpoint-card") if c.isVisible())
    assert not card.approve.isEnabled()
    assert card.approve.toolTip().startswith(f"Cannot be approved: {NOT_INSTALLED}.")
    assert card.reject.isEnabled()
    assert f"Cannot be approved: {NOT_INSTALLED}." in card.findChild(QLabel, "checkpoint-why").text()  # on the card itself

    agents = open_page(qtbot, window, "/agents", "page-agents")
    row = next(row for row in range(agents.team.rowCount()) if agents.team.hired(row).agent_id == "garden.planner")
    assert agents.team.hired(row).unavailable == NOT_INSTALLED
    assert agents.team.index(row, STATUS).data() == "Unavailable"
    assert agents.team.index(row, SPHERE).data().endswith("Garden")  # named as it was, not by its id
    listed = agents.catalogue.row_of("garden.planner")
    assert listed is not None, "the catalogue still lists the agent it can no longer hire"
    assert agents.catalogue.index(listed, 0).data().endswith("(unavailable)")
    assert agents.catalogue.index(listed, 0).data(Qt.ItemDataRole.ToolTipRole) == NOT_INSTALLED
