"""A thread's fields are written in four places (the store's model, the
services' `ThreadView`, the server's `ThreadOut`, the plugins' `ThreadRecord`),
a decision's in two (the model, `DecisionRecord`), and its statuses in two
(the domain and the server's `ThreadStatus`). A field added to one and not
the others would vanish from a view or an answer without any error: these
tests fail instead."""

from __future__ import annotations

from dataclasses import fields
from typing import get_args

from chenu_desktop.domain.threads import THREAD_STATUSES
from chenu_desktop.plugin_host.records import DecisionRecord, ThreadRecord
from chenu_desktop.services.views import ThreadView
from chenu_desktop.store.models import Decision, Thread
from sync_server.schemas.threads import ThreadOut, ThreadPatch, ThreadStatus

SYNC_BOOKKEEPING = {"field_clocks"}
"""Per-field stamps: how a row merges, not what it says."""


def test_the_thread_view_shows_every_column_of_the_model() -> None:
    columns = {column.name for column in Thread.__table__.columns} - SYNC_BOOKKEEPING
    assert {field.name for field in fields(ThreadView)} == columns


def test_plugins_are_told_every_field_of_the_view() -> None:
    assert [field.name for field in fields(ThreadRecord)] == [field.name for field in fields(ThreadView)]


def test_plugins_are_told_every_column_of_a_decision() -> None:
    columns = {column.name for column in Decision.__table__.columns} - SYNC_BOOKKEEPING
    assert {field.name for field in fields(DecisionRecord)} == columns


def test_the_server_answers_with_every_field_of_the_view() -> None:
    assert list(ThreadOut.model_fields) == [field.name for field in fields(ThreadView)]


def test_the_server_accepts_exactly_the_domain_statuses() -> None:
    assert set(get_args(ThreadStatus)) == set(THREAD_STATUSES)
    assert ThreadPatch.model_fields["status"].annotation == ThreadStatus

