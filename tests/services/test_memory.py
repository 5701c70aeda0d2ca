"""Memory: add, layers by last access, list, FTS5 search, recall, pin, delete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.services.audit_log import AuditLog
from chenu_desktop.services.context import ServiceContext, open_context
from chenu_desktop.services.execution import executing
from chenu_desktop.services.memory import CONTENT_MAX, Memory, fts_query, insert_memory
from chenu_desktop.services.stats import dashboard_stats
from chenu_desktop.store.models import MemoryItem, OutboxEntry
from tests.services.helpers import FakeClock, new_thread
from tests.support.devices import share_workspace
from tests.support.exchange import exchange

US = timedelta(microseconds=1)


@pytest.fixture
def memory(ctx: ServiceContext) -> Memory:
    return Memory(ctx)


def ids(views: list) -> list[str]:
    return [v.id for v in views]


def actions(ctx: ServiceContext) -> list[str]:
    return [e.action for e in reversed(AuditLog(ctx).list())]


def outbox_size(ctx: ServiceContext) -> int:
    with ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


# --- add -------------------------------------------------------------------


def test_add_stores_a_person_s_item_and_audits_it(ctx: ServiceContext, memory: Memory, clock: FakeClock) -> None:
    item = memory.add("  The bakery opens at 7  ", type="fact")
    assert (item.type, item.content, item.source, item.pinned, item.layer) == (
        "fact", "The bakery opens at 7", "user", False, "hot"
    )
    assert item.created_at == item.accessed_at == clock.now
    assert item.thread_id is None
    assert set(item.to_dict()) == {
        "id", "type", "content", "source", "thread_id", "pinned", "layer", "created_at", "accessed_at"
    }
    [entry] = AuditLog(ctx).list()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor) == ("memory.added", "memory", item.id, ctx.actor)
    assert entry.details == {"type": "fact", "source": "user"}


def test_add_defaults_to_an_unpinned_note(memory: Memory) -> None:
    item = memory.add("something")
    assert (item.type, item.pinned) == ("note", False)
    assert memory.add("pinned", pinned=True).pinned is True


def test_add_links_an_existing_thread(ctx: ServiceContext, memory: Memory) -> None:
    thread_id = new_thread(ctx)
    item = memory.add("About the thread", thread_id=thread_id)
    assert item.thread_id == thread_id
    assert AuditLog(ctx).list()[0].details["thread_id"] == thread_id


@pytest.mark.parametrize(
    ("content", "kind", "message"),
    [
        ("", "note", "content: must not be blank"),
        ("   \n\t ", "note", "content: must not be blank"),
        ("x" * (CONTENT_MAX + 1), "note", f"at most {CONTENT_MAX} characters"),
        (42, "note", "content: must be text"),
        ("fine", "gossip", "type: must be one of fact, preference, context, reference, note"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(ctx: ServiceContext, memory: Memory, content: object, kind: str, message: str) -> None:
    before = outbox_size(ctx)
    with pytest.raises(ValidationError, match=message):
        memory.add(content, type=kind)  # type: ignore[arg-type]
    assert memory.list() == []
    assert outbox_size(ctx) == before


def test_add_accepts_the_longest_content(memory: Memory) -> None:
    assert len(memory.add("y" * CONTENT_MAX).content or "") == CONTENT_MAX


def test_add_refuses_a_thread_that_is_unknown_deleted_or_elsewhere(ctx: ServiceContext, memory: Memory) -> None:
    deleted = new_thread(ctx, deleted=True)
    with ctx.store.write() as tx:
        elsewhere = tx.writer.insert("threads", {"workspace_id": "another-workspace", "title": "Not yours"})
    for thread_id in ("nope", deleted, elsewhere):
        with pytest.raises(NotFoundError, match=f"no thread with id {thread_id}"):
            memory.add("x", thread_id=thread_id)
    assert memory.list() == []


# --- insert_memory: the path a governed command uses ------------------------


def test_insert_memory_takes_the_source_and_id_it_is_given(ctx: ServiceContext, memory: Memory) -> None:
    with executing(ctx) as run:
        first = insert_memory(
            run.tx, ctx, content="Prefers tea", type="preference", source="agent",
            thread_id=None, pinned=False, now=run.now, new_id="0190aaaa-0000-7000-8000-000000000001",
        )
        second = insert_memory(
            run, ctx, content="Suggested by Nova", type="context", source="nova",
            thread_id=None, pinned=True, now=run.now, new_id=run.new_id,
        )
    assert first == "0190aaaa-0000-7000-8000-000000000001"
    by_id = {v.id: v for v in memory.list()}
    assert (by_id[first].source, by_id[first].type) == ("agent", "preference")
    assert (by_id[second].source, by_id[second].pinned) == ("nova", True)
    assert AuditLog(ctx).list() == [], "auditing is the caller's (the governance audits commands)"


def test_insert_memory_validates_like_add(ctx: ServiceContext, memory: Memory) -> None:
    with pytest.raises(ValidationError, match="source: must be one of user, nova, agent, imported"):
        with executing(ctx) as run:
            insert_memory(run.tx, ctx, content="x", type="note", source="robot", thread_id=None, pinned=False, now=run.now, new_id=run.new_id)
    with pytest.raises(NotFoundError):
        with executing(ctx) as run:
            insert_memory(run.tx, ctx, content="x", type="note", source="nova", thread_id="nope", pinned=False, now=run.now, new_id=run.new_id)
    assert memory.list() == []


# --- layers and listing -----------------------------------------------------


def test_layer_follows_the_last_access_at_7_and_30_days(memory: Memory, clock: FakeClock) -> None:
    item = memory.add("ageing")
    expected = [
        (timedelta(days=7), "hot"),
        (timedelta(days=7) + US, "warm"),
        (timedelta(days=30), "warm"),
        (timedelta(days=30) + US, "cold"),
    ]
    start = clock.now
    for age, layer in expected:
        clock.now = start + age
        [view] = memory.list()
        assert view.layer == layer, age
        assert ids(memory.list(layer=layer)) == [item.id]
        assert [memory.list(layer=other) for other in ("hot", "warm", "cold") if other != layer] == [[], []]


def test_recalling_an_item_makes_it_hot_again(memory: Memory, clock: FakeClock) -> None:
    item = memory.add("old news")
    clock.advance(timedelta(days=45))
    assert memory.list()[0].layer == "cold"
    recalled = memory.get(item.id)
    assert (recalled.layer, recalled.accessed_at, recalled.created_at) == ("hot", clock.now, item.created_at)
    assert memory.list(layer="hot")[0].id == item.id


def test_list_puts_pinned_first_then_the_most_recently_accessed(memory: Memory, clock: FakeClock) -> None:
    a = memory.add("a")
    clock.advance(timedelta(hours=1))
    b = memory.add("b")
    clock.advance(timedelta(hours=1))
    c = memory.add("c")
    assert ids(memory.list()) == [c.id, b.id, a.id]
    memory.pin(a.id)
    assert ids(memory.list()) == [a.id, c.id, b.id]
    clock.advance(timedelta(hours=1))
    memory.get(b.id)
    assert ids(memory.list()) == [a.id, b.id, c.id]
    memory.pin(a.id, False)
    assert ids(memory.list()) == [b.id, c.id, a.id]


def test_list_filters_by_type_and_thread(ctx: ServiceContext, memory: Memory) -> None:
    thread_id = new_thread(ctx)
    fact = memory.add("a fact", type="fact", thread_id=thread_id)
    note = memory.add("a note")
    assert ids(memory.list(type="fact")) == [fact.id]
    assert ids(memory.list(type="note")) == [note.id]
    assert ids(memory.list(thread_id=thread_id)) == [fact.id]
    with pytest.raises(ValidationError, match="type"):
        memory.list(type="gossip")
    with pytest.raises(ValidationError, match="layer: must be one of hot, warm, cold"):
        memory.list(layer="lukewarm")


def test_pin_and_unpin_are_audited_once_per_change(ctx: ServiceContext, memory: Memory) -> None:
    item = memory.add("keep me")
    assert memory.pin(item.id).pinned is True
    memory.pin(item.id)  # already pinned: nothing changes, nothing logged
    assert memory.pin(item.id, pinned=False).pinned is False
    assert actions(ctx) == ["memory.added", "memory.pinned", "memory.unpinned"]


# --- delete -----------------------------------------------------------------


def test_delete_hides_the_item_everywhere_and_is_audited(ctx: ServiceContext, memory: Memory) -> None:
    keep = memory.add("bread is kept")
    gone = memory.add("bread is forgotten")
    deleted = memory.delete(gone.id)
    assert deleted.id == gone.id
    assert ids(memory.list()) == [keep.id]
    assert ids(memory.search("bread")) == [keep.id]
    assert memory.search("forgotten") == []
    for act in (memory.get, memory.delete, memory.pin):
        with pytest.raises(NotFoundError, match=f"no memory item with id {gone.id}"):
            act(gone.id)
    assert actions(ctx) == ["memory.added", "memory.added", "memory.deleted"]
    assert AuditLog(ctx).list(action="memory.deleted")[0].target_id == gone.id
    with ctx.store.read() as session:
        assert session.get(MemoryItem, gone.id).deleted is True  # a tombstone that syncs, not a removal


def test_deleted_items_leave_the_stats(ctx: ServiceContext, memory: Memory) -> None:
    memory.add("é" * 512)  # 1024 bytes in UTF-8
    gone = memory.add("gone")
    memory.delete(gone.id)
    assert dashboard_stats(ctx)["memory"] == {"items": 1, "sizeKb": 1.0}


def test_items_of_another_workspace_are_invisible(ctx: ServiceContext, memory: Memory) -> None:
    with ctx.store.write() as tx:
        other = tx.writer.insert(
            "memory_items",
            {"workspace_id": "another-workspace", "type": "note", "content": "secret bread", "source": "user",
             "pinned": True, "created_at": ctx.now(), "accessed_at": ctx.now()},
        )
    assert memory.list() == []
    assert memory.search("bread") == []
    with pytest.raises(NotFoundError):
        memory.get(other)


# --- search -----------------------------------------------------------------


def test_search_finds_words_whatever_their_case_and_accents(memory: Memory) -> None:
    cafe = memory.add("Le Café de la gare ouvre à 7h")
    school = memory.add("École Jules Ferry: rentrée en septembre")
    memory.add("Nothing to see here")
    assert ids(memory.search("cafe")) == [cafe.id]
    assert ids(memory.search("CAFÉ")) == [cafe.id]
    assert ids(memory.search("ecole")) == [school.id]
    assert ids(memory.search("rentrée")) == [school.id]
    assert memory.search("bakery") == []


def test_search_needs_every_word(memory: Memory) -> None:
    both = memory.add("bread and butter")
    memory.add("bread alone")
    memory.add("butter alone")
    assert ids(memory.search("butter bread")) == [both.id]
    assert len(memory.search("alone")) == 2


def test_search_ranks_the_best_match_first(memory: Memory, clock: FakeClock) -> None:
    long_once = memory.add("Tomatoes " + " ".join(f"filler{i}" for i in range(40)) + " basil")
    clock.advance(timedelta(minutes=1))
    short_often = memory.add("tomatoes, tomatoes and more tomatoes")
    clock.advance(timedelta(minutes=1))
    short_once = memory.add("tomatoes for the sauce")
    assert ids(memory.search("tomatoes")) == [short_often.id, short_once.id, long_once.id]


def test_search_limit(memory: Memory) -> None:
    for i in range(5):
        memory.add(f"note number {i}")
    assert len(memory.search("note", limit=3)) == 3
    assert len(memory.search("note")) == 5
    for bad in (0, -1, 201, True, "3"):
        with pytest.raises(ValidationError, match="limit"):
            memory.search("note", limit=bad)  # type: ignore[arg-type]


def test_search_is_read_only(ctx: ServiceContext, memory: Memory, clock: FakeClock) -> None:
    item = memory.add("read only")
    before = outbox_size(ctx)
    clock.advance(timedelta(days=10))
    assert ids(memory.search("read")) == [item.id]
    assert memory.list()[0].accessed_at == item.accessed_at
    assert memory.list()[0].layer == "warm"
    assert outbox_size(ctx) == before


def test_a_blank_search_is_refused(memory: Memory) -> None:
    for blank in ("", "   ", "\n\t"):
        with pytest.raises(ValidationError, match="query: must not be blank"):
            memory.search(blank)


HOSTILE = [
    'a"b OR (',
    "(",
    ")",
    '"',
    '""',
    "*",
    "bread*",
    "^bread",
    "-bread",
    "+",
    "NEAR(bread butter",
    "NEAR(bread, 2)",
    "content:bread",
    "{content}: bread",
    "AND",
    "OR",
    "NOT bread",
    "bread AND OR NOT",
    "'; DROP TABLE memory_items; --",
    "\x00",
    "bread\x00butter",
    "\\",
    "😀",
    "%_",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_search_takes_hostile_input_literally(memory: Memory, query: str) -> None:
    bread = memory.add("bread and butter")
    results = memory.search(query)
    assert set(ids(results)) <= {bread.id}
    assert ids(memory.list()) == [bread.id]


def test_operators_are_searched_as_words(memory: Memory) -> None:
    literal = memory.add("cats OR dogs, NOT both")
    memory.add("cats only")
    assert ids(memory.search("cats OR dogs")) == [literal.id]
    assert ids(memory.search("NOT")) == [literal.id]
    assert ids(memory.search("bread*")) == []  # no prefix search: "*" is not an operator


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40))
def test_no_input_makes_search_fail(memory: Memory, query: str) -> None:
    if not query.strip():
        with pytest.raises(ValidationError):
            memory.search(query)
    else:
        assert isinstance(memory.search(query), list)


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('a"b OR (') == '"a""b" "OR" "("'
    assert fts_query("  two   words ") == '"two" "words"'
    assert fts_query("x\x00y") == '"x" "y"'
    assert fts_query("") == ""


def test_an_edited_content_is_searched_by_its_new_words(ctx: ServiceContext, memory: Memory) -> None:
    item = memory.add("first draft")
    with ctx.store.write() as tx:
        tx.writer.update("memory_items", item.id, {"content": "second version"})
    assert memory.search("draft") == []
    assert ids(memory.search("version")) == [item.id]


# --- rows pulled from another device ------------------------------------------


@pytest.fixture
def devices(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[ServiceContext, ServiceContext]]:
    laptop_dir, desktop_dir = tmp_path / "laptop", tmp_path / "desktop"
    open_context(laptop_dir).close()
    open_context(desktop_dir).close()
    share_workspace(laptop_dir, desktop_dir)
    laptop, desktop = open_context(laptop_dir, clock=clock), open_context(desktop_dir, clock=clock)
    yield laptop, desktop
    laptop.close()
    desktop.close()


def test_search_sees_items_merged_from_another_device(devices: tuple[ServiceContext, ServiceContext]) -> None:
    laptop, desktop = devices
    on_laptop, on_desktop = Memory(laptop), Memory(desktop)
    item = on_laptop.add("Grandmother's apple pie recipe", type="reference")
    assert on_desktop.search("apple") == []

    exchange(laptop.store, desktop.store)
    [found] = on_desktop.search("apple pie")
    assert (found.id, found.type, found.source) == (item.id, "reference", "user")

    with laptop.store.write() as tx:  # an edit made on the laptop ...
        tx.writer.update("memory_items", item.id, {"content": "Grandmother's pear tart recipe"})
    exchange(laptop.store, desktop.store)  # ... reaches the desktop as a field change
    assert on_desktop.search("apple") == []
    assert ids(on_desktop.search("pear tart")) == [item.id]

    on_laptop.delete(item.id)
    exchange(laptop.store, desktop.store)
    assert on_desktop.search("pear") == []
    assert on_desktop.list() == []


def test_items_from_both_devices_are_found_on_both(devices: tuple[ServiceContext, ServiceContext]) -> None:
    laptop, desktop = devices
    a = Memory(laptop).add("garden: tomatoes by the wall")
    b = Memory(desktop).add("garden: basil in pots")
    exchange(laptop.store, desktop.store)
    exchange(laptop.store, desktop.store)  # re-delivery changes nothing
    for ctx in devices:
        assert sorted(ids(Memory(ctx).search("garden"))) == sorted([a.id, b.id])
        assert ids(Memory(ctx).search("basil")) == [b.id]
