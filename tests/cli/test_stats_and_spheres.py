"""`chenu stats`, `chenu spheres list`, `chenu plugins list`, and `chenu` alone."""

from __future__ import annotations

from pathlib import Path

from chenu_desktop.domain.spheres import BUILTIN_SPHERES
from tests.support.cli import Chenu

STATS_SHAPE = {
    "decisions": {"total", "pending", "byAging"},
    "threads": {"active", "total"},
    "agents": {"hired", "available"},
    "tokens": {"used", "budget", "remaining"},
    "checkpoints": {"pending", "approved", "rejected"},
    "memory": {"items", "sizeKb"},
}


def test_stats_has_the_dashboard_shape_and_counts_real_data(chenu: Chenu) -> None:
    empty = chenu("stats", "--json").json()
    assert {k: set(v) for k, v in empty.items()} == STATS_SHAPE
    assert set(empty["decisions"]["byAging"]) == {"GREEN", "YELLOW", "RED", "BLINK"}
    assert empty["threads"] == {"active": 0, "total": 0}
    assert empty["tokens"] == {"used": 0, "budget": 100_000, "remaining": 100_000}

    first = chenu("threads", "add", "--sphere", "personal", "--title", "A", "--intent", "a").last_word
    chenu("threads", "add", "--sphere", "personal", "--title", "B", "--intent", "b")
    chenu("threads", "edit", first, "--status", "completed")
    chenu("decisions", "add", "--title", "D", "--sphere", "personal")
    stats = chenu("stats", "--json").json()
    assert stats["threads"] == {"active": 1, "total": 2}
    assert stats["decisions"] == {"total": 1, "pending": 1, "byAging": {"GREEN": 1, "YELLOW": 0, "RED": 0, "BLINK": 0}}
    assert stats["agents"]["hired"] == 0 and stats["agents"]["available"] > 0
    assert "1 active of 2" in chenu("stats").stdout
    assert "Memory       0 items," in chenu("stats").stdout
    chenu("memory", "add", "Flights leave at 6")
    assert "Memory       1 item," in chenu("stats").stdout


def test_spheres_list_shows_the_nine_in_canon_order(chenu: Chenu) -> None:
    spheres = chenu("spheres", "list", "--json").json()
    assert [s["id"] for s in spheres] == [s.id for s in BUILTIN_SPHERES]
    assert spheres[3]["name"] == "Creative Studio" and spheres[3]["name_fr"] == "Studio de création"
    assert "Government & Institutions" in chenu("spheres", "list").stdout


def test_plugins_list_names_the_built_in_spheres_plugin(chenu: Chenu) -> None:
    [plugin] = chenu("plugins", "list", "--json").json()
    assert plugin["name"] == "chenu_spheres" and plugin["state"] == "active"
    assert {"register_spheres", "register_agents"} <= set(plugin["hooks"])
    assert "chenu_spheres" in chenu("plugins", "list").stdout


def test_chenu_alone_without_a_display_shows_the_store_location_and_help(chenu: Chenu) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        chenu.env.pop(name, None)
    shown = chenu().stdout
    assert "The window did not open: no display here" in shown
    assert str(chenu.data_dir / "chenu.db") in shown
    assert "threads" in shown and "spheres" in shown


def test_chenu_alone_opens_the_window(chenu: Chenu) -> None:
    chenu.env["QT_QPA_PLATFORM"] = "offscreen"
    chenu.env["CHENU_REPORT_READY"] = "-"  # the window says which page it showed, then closes
    assert chenu().stdout.startswith("first_page:/login ")


def test_a_store_from_a_newer_version_is_refused_and_left_alone(chenu: Chenu, tmp_path: Path) -> None:
    import sqlite3

    chenu("stats")
    store = chenu.data_dir / "chenu.db"
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = store.read_bytes()
    assert "newer version of CHE·NU" in chenu.fails("threads", "list").stderr
    assert store.read_bytes() == before
