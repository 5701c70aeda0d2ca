"""The start snapshot: trusted only while the store is untouched and its numbers hold."""

import os
import stat
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from chenu_desktop import start_snapshot
from chenu_desktop.domain.aging import next_level_change
from chenu_desktop.services import Services, open_context
from chenu_desktop.services.dashboard import dashboard, dashboard_holds_until
from chenu_desktop.start_snapshot import SNAPSHOT_FILE, StartProfile



def soon() -> datetime:
    """A moment just after a snapshot taken now."""
    return datetime.now(timezone.utc) + timedelta(seconds=30)
AT = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)
PROFILE = StartProfile("Ada", True, "https://sync.example")


@dataclass(frozen=True)
class Day:
    day: date
    used: int


def closed_store(data_dir):
    services = Services(open_context(data_dir))
    services.threads.add("personal", "A line of work", "to see it kept")
    services.ctx.close()
    return data_dir


def test_round_trip_keeps_attribute_access_dates_and_plain_dicts(tmp_path):
    closed_store(tmp_path)
    views = {"dashboard": {"week": [Day(date(2026, 12, 5), 40)], "stats": {"threads": {"active": 1}}, "at": AT}}
    start_snapshot.save(tmp_path, PROFILE, views, soon() + timedelta(hours=1), "en")

    loaded = start_snapshot.load(tmp_path, "en", now=soon())

    assert loaded is not None and loaded.profile == PROFILE
    shown = loaded.views["dashboard"]
    assert (shown["week"][0].day, shown["week"][0].used) == (date(2026, 12, 5), 40)
    assert shown["stats"] == {"threads": {"active": 1}} and shown["at"] == AT
    assert stat.S_IMODE(os.stat(tmp_path / SNAPSHOT_FILE).st_mode) == 0o600


def test_any_write_to_the_store_after_it_was_taken_makes_it_unused(tmp_path):
    closed_store(tmp_path)
    start_snapshot.save(tmp_path, PROFILE, {"dashboard": {"threads": 1}}, soon() + timedelta(hours=1), "en")
    assert start_snapshot.load(tmp_path, "en", now=soon()) is not None

    services = Services(open_context(tmp_path))  # what `chenu threads new` does, say
    services.threads.add("personal", "Another", "written by the CLI")
    services.ctx.close()

    assert start_snapshot.load(tmp_path, "en", now=soon()) is None


def test_it_expires_when_its_numbers_change_by_time_alone_or_the_clock_goes_back(tmp_path):
    closed_store(tmp_path)
    start_snapshot.save(tmp_path, PROFILE, {"dashboard": {}}, datetime.now(timezone.utc) + timedelta(minutes=5), "en")
    assert start_snapshot.load(tmp_path, "en") is not None
    assert start_snapshot.load(tmp_path, "en", now=datetime.now(timezone.utc) + timedelta(minutes=6)) is None
    assert start_snapshot.load(tmp_path, "en", now=datetime.now(timezone.utc) - timedelta(minutes=1)) is None


def test_another_language_or_a_damaged_file_is_not_used(tmp_path):
    closed_store(tmp_path)
    start_snapshot.save(tmp_path, PROFILE, {"dashboard": {}}, soon() + timedelta(hours=1), "en")
    assert start_snapshot.load(tmp_path, "fr", now=soon()) is None
    (tmp_path / SNAPSHOT_FILE).write_text('{"format": 1, "views": ', encoding="utf-8")
    assert start_snapshot.load(tmp_path, "en", now=soon()) is None
    start_snapshot.discard(tmp_path)
    assert start_snapshot.load(tmp_path, "en", now=soon()) is None


def test_next_level_change_is_the_next_inclusive_bound():
    started = AT - timedelta(hours=2)
    assert next_level_change(started, AT) == started + timedelta(hours=24)
    assert next_level_change(started, started + timedelta(hours=24)) == started + timedelta(hours=24)
    assert next_level_change(started, started + timedelta(days=2)) == started + timedelta(days=3)
    assert next_level_change(started, started + timedelta(days=11)) is None


def test_the_dashboard_holds_until_a_decision_ages_or_the_day_turns(tmp_path):
    services = Services(open_context(tmp_path))
    try:
        now = services.ctx.now()
        midnight = datetime.combine(now.astimezone(timezone.utc).date() + timedelta(days=1), datetime.min.time(), timezone.utc)
        assert dashboard_holds_until(services.ctx) == midnight

        services.decisions.add("Pick a venue", sphere_id="personal")
        made_at = services.ctx.now()
        assert dashboard_holds_until(services.ctx) == min(midnight, made_at + timedelta(hours=24))
        assert dashboard(services.ctx).stats["decisions"]["byAging"]["GREEN"] == 1
    finally:
        services.ctx.close()
