"""A push's lookups bind their lists as one parameter (sync_server/listed.py):
every value finds its row, whatever characters it holds, on SQLite and
PostgreSQL (where the list goes as an array's text, quoted and escaped here)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, and_, insert, select

from sync_server.database import make_engine
from sync_server.listed import bound_list, bound_tuples, listed_tuples, one_of

AWKWARD = ['plain', 'with "quotes"', "back\\slash", 'both \\" mixed', "a,comma", "{braces}", " spaced ", "", "NULL", "é ü 中", "'single'"]
"""Values that break a naively written array: quotes, backslashes, the separator, braces, the word NULL, nothing at all."""

ROWS = Table("listed_rows", MetaData(), Column("a", String(64), primary_key=True), Column("b", String(64), primary_key=True))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    ROWS.create(made)
    with made.begin() as conn:
        conn.execute(insert(ROWS), [{"a": value, "b": f"{index}{value}"} for index, value in enumerate(AWKWARD)])
        conn.execute(insert(ROWS), [{"a": "unlisted", "b": "x"}])
    yield made
    made.dispose()


def test_a_bound_list_finds_each_value_it_holds_and_nothing_else(engine: Engine) -> None:
    query = select(ROWS.c.a).where(one_of(engine.dialect.name, ROWS.c.a, "values"))
    with engine.connect() as conn:
        found = conn.execute(query, {"values": bound_list(conn, [*AWKWARD, "absent"])}).scalars().all()
    assert sorted(found) == sorted(AWKWARD)


def test_bound_tuples_join_their_rows_field_by_field(engine: Engine) -> None:
    wanted = [(value, f"{index}{value}") for index, value in enumerate(AWKWARD)]
    wanted += [("plain", "not its b"), ("absent", "0plain")]  # each field right alone is not a match
    listed, (a, b) = listed_tuples(engine.dialect.name, 2, "pairs")
    query = select(ROWS.c.a, ROWS.c.b).select_from(listed.join(ROWS, and_(ROWS.c.a == a, ROWS.c.b == b)))
    with engine.connect() as conn:
        found = conn.execute(query, bound_tuples(conn, "pairs", wanted, 2)).all()
    assert sorted(map(tuple, found)) == sorted(wanted[: len(AWKWARD)])
