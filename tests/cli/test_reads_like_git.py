"""The CLI as a person uses it (issue 13, item 4): short ids, a log that says
what happened, actions, decisions by option label, tables that fit, plurals,
names instead of user ids, and an import that says what is wrong."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from chenu_desktop.cli.text_width import display_width
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY
from tests.support.cli import Chenu


def test_ids_are_taken_by_unique_prefix_and_the_log_and_actions_say_what_happened(chenu: Chenu) -> None:
    moving = chenu("threads", "add", "--sphere", "personal", "--title", "Move house", "--intent", "Find a flat").last_word
    job = chenu("threads", "add", "--sphere", "personal", "--title", "Find a job", "--intent", "Any job").last_word
    shared = os.path.commonprefix([moving, job])
    short = moving[: len(shared) + 1]

    ambiguous = chenu.fails("threads", "show", shared).stderr
    assert f"ambiguous id '{shared}'" in ambiguous
    assert all(part in ambiguous for part in (moving, "Move house", job, "Find a job"))
    assert "no thread with id zzzz" in chenu.fails("threads", "note", "zzzz", "text").stderr

    chenu("threads", "note", short, "Call the landlord\nthen the bank")
    action = chenu("actions", "add", "--thread", short, "Call the bank").last_word
    chenu("actions", "done", action[:8])
    assert "already done" in chenu.fails("actions", "done", action).stderr
    assert "No open actions" in chenu("actions", "list", "--open").stdout
    [listed] = chenu("actions", "list", "--thread", short, "--json").json()
    assert (listed["id"], listed["title"], listed["done"], listed["thread_id"]) == (action, "Call the bank", True, moving)

    log = chenu("threads", "show", short).stdout
    assert "Started: “Move house”" in log
    note_line = next(line for line in log.splitlines() if "Note: Call the landlord" in line)
    following = log.splitlines()[log.splitlines().index(note_line) + 1]
    assert following.strip() == "then the bank" and following.index("then") == note_line.index("Call")
    assert "Action: Call the bank" in log and "Action done: Call the bank" in log


def test_decisions_take_options_added_later_by_label_and_read_made(chenu: Chenu) -> None:
    decision = chenu("decisions", "add", "--title", "Which flat", "--sphere", "personal").last_word
    short = decision[:18]
    assert "none recorded" in chenu.fails("decisions", "make", short, "Rue Haute").stderr
    chenu("decisions", "options", "add", short, "Rue Haute", "rue basse")
    assert "matches several options: opt1 (Rue Haute), opt2 (rue basse)" in chenu.fails("decisions", "make", short, "rue").stderr
    assert "Decided “Which flat”: Rue Haute." in chenu("decisions", "make", short, "RUE HAUTE").stdout

    listing = chenu("decisions", "list").stdout.splitlines()
    assert listing[0].split()[:3] == ["ID", "AGING", "STATUS"] and "OPTIONS" in listing[0]
    assert listing[1].split()[2] == "made" and "✓Rue Haute | rue basse" in listing[1]
    [stored] = chenu("decisions", "list", "--json").json()
    assert (stored["status"], stored["chosen_option_id"]) == ("approved", "opt1")  # JSON keeps its values
    assert [o["label"] for o in stored["options"]] == ["Rue Haute", "rue basse"]
    shown = chenu("decisions", "show", short).stdout
    assert "made" in shown.splitlines()[0] and "✓ opt1  Rue Haute" in shown and "  opt2  rue basse" in shown


def test_tables_fit_the_terminal_cutting_after_a_word_and_align_emoji(chenu: Chenu) -> None:
    title = "Choose between the apartment near the river and the house with a garden"
    decision = chenu("decisions", "add", "--title", title, "--sphere", "personal", "--option", "Apartment").last_word
    chenu.env["COLUMNS"] = "120"
    header, row = chenu("decisions", "list").stdout.splitlines()
    assert max(display_width(header), display_width(row)) <= 120
    assert re.search(r"  \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", row)  # a short column (the date) stays whole
    assert row.split()[0] == decision  # ids are never cut
    shown = row[header.index("TITLE") : header.index("OPTIONS")].strip()
    assert shown.endswith("…") and title.startswith(shown[:-1]) and title[len(shown) - 1] == " "  # cut after a word

    chenu.env["COLUMNS"] = "200"
    lines = chenu("spheres", "list").stdout.splitlines()
    starts = {display_width(line[: line.index("#")]) for line in lines[1:]}  # the colour column
    assert len(lines) > 5 and any(display_width(line) != len(line) for line in lines)  # emoji among them
    assert starts == {display_width(lines[0][: lines[0].index("COLOUR")])}


def test_import_takes_a_bom_refuses_unknown_keys_and_counts_in_the_person_s_language(chenu: Chenu, tmp_path: Path) -> None:
    with_bom = tmp_path / "windows.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + json.dumps([{"title": "T", "founding_intent": "I", "sphere_id": "personal"}]).encode())
    assert chenu("threads", "import", str(with_bom)).stdout.strip() == "Imported 1 thread."

    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps([{"title": "U", "founding_intent": "I", "sphere_id": "personal", "titel": "x"}]), encoding="utf-8")
    refused = chenu.fails("threads", "import", str(typo)).stderr
    assert "unknown key 'titel'" in refused and "allowed: title, founding_intent, sphere_id, tags" in refused

    two = tmp_path / "two.json"
    two.write_text(json.dumps([{"title": f"V{i}", "founding_intent": "I", "sphere_id": "personal"} for i in range(2)]), encoding="utf-8")
    chenu.env["LANG"] = "fr_FR.UTF-8"
    assert chenu("threads", "import", str(two)).stdout.strip() == "2 fils importés."
    assert sorted(t["title"] for t in chenu("threads", "list", "--json").json()) == ["T", "V0", "V1"]  # nothing of the typo file

    blank = chenu.fails("threads", "add", "--sphere", "personal", "--title", "W", "--intent", " ").stderr
    assert "--intent: must not be blank" in blank and "founding_intent" not in blank
    assert "--intent" in chenu.fails("threads", "edit", "zzzz", "--intent", "new").stderr


def test_the_signed_in_person_is_named_not_their_user_id(chenu: Chenu) -> None:
    chenu("stats")
    store = Store.open(chenu.data_dir / STORE_FILE)
    account = {
        "server_url": "http://127.0.0.1:9",
        "user_id": "0190aaaa-0000-7000-8000-000000000001",
        "email": "ana@example.com",
        "display_name": "Ana Lima",
        "personal_workspace_id": store.get_meta(CURRENT_WORKSPACE_KEY),
    }
    store.set_meta(ACCOUNT_KEY, json.dumps(account))  # what signing in records
    store.close()
    thread = chenu("threads", "add", "--sphere", "personal", "--title", "Trip", "--intent", "Lisbon").last_word
    assert chenu("threads", "show", thread, "--json").json()["events"][0]["actor"] == account["user_id"]
    shown = chenu("threads", "show", thread).stdout
    assert "Ana Lima  Started" in shown and account["user_id"] not in shown
    audit = chenu("audit", "--limit", "1").stdout
    assert "Ana Lima" in audit and account["user_id"] not in audit
