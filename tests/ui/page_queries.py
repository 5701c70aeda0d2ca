"""What a page's load asks the store: the statements its `fetch` runs.

A page must open fast on a big store (10 000 threads, 20 000 decisions,
50 000 audit entries): its first load runs a few small, grouped queries and
reads none of those big tables unless it shows them.
"""

from __future__ import annotations

import re

from sqlalchemy import event

BIG_TABLES = ("threads", "decisions", "audit_log", "thread_events")


def statements_of_load(window, page) -> list[str]:  # noqa: ANN001
    """The queries the page's `fetch` runs (transaction control aside), on the window's own store thread."""
    statements: list[str] = []
    engine = window.context.store.engine

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            statements.append(statement)

    def load() -> None:
        event.listen(engine, "before_cursor_execute", record)
        try:
            page.fetch(window.context.services)
        finally:
            event.remove(engine, "before_cursor_execute", record)

    window.context.worker.call(load)
    return statements


def big_tables_read(statements: list[str]) -> set[str]:
    return {table for table in BIG_TABLES for s in statements if re.search(rf"\b{table}\b", s)}
