"""`chenu memory …` end to end, through real subprocesses and a real store."""

from __future__ import annotations

from tests.support.cli import Chenu

MEMORY_FIELDS = {"id", "type", "content", "source", "thread_id", "pinned", "layer", "created_at", "accessed_at"}


def test_add_prints_the_new_id_last_and_list_shows_it(chenu: Chenu) -> None:
    memory_id = chenu("memory", "add", "The bakery opens at 7", "--type", "fact").last_word
    [item] = chenu("memory", "list", "--json").json()
    assert set(item) == MEMORY_FIELDS
    assert item["id"] == memory_id
    assert (item["content"], item["type"], item["source"], item["pinned"], item["layer"]) == (
        "The bakery opens at 7", "fact", "user", False, "hot"
    )
    table = chenu("memory", "list").stdout
    assert memory_id in table and "The bakery opens at 7" in table and "hot" in table


def test_list_shows_pinned_first_and_filters(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Garden", "--intent", "Grow food").last_word
    pinned = chenu("memory", "add", "Water every evening", "--pin", "--thread", thread_id).last_word
    fact = chenu("memory", "add", "Tomatoes need sun", "--type", "fact", "--thread", thread_id).last_word
    note = chenu("memory", "add", "Buy a new hose").last_word
    assert [i["id"] for i in chenu("memory", "list", "--json").json()] == [pinned, note, fact]
    assert [i["id"] for i in chenu("memory", "list", "--type", "fact", "--json").json()] == [fact]
    assert [i["id"] for i in chenu("memory", "list", "--thread", thread_id, "--json").json()] == [pinned, fact]
    assert len(chenu("memory", "list", "--layer", "hot", "--json").json()) == 3
    assert chenu("memory", "list", "--layer", "cold", "--json").json() == []


def test_search_finds_every_word_best_first(chenu: Chenu) -> None:
    often = chenu("memory", "add", "tomatoes, tomatoes and more tomatoes").last_word
    once = chenu("memory", "add", "Tomato sauce: tomatoes, garlic, basil and a long list of other things").last_word
    chenu("memory", "add", "Nothing to do with it")
    assert [i["id"] for i in chenu("memory", "search", "tomatoes", "--json").json()] == [often, once]
    assert [i["id"] for i in chenu("memory", "search", "garlic TOMATOES", "--json").json()] == [once]
    assert [i["id"] for i in chenu("memory", "search", "tomatoes", "--limit", "1", "--json").json()] == [often]
    assert "Nothing in memory matches" in chenu("memory", "search", "pumpkin").stdout
    assert once in chenu("memory", "search", "garlic").stdout


def test_search_takes_hostile_input_literally(chenu: Chenu) -> None:
    chenu("memory", "add", "cats OR dogs")
    for query in ('a"b OR (', "NEAR(", "*", "content:cats", "'; DROP TABLE memory_items; --"):
        assert isinstance(chenu("memory", "search", query, "--json").json(), list)
    assert len(chenu("memory", "search", "cats OR dogs", "--json").json()) == 1
    assert len(chenu("memory", "list", "--json").json()) == 1


def test_show_recalls_an_item(chenu: Chenu) -> None:
    memory_id = chenu("memory", "add", "Passport expires in May", "--type", "reference").last_word
    shown = chenu("memory", "show", memory_id, "--json").json()
    assert (shown["id"], shown["layer"], shown["content"]) == (memory_id, "hot", "Passport expires in May")
    assert "Passport expires in May" in chenu("memory", "show", memory_id).stdout


def test_pin_and_unpin(chenu: Chenu) -> None:
    first = chenu("memory", "add", "first").last_word
    second = chenu("memory", "add", "second").last_word
    assert [i["id"] for i in chenu("memory", "list", "--json").json()] == [second, first]
    assert "Pinned" in chenu("memory", "pin", first).stdout
    assert [(i["id"], i["pinned"]) for i in chenu("memory", "list", "--json").json()] == [(first, True), (second, False)]
    assert "Unpinned" in chenu("memory", "unpin", first).stdout
    assert [i["pinned"] for i in chenu("memory", "list", "--json").json()] == [False, False]


def test_delete_hides_an_item_from_list_and_search(chenu: Chenu) -> None:
    keep = chenu("memory", "add", "bread to keep").last_word
    gone = chenu("memory", "add", "bread to forget").last_word
    assert gone in chenu("memory", "delete", gone).stdout
    assert [i["id"] for i in chenu("memory", "list", "--json").json()] == [keep]
    assert [i["id"] for i in chenu("memory", "search", "bread", "--json").json()] == [keep]
    assert f"no memory item with id {gone}" in chenu.fails("memory", "delete", gone).stderr
    assert f"no memory item with id {gone}" in chenu.fails("memory", "pin", gone).stderr
    assert chenu("stats", "--json").json()["memory"]["items"] == 1


def test_bad_input_is_refused_with_a_clear_message(chenu: Chenu) -> None:
    assert "content: must not be blank" in chenu.fails("memory", "add", "   ").stderr
    assert "at most 10000 characters" in chenu.fails("memory", "add", "x" * 10_001).stderr
    assert "invalid choice: 'gossip'" in chenu.fails("memory", "add", "x", "--type", "gossip").stderr
    assert "no thread with id nope" in chenu.fails("memory", "add", "x", "--thread", "nope").stderr
    assert "query: must not be blank" in chenu.fails("memory", "search", " ").stderr
    assert "limit: must be a whole number" in chenu.fails("memory", "search", "x", "--limit", "0").stderr
    assert "invalid choice: 'tepid'" in chenu.fails("memory", "list", "--layer", "tepid").stderr
    assert "no memory item with id nope" in chenu.fails("memory", "show", "nope").stderr
    assert chenu("memory", "list", "--json").json() == []
