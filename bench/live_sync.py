"""Live sync: a title edited on device A appears in device B's store, with 100 idle devices connected.

A real `chenu-server run` (SQLite, one worker) on 127.0.0.1; the account is
made with `chenu-server create-user`. --idle idle devices (other accounts,
their tokens minted for the run) hold the event stream (`GET
/api/v1/events`) open on raw sockets and read what comes. Device B is a
real client in a process of its own: `BackgroundSync` with `LiveChanges`
(the window's sync, on its own asyncio loop) and a polling interval of
600 s, so whatever arrives sooner came by the stream; after every sync it
reports the thread's title from its store, with the time. Device A (this
process) edits the thread's title through the services
(`Threads.edit`) and syncs (push, then pull) with the real engine.

Measured per edit: from just before A's edit to B's report that its store
holds the new title (CLOCK_MONOTONIC, the same clock in both processes),
over --edits edits (after 5 warm-up ones), one every --gap-s seconds.
Also: A's part (edit + push), and the server process's CPU time while the
idle devices are connected and nothing happens (--idle-s seconds).
Target: p50 ≤ 100 ms, p99 ≤ 250 ms.

Run: .venv/bin/python bench/live_sync.py [--idle 100] [--edits 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # never the machine's keyring

from _common import latency_summary, temp_root, write_results
from _server import EMAIL, PASSWORD, SECRET, admin, running_server

TARGETS = {"p50_ms": 100.0, "p99_ms": 250.0}
WARM_UP = 5
ARRIVAL_TIMEOUT_S = 30.0


# ---------------------------------------------------------------- device B (a process of its own)


def device_b(data_dir: Path, thread_id: str) -> int:
    """Run B's background sync until SIGTERM; print `live` and, after every sync, `title`."""
    from chenu_desktop.store import STORE_FILE, Store
    from chenu_desktop.sync.background import for_data_dir
    from chenu_desktop.sync.live import live_changes_for

    store = Store.open(data_dir / STORE_FILE)

    def title() -> str | None:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT title FROM threads WHERE id = ?", (thread_id,)).scalar()

    def say(kind: str, value: object) -> None:
        print(f"{kind}\t{time.monotonic()!r}\t{value}", flush=True)

    async def main() -> None:
        stopping = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
        background = for_data_dir(
            data_dir,
            store=store,
            live=live_changes_for(data_dir, store),
            interval_s=600.0,
            on_live=lambda live: say("live", live),
            on_report=lambda _report: say("title", title()),
            on_state=lambda state, message: say("state", f"{state} {message or ''}"),
        )
        background.start()
        await stopping.wait()
        await background.stop()

    asyncio.run(main())
    store.close()
    return 0


class DeviceB:
    """Device B's process and what it reports, read in a thread."""

    def __init__(self, data_dir: Path, thread_id: str) -> None:
        self.lines: queue.Queue[tuple[str, float, str]] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--device", str(data_dir), "--thread", thread_id],
            stdout=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            kind, at, value = line.rstrip("\n").split("\t", 2)
            self.lines.put((kind, float(at), value))

    def wait_for(self, kind: str, value: str, timeout: float = ARRIVAL_TIMEOUT_S) -> float:
        """The time B reported `kind` `value`."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SystemExit(f"device B did not report {kind} {value!r} within {timeout:.0f} s")
            try:
                got_kind, at, got = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if got_kind == kind and got == value:
                return at
            if got_kind == "state" and got.startswith(("error", "offline")):
                raise SystemExit(f"device B's sync failed: {got}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# ---------------------------------------------------------------- idle devices


class IdleDevices:
    """`tokens` streams held open on raw sockets, in a thread with its own loop."""

    def __init__(self, server_url: str, tokens: list[str]) -> None:
        host, port = server_url.removeprefix("http://").split(":")
        self.opened = 0
        self.events = 0
        self.failed: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(host, int(port), tokens), daemon=True)
        self._thread.start()
        if not self._ready.wait(120):
            raise SystemExit("the idle devices did not connect within 120 s")
        if self.failed:
            raise SystemExit(f"{len(self.failed)} idle devices could not connect: {self.failed[0]}")

    def _run(self, host: str, port: int, tokens: list[str]) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._connect_all(host, port, tokens))
        self._ready.set()
        self._loop.run_forever()
        drains = asyncio.all_tasks(self._loop)
        for task in drains:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*drains, return_exceptions=True))
        self._loop.close()

    async def _connect_all(self, host: str, port: int, tokens: list[str]) -> None:
        self._writers: list[asyncio.StreamWriter] = []
        for token in tokens:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                f"GET /api/v1/events HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                "Accept: text/event-stream\r\n\r\n".encode()
            )
            status = await reader.readline()
            if b" 200 " not in status:
                self.failed.append(status.decode(errors="replace").strip())
                writer.close()
                continue
            self.opened += 1
            self._writers.append(writer)
            self._loop.create_task(self._drain(reader))

    async def _drain(self, reader: asyncio.StreamReader) -> None:
        while line := await reader.readline():
            if line.startswith(b"event: changed"):
                self.events += 1

    def close(self) -> None:
        def hang_up() -> None:
            for writer in self._writers:
                writer.close()
            self._loop.stop()

        self._loop.call_soon_threadsafe(hang_up)
        self._thread.join(30)


def idle_tokens(database_url: str, count: int) -> list[str]:
    """`count` other accounts, each with a session and an access token for the run
    (made in the database, as `chenu-server create-user` and a sign-in would)."""
    from chenu_desktop.domain.ids import uuid7
    from sync_server.accounts import create_user
    from sync_server.database import ServerStore, make_engine
    from sync_server.models import RefreshToken
    from sync_server.security import (
        create_access_token,
        new_refresh_token,
        token_digest,
    )

    engine = make_engine(database_url)
    store = ServerStore.connect(engine)
    tokens = []
    try:
        for n in range(count):
            user = create_user(store, f"idle-{n}@example.com", "idle devices wait")
            session, now = uuid7(), datetime.now(UTC)
            with engine.begin() as conn:
                conn.execute(
                    RefreshToken.__table__.insert().values(
                        id=uuid7(), token_hash=token_digest(new_refresh_token()), family_id=session,
                        user_id=user.id, expires_at=now + timedelta(days=1), created_at=now,
                    )
                )
            tokens.append(create_access_token(user.id, session, SECRET, timedelta(hours=4)))
    finally:
        engine.dispose()
    return tokens


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the measure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle", type=int, default=100, help="idle devices holding the event stream open")
    parser.add_argument("--edits", type=int, default=50, help="edits measured (after 5 warm-up ones)")
    parser.add_argument("--gap-s", type=float, default=0.3, help="pause between edits")
    parser.add_argument("--idle-s", type=float, default=20.0, help="how long the server's CPU is watched with only idle streams")
    parser.add_argument("--device", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--thread", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.device is not None:
        return device_b(args.device, args.thread)

    from chenu_desktop.services import Services, open_context
    from chenu_desktop.store import STORE_FILE, Store
    from chenu_desktop.sync.account import sign_in
    from chenu_desktop.sync.background import data_dir_sync

    with temp_root("live-sync") as tmp, running_server(f"sqlite:///{Path(tmp) / 'server.db'}", Path(tmp)) as server:
        root = Path(tmp)
        admin(server, None, "create-user", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        for name in ("a", "b"):
            (root / name).mkdir()
            store = Store.open(root / name / STORE_FILE)
            sign_in(root / name, store, server.url, EMAIL, PASSWORD)
            store.close()

        started = time.perf_counter()
        tokens = idle_tokens(server.database_url, args.idle)
        idle = IdleDevices(server.url, tokens)
        print(f"{idle.opened} idle devices connected ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
        before = cpu_seconds(server.process.pid)
        time.sleep(args.idle_s)
        idle_cpu = cpu_seconds(server.process.pid) - before

        a = open_context(root / "a")
        services = Services(a)
        sync_a = data_dir_sync(root / "a", a.store)
        thread_id = services.threads.add("personal", "Live edit", "edited on A, watched on B").id
        sync_a(lambda _progress: None)

        b = DeviceB(root / "b", thread_id)
        b.wait_for("live", "True")
        b.wait_for("title", "Live edit")

        arrivals: list[float] = []
        writes: list[float] = []
        pushes: list[float] = []
        after_push: list[float] = []
        cpu_before = cpu_seconds(server.process.pid)
        for n in range(WARM_UP + args.edits):
            title = f"Live edit {n}"
            pulling: list[float] = []

            def note_pull(progress: Any, pulling: list[float] = pulling) -> None:
                # The push was acknowledged: its batch counted as done (A then pulls only if
                # the push's answer says something else was logged).
                if progress.phase == "push" and progress.done and not pulling:
                    pulling.append(time.monotonic())

            edited_at = time.monotonic()
            services.threads.edit(thread_id, title=title)
            written_at = time.monotonic()
            sync_a(note_pull)
            arrived_at = b.wait_for("title", title)
            if n >= WARM_UP:
                arrivals.append(arrived_at - edited_at)
                writes.append(written_at - edited_at)
                pushes.append(pulling[0] - written_at)
                after_push.append(arrived_at - pulling[0])
            time.sleep(args.gap_s)
        edits_cpu = cpu_seconds(server.process.pid) - cpu_before
        b.stop()
        idle.close()
        a.close()

    arrival = latency_summary(arrivals)
    results = {
        "edit_to_other_device": arrival,
        "parts": {
            "a_local_edit": latency_summary(writes),
            "a_sync_until_push_acknowledged": latency_summary(pushes),
            "push_acknowledged_to_row_on_b": latency_summary(after_push),
        },
        "idle_devices_connected": idle.opened,
        "idle_devices_events_heard": idle.events,
        "server_cpu_s_idle": round(idle_cpu, 3),
        "server_cpu_s_per_edit": round(edits_cpu / (WARM_UP + args.edits), 4),
        "ratio_to_target": {key: round(arrival[key] / target, 2) for key, target in TARGETS.items()},
        "met": all(arrival[key] <= target for key, target in TARGETS.items()),
    }
    parameters = {"idle": args.idle, "edits": args.edits, "warm_up": WARM_UP, "gap_s": args.gap_s, "idle_s": args.idle_s,
                  "backend": "sqlite", "workers": 1, "b_polling_interval_s": 600.0, "targets": TARGETS}
    path = write_results("live_sync", parameters, results)
    print(
        f"edit on A → row in B's store, {args.idle} idle devices connected: "
        f"p50 {arrival['p50_ms']:.1f} ms (target {TARGETS['p50_ms']:.0f}, ratio {results['ratio_to_target']['p50_ms']}), "
        f"p99 {arrival['p99_ms']:.1f} ms (target {TARGETS['p99_ms']:.0f}, ratio {results['ratio_to_target']['p99_ms']}); "
        f"parts p50: A's edit {results['parts']['a_local_edit']['p50_ms']:.1f} ms, A's sync to the push's answer "
        f"{results['parts']['a_sync_until_push_acknowledged']['p50_ms']:.1f} ms, then to B's row "
        f"{results['parts']['push_acknowledged_to_row_on_b']['p50_ms']:.1f} ms; "
        f"server CPU {idle_cpu:.2f} s over {args.idle_s:.0f} s idle → {path.relative_to(Path(__file__).resolve().parents[1])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
