"""`chenu threads …` end to end, through real subprocesses and a real store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import Chenu

THREAD_FIELDS = {"id", "title", "founding_intent", "current_intent", "sphere_id", "status", "created_at", "updated_at"}


def test_add_prints_the_new_id_last_and_list_shows_it(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "business", "--title", "Open a shop", "--intent", "Sell bread").last_word
    threads = chenu("threads", "list", "--json").json()
    assert [t["id"] for t in threads] == [thread_id]
    assert THREAD_FIELDS <= set(threads[0])
    assert threads[0]["title"] == "Open a shop"
    assert threads[0]["founding_intent"] == threads[0]["current_intent"] == "Sell bread"
    assert threads[0]["sphere_id"] == "business"
    assert threads[0]["status"] == "active"


def test_list_filters_by_sphere_and_status(chenu: Chenu) -> None:
    personal = chenu("threads", "add", "--sphere", "personal", "--title", "A", "--intent", "a").last_word
    scholar = chenu("threads", "add", "--sphere", "scholar", "--title", "B", "--intent", "b").last_word
    chenu("threads", "edit", scholar, "--status", "paused")
    assert [t["id"] for t in chenu("threads", "list", "--sphere", "personal", "--json").json()] == [personal]
    assert [t["id"] for t in chenu("threads", "list", "--status", "paused", "--json").json()] == [scholar]


def test_show_includes_the_event_log_and_maturity(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Garden", "--intent", "Grow tomatoes").last_word
    chenu("threads", "edit", thread_id, "--title", "Vegetable garden")
    shown = chenu("threads", "show", thread_id, "--json").json()
    assert shown["title"] == "Vegetable garden"
    assert [e["type"] for e in shown["events"]] == ["thread.created", "thread.updated"]
    assert shown["maturity"] == "SEED" and shown["maturity_score"] == 2
    assert "Grow tomatoes" in chenu("threads", "show", thread_id).stdout


def test_founding_intent_never_changes(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "The origin").last_word
    chenu.fails("threads", "edit", thread_id, "--intent", "Another origin")
    chenu("threads", "edit", thread_id, "--title", "T2", "--status", "completed")
    assert chenu("threads", "show", thread_id, "--json").json()["founding_intent"] == "The origin"


def test_archiving_logs_an_archive_event(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I").last_word
    chenu("threads", "edit", thread_id, "--status", "archived")
    assert chenu("threads", "show", thread_id, "--json").json()["events"][-1]["type"] == "thread.archived"


def test_delete_hides_and_restore_brings_back(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Keep me", "--intent", "I").last_word
    deleted = chenu("threads", "delete", thread_id)
    assert f"chenu threads restore {thread_id}" in deleted.stdout
    assert chenu("threads", "list", "--json").json() == []
    assert chenu("threads", "list", "--deleted", "--json").json()[0]["deleted"] is True
    chenu.fails("threads", "edit", thread_id, "--title", "Edited while deleted")
    chenu("threads", "restore", thread_id)
    assert [t["title"] for t in chenu("threads", "list", "--json").json()] == ["Keep me"]


def test_bad_input_is_refused_with_a_clear_message(chenu: Chenu) -> None:
    assert "title: must not be blank" in chenu.fails("threads", "add", "--sphere", "personal", "--title", "  ", "--intent", "I").stderr
    assert "at most 200 characters" in chenu.fails("threads", "add", "--sphere", "personal", "--title", "x" * 201, "--intent", "I").stderr
    assert "at most 2000 characters" in chenu.fails("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "i" * 2001).stderr
    assert "unknown sphere 'mars'" in chenu.fails("threads", "add", "--sphere", "mars", "--title", "T", "--intent", "I").stderr
    assert "no thread with id nope" in chenu.fails("threads", "show", "nope").stderr
    assert chenu("threads", "list", "--json").json() == []


def test_import_is_all_or_nothing(chenu: Chenu, tmp_path: Path) -> None:
    good = [{"title": f"T{i}", "founding_intent": f"I{i}", "sphere_id": "scholar"} for i in range(50)]
    bad = good + [{"title": "", "founding_intent": "x", "sphere_id": "scholar"}]
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad))
    assert "item 50" in chenu.fails("threads", "import", str(bad_file)).stderr
    assert chenu("threads", "list", "--json").json() == []

    good_file = tmp_path / "good.json"
    good_file.write_text(json.dumps(good))
    assert chenu("threads", "import", str(good_file), "--json").json()["imported"] == 50
    threads = chenu("threads", "list", "--json").json()
    assert sorted(t["title"] for t in threads) == sorted(f"T{i}" for i in range(50))


def test_import_explains_unreadable_files(chenu: Chenu, tmp_path: Path) -> None:
    assert "does not exist" in chenu.fails("threads", "import", str(tmp_path / "missing.json")).stderr
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    assert "not valid JSON" in chenu.fails("threads", "import", str(broken)).stderr
    not_a_list = tmp_path / "object.json"
    not_a_list.write_text('{"title": "x"}')
    assert "JSON array" in chenu.fails("threads", "import", str(not_a_list)).stderr


def test_data_dir_comes_from_the_environment(tmp_path: Path) -> None:
    chenu = Chenu(tmp_path / "unused")
    chenu.env["CHENU_DATA_DIR"] = str(tmp_path / "from-env")
    chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I", data_dir=False)
    assert (tmp_path / "from-env" / "chenu.db").exists()
    assert not (tmp_path / "unused").exists()


def test_python_dash_m_and_the_console_script_agree(chenu: Chenu) -> None:
    import shutil
    import subprocess

    script = shutil.which("chenu") or str(Path(__import__("sys").executable).with_name("chenu"))
    chenu("threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I")
    via_script = subprocess.run(
        [script, "--data-dir", str(chenu.data_dir), "threads", "list", "--json"],
        capture_output=True, text=True, env=chenu.env, check=True,
    )
    assert json.loads(via_script.stdout) == chenu("threads", "list", "--json").json()
