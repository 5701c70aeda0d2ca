"""`chenu threads list` and `chenu stats` read the store with sqlite3 alone
(`store.quick_read`) and print exactly what the services' path prints.

The profile below has two workspaces (signed in, a viewer in one), threads in
several spheres and statuses, deleted and archived ones, a timestamp stored
in another ISO form (as a synced row may hold), decisions at every aging
level, hired and dismissed agents, checkpoints of every outcome, memory and
token spends. Each listing and the stats are compared path against path:
in process (the rows), and as the real command prints them, text and JSON,
with the services' path forced by an installed third-party plugin that
contributes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from chenu_desktop.cli.thread_listing import LIST_LIMIT_DEFAULT
from chenu_desktop.domain.clock import utc_now
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.paths import STORE_FILE
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import open_context
from chenu_desktop.services.execution import executing
from chenu_desktop.services.stats import dashboard_stats
from chenu_desktop.services.tokens import charge
from chenu_desktop.services.views import ThreadView
from chenu_desktop.store import quick_read
from chenu_desktop.store.migrate import SCHEMA_HEAD, current_revision
from chenu_desktop.store.quick_read import QuickRead
from chenu_desktop.store.quick_stats import dashboard_stats as quick_dashboard_stats
from chenu_desktop.sync.state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, ROLES_KEY
from tests.migrations.test_migrate_safety import OLDER_REVISIONS, store_at
from tests.plugins.example_plugin import install_distribution
from tests.services.helpers import FakeClock
from tests.support.cli import Chenu

LISTINGS = [
    (),
    ("--sphere", "personal"),
    ("--sphere", "business", "--deleted"),
    ("--status", "archived"),
    ("--status", "paused", "--sphere", "personal"),
    ("--status", "completed"),
    ("--sphere", "scholar", "--status", "archived"),
    ("--deleted",),
    ("--limit", "3"),
    ("--limit", "3", "--sphere", "personal", "--deleted"),
    ("--all",),
]


@dataclasses.dataclass
class Profile:
    data_dir: Path
    workspaces: tuple[str, str]


def _spend(services: Services, amount: int) -> None:
    with executing(services.ctx) as run:
        charge(run, amount, "agent")


def _fill_workspace(services: Services, clock: FakeClock, hireable: list[str], tag: str) -> None:
    """Threads, decisions aging from 12 days to an hour, agents, checkpoints, memory and tokens."""
    now = utc_now()
    clock.now = now - timedelta(days=13)
    threads = services.threads
    old = threads.add("personal", f"{tag} oldest", "Old work", tags=["a", "b"])
    rejected = services.decisions.add(f"{tag} rejected", thread_id=old.id)
    services.decisions.reject(rejected.id)
    for age in (timedelta(days=12), timedelta(days=8), timedelta(days=5), timedelta(days=2), timedelta(hours=1)):
        clock.now = now - age  # ARCHIVE, BLINK, RED, YELLOW and GREEN when read
        services.decisions.add(f"{tag} waiting since {age}", sphere_id="personal")
    clock.now = now - timedelta(minutes=1)
    paused = threads.add("personal", f"{tag} paused", "Wait a while")
    threads.edit(paused.id, status="paused")
    archived = threads.add("scholar", f"{tag} archived", "Read the paper")
    threads.edit(archived.id, status="archived")
    gone = threads.add("business", f"{tag} deleted", "Never mind")
    threads.delete(gone.id)
    deferred = services.decisions.add(f"{tag} deferred", sphere_id="team")
    services.decisions.defer(deferred.id)
    for n in range(5):
        threads.add("business" if n % 2 else "personal", f"{tag} thread {n} with a title longer than the table's sixty characters", "x")
    services.memory.add(f"{tag}: café au lait, naïve résumé")
    services.memory.add(f"{tag}: plain")
    _spend(services, 120)
    with services.ctx.store.write() as tx:
        for status, deleted in (("active", False), ("active", False), ("dismissed", False), ("active", True)):
            tx.writer.insert(
                "agent_hires",
                {"workspace_id": services.ctx.workspace_id, "agent_id": hireable.pop(0), "sphere_id": "personal",
                 "budget": 500, "status": status, "hired_at": clock(), "deleted": deleted},
            )  # fmt: skip
        for status, deleted in (("pending", False), ("pending", False), ("approved", False), ("rejected", False),
                                ("expired", False), ("pending", True)):  # fmt: skip
            tx.writer.insert(
                "checkpoints",
                {"workspace_id": services.ctx.workspace_id, "action_type": "thread.create", "status": status,
                 "risk_level": "low", "created_at": clock(), "deleted": deleted},
            )  # fmt: skip


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    data_dir = tmp_path_factory.mktemp("profile") / "device"
    clock = FakeClock()
    first = open_context(data_dir, clock=clock)
    hireable = [agent.id for agent in first.plugins.agents() if agent.is_hireable]
    first_id = first.workspace_id
    _fill_workspace(Services(first), clock, hireable, "Home")
    with first.store.write() as tx:
        second_id = uuid7()
        tx.writer.insert(
            "workspaces",
            {"id": second_id, "workspace_id": second_id, "name": "Team", "kind": "team", "owner_id": "u-1", "created_at": clock()},
        )
        tx.set_meta(ROLES_KEY, json.dumps({first_id: "owner", second_id: "viewer"}))
        tx.set_meta(ACCOUNT_KEY, json.dumps({"server_url": "http://127.0.0.1:9", "user_id": "u-1", "email": "a@b.c",
                                              "display_name": "A", "personal_workspace_id": first_id}))  # fmt: skip
    first.close()
    # A second workspace, made current, filled by its owner's writes as sync would bring them.
    _switch(data_dir, second_id)
    second = open_context(data_dir, clock=clock)
    second.role = None  # written as the owner did on their device; read back as this device's viewer
    _fill_workspace(Services(second), clock, hireable, "Team")
    second.close()
    _switch(data_dir, first_id)
    with sqlite3.connect(data_dir / STORE_FILE) as conn:  # a synced row's timestamp in another ISO form
        conn.execute("UPDATE threads SET updated_at = '2026-03-02T10:00:00+00:00' WHERE title = 'Home paused'")
    conn.close()
    return Profile(data_dir, (first_id, second_id))


def _switch(data_dir: Path, workspace_id: str) -> None:
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        conn.execute("UPDATE sync_meta SET value = ? WHERE key = ?", (workspace_id, CURRENT_WORKSPACE_KEY))
    conn.close()


@pytest.fixture(scope="module")
def quiet_plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A third-party plugin that contributes nothing: with it installed, commands take the services' path."""
    site = tmp_path_factory.mktemp("site")
    install_distribution(site, "quiet-plugin", "0.1", {"quiet": "quiet_plugin"}, {"quiet_plugin/__init__.py": ""})
    return site


def _listing_args(argv: tuple[str, ...]) -> dict[str, Any]:
    options = dict(zip(argv[::2], argv[1::2]))
    return {
        "sphere_id": options.get("--sphere"),
        "status": options.get("--status"),
        "include_deleted": "--deleted" in argv,
    }


@pytest.mark.parametrize("workspace", [0, 1])
@pytest.mark.parametrize("argv", LISTINGS[:8], ids=lambda a: " ".join(a) or "all")
def test_the_quick_listing_is_the_services_listing(profile: Profile, workspace: int, argv: tuple[str, ...]) -> None:
    _switch(profile.data_dir, profile.workspaces[workspace])
    try:
        ctx = open_context(profile.data_dir)
        try:
            wanted = [t.to_dict() for t in Services(ctx).threads.list(**_listing_args(argv))]
        finally:
            ctx.close()
        where = _listing_args(argv)
        with QuickRead.open(profile.data_dir) as reader:  # type: ignore[union-attr]
            everything = reader.threads(where["sphere_id"], where["status"], where["include_deleted"], None)
            first_two = reader.threads(where["sphere_id"], where["status"], where["include_deleted"], 2)
    finally:
        _switch(profile.data_dir, profile.workspaces[0])
    assert everything.threads == wanted and everything.total == len(wanted)
    assert first_two.threads == wanted[:2] and first_two.total == len(wanted)
    assert json.dumps(everything.threads, ensure_ascii=False) == json.dumps(wanted, ensure_ascii=False)


@pytest.mark.parametrize("workspace", [0, 1])
def test_the_quick_stats_are_the_services_stats(profile: Profile, workspace: int) -> None:
    _switch(profile.data_dir, profile.workspaces[workspace])
    try:
        now = utc_now()
        ctx = open_context(profile.data_dir, clock=lambda: now)
        try:
            wanted = dashboard_stats(ctx)
            hireable = [agent.id for agent in ctx.plugins.agents() if agent.is_hireable]
        finally:
            ctx.close()
        with QuickRead.open(profile.data_dir) as reader:  # type: ignore[union-attr]
            quick = quick_dashboard_stats(reader, now, hireable)
    finally:
        _switch(profile.data_dir, profile.workspaces[0])
    assert json.dumps(quick) == json.dumps(wanted)
    # The profile reaches every branch: each aging level, hires, outcomes, memory, tokens.
    assert all(quick["decisions"]["byAging"].values()) and quick["decisions"]["pending"] > sum(quick["decisions"]["byAging"].values())
    assert quick["agents"]["hired"] == 2 and quick["checkpoints"] == {"pending": 2, "approved": 1, "rejected": 1}
    assert quick["memory"]["items"] == 2 and quick["tokens"]["used"] == 120


@pytest.mark.parametrize(
    "argv",
    [
        ("threads", "list"),
        ("threads", "list", "--sphere", "scholar", "--status", "archived"),
        ("threads", "list", "--limit", "3", "--deleted"),
        ("threads", "list", "--all", "--deleted", "--json"),
        ("stats",),
        ("stats", "--json"),
    ],
    ids=lambda a: " ".join(a),
)
def test_the_command_prints_the_same_on_either_path(profile: Profile, quiet_plugin_site: Path, argv: tuple[str, ...]) -> None:
    quick = Chenu(profile.data_dir)(*argv)
    by_services = Chenu(profile.data_dir, pythonpath=quiet_plugin_site)(*argv)
    assert quick.stdout == by_services.stdout
    assert quick.stderr == by_services.stderr == ""


def test_a_long_list_shows_a_page_and_says_how_many_more(profile: Profile) -> None:
    chenu = Chenu(profile.data_dir)
    total = len(chenu("threads", "list", "--all", "--json").json())
    assert total > 3
    lines = chenu("threads", "list", "--limit", "3").stdout.splitlines()
    assert len(lines) == 1 + 3 + 1
    assert lines[-1] == f"… {total - 3} more threads (--limit N to list more, --all to list every one)"
    assert len(chenu("threads", "list", "--limit", "3", "--json").json()) == 3
    assert len(chenu("threads", "list", "--limit", str(total - 1)).stdout.splitlines()[-1].split()) > 2
    assert "1 more thread " in chenu("threads", "list", "--limit", str(total - 1)).stdout
    assert "more" not in chenu("threads", "list", "--limit", str(total)).stdout.splitlines()[-1]
    assert len(chenu("threads", "list").stdout.splitlines()) == 1 + min(total, LIST_LIMIT_DEFAULT)


def test_a_limit_must_be_a_count(profile: Profile) -> None:
    chenu = Chenu(profile.data_dir)
    for wrong in ("0", "-2", "many"):
        result = chenu("threads", "list", "--limit", wrong, check=False)
        assert result.code == 2 and "must be a whole number of at least 1" in result.stderr
        assert "Traceback" not in result.stderr
    assert chenu("threads", "list", "--limit", "2", "--all", check=False).code == 2


def test_empty_lists_say_what_matched_nothing(tmp_path: Path) -> None:
    chenu = Chenu(tmp_path / "device")
    assert chenu("threads", "list").stdout.startswith("No threads yet. Start one with: chenu threads add")
    chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I")
    assert chenu("threads", "list", "--status", "archived").stdout == "No archived threads.\n"
    assert chenu("threads", "list", "--sphere", "business").stdout == "No threads in sphere business.\n"
    assert chenu("threads", "list", "--sphere", "scholar", "--status", "paused").stdout == "No paused threads in sphere scholar.\n"
    assert chenu("threads", "list", "--status", "archived", "--json").json() == []


def test_an_unknown_sphere_is_explained_as_before(profile: Profile) -> None:
    result = Chenu(profile.data_dir).fails("threads", "list", "--sphere", "mars")
    assert "unknown sphere 'mars'" in result.stderr and "personal" in result.stderr


def test_a_store_of_another_schema_takes_the_services_path(tmp_path: Path) -> None:
    chenu = Chenu(tmp_path / "device")
    chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I")
    with sqlite3.connect(tmp_path / "device" / STORE_FILE) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert QuickRead.open(tmp_path / "device") is None
    for argv in (("threads", "list"), ("stats", "--json")):
        assert "written by a newer version of CHE·NU" in chenu.fails(*argv).stderr


def test_a_store_of_an_older_schema_is_migrated_first(tmp_path: Path) -> None:
    """Everything else a quick read would need is there: the schema alone sends it to the services."""
    device = tmp_path / "device"
    device.mkdir()
    store_at(device / STORE_FILE, OLDER_REVISIONS[0])
    with sqlite3.connect(device / STORE_FILE) as conn:
        conn.execute(
            "INSERT INTO threads (id, workspace_id, sphere_id, title, status, field_clocks)"
            " VALUES ('0190aaaa-0000-7000-8000-000000000001', 'w', 'personal', 'Kept across upgrades', 'active', '{}')"
        )
        conn.execute("INSERT INTO sync_meta (key, value) VALUES (?, 'w')", (CURRENT_WORKSPACE_KEY,))
    conn.close()
    assert QuickRead.open(device) is None
    listed = Chenu(device)("threads", "list", "--json").json()
    assert [t["title"] for t in listed] == ["Kept across upgrades"]
    assert current_revision(device / STORE_FILE) == SCHEMA_HEAD
    [backup] = (device / "backups").iterdir()
    assert backup.name.startswith(f"chenu-schema-{OLDER_REVISIONS[0]}-")


def test_a_new_data_dir_is_created_by_the_services_path(tmp_path: Path) -> None:
    assert QuickRead.open(tmp_path / "nowhere") is None
    stats = Chenu(tmp_path / "nowhere")("stats", "--json").json()
    assert stats["threads"] == {"active": 0, "total": 0}
    assert QuickRead.open(tmp_path / "nowhere") is not None  # now current, with its local workspace


def test_a_plugin_installed_after_a_quick_read_is_noticed(tmp_path: Path) -> None:
    """The installed plugins are remembered per environment and folder times:
    installing one into a folder already on the path is seen at the next command."""
    site = tmp_path / "site"
    site.mkdir()
    chenu = Chenu(tmp_path / "device", pythonpath=site)
    before = chenu("stats", "--json").json()["agents"]["available"]
    assert chenu("stats", "--json").json()["agents"]["available"] == before  # answered from what was kept
    install_distribution(
        site, "broken-plugin", "0.1", {"broken": "broken_plugin"},
        {"broken_plugin/__init__.py": 'raise RuntimeError("boom at import")\n'},
    )  # fmt: skip
    for argv in (("stats", "--json"), ("threads", "list")):
        assert "boom at import" in chenu(*argv).stderr


def test_the_shapes_and_keys_agree_with_the_services() -> None:
    assert quick_read.THREAD_FIELDS == tuple(field.name for field in dataclasses.fields(ThreadView))
    assert quick_read.CURRENT_WORKSPACE_KEY == CURRENT_WORKSPACE_KEY


def test_the_builtin_plugin_only_registers_contributions() -> None:
    """The quick path loads no plugin for `threads list` and only the built-ins
    for `stats`: a built-in hearing events would have to be told (see cli/quick.py)."""
    host = PluginHost.load(use_entry_points=False)
    [builtin] = host.plugins()
    assert all(hook.startswith("register_") for hook in builtin.hooks), builtin.hooks
