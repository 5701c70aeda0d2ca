"""Cold start of the window, side by side with Anki's, in one run on this machine.

- chenu: `python -m chenu_desktop --data-dir D` on a local profile holding
  --threads threads (default 10 000), opening on the dashboard. Timed: the
  window mapped (MapNotify on a fresh Xvfb) and **the dashboard populated**:
  the `first_page:/dashboard` mark the app writes once the page has rendered
  its data and painted (`CHENU_REPORT_READY`, see
  `chenu_desktop/ui/startup_report.py`). The store is untouched between
  runs, so from the second start on that first paint comes from the start
  snapshot the previous run left (`chenu_desktop/start_snapshot.py`: exactly
  what the store holds, checked against the store's files and the clock);
  also recorded: `first_page_live:/dashboard`, the dashboard drawn again
  from the opened store. The app then closes itself.
- chenu, store first: the same start after deleting the snapshot (as after a
  change made by the CLI or another process): the store opens before the first paint.
- anki: Anki's desktop app on a profile of --threads notes, timed to its main
  window mapped (the anchor's own measure), by the same timer.

Both are started by the Anki anchor's timer (`gui_coldstart.py`: a fresh
Xvfb per run, T0 just before Popen, MapNotify on the root window), inside
`unshare -n` (loopback only) when run as root. Runs alternate, Anki then
chenu, after one unmeasured warm-up run of each: the page cache is warm.
chenu gets a bytecode cache of its own (PYTHONPYCACHEPREFIX in the temp
folder, filled by the warm-up), as an installed app has its .pyc files.

The ratio printed is median(chenu dashboard populated) ÷ median(Anki main
window mapped); the target is ≤ 0.6. Also recorded, as a check that does
not depend on how busy the machine is: the CPU seconds of each whole run
(the app until it exits, its Xvfb and the timer; Anki runs on until its deck
list has loaded, chenu closes once its dashboard is drawn).

Needs the Anki anchor set up once (its setup.sh: a venv with anki, aqt,
PySide6 and python-xlib, and apt's xvfb): pass its scripts folder and ROOT.

Run: .venv/bin/python bench/gui_startup.py --anchor DIR --anki-root ROOT [--threads 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from _common import REPO, median, temp_root, write_import_file, write_results

from chenu_desktop.services import Services, open_context

TARGET_RATIO = 0.6
READY_MARK = "first_page:/dashboard"
LIVE_MARK = "first_page_live:/dashboard"


def chenu_data_dir(data_dir: Path, threads: int, scratch: Path) -> Path:
    """A local profile (as after "Work offline") holding `threads` threads."""
    from chenu_desktop.ui.context import LOCAL_PROFILE_KEY

    services = Services(open_context(data_dir))
    try:
        result = services.threads.import_file(write_import_file(scratch / "threads.json", threads))
        assert result.imported == threads
        services.ctx.store.set_meta(LOCAL_PROFILE_KEY, "1")
    finally:
        services.ctx.close()
    return data_dir


def anki_profile(anchor: Path, anki_python: Path, base: Path, notes: int) -> Path:
    if not (base / "bench" / "collection.anki2").exists():
        subprocess.run([str(anki_python), str(anchor / "make_profile.py"), str(base), str(notes)], check=True)
    return base


def timed(anchor: Path, anki_python: Path, title: str, command: list[str], workdir: Path, warmup: int, env: dict[str, str]) -> dict[str, Any]:
    """One run (after `warmup` unmeasured ones) of `command` under the anchor's timer."""
    out = workdir / "result.json"
    timer = [
        str(anki_python), str(anchor / "gui_coldstart.py"), "--runs", "1", "--warmup", str(warmup), "--pause", "0.5",
        "--title", title, "--workdir", str(workdir), "--out", str(out), "--", *command,
    ]
    if os.geteuid() == 0 and shutil.which("unshare"):
        timer = ["unshare", "-n", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh", *timer]
    cpu = children_cpu()
    subprocess.run(timer, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = json.loads(out.read_text())["runs"]
    run = next(run for run in runs if not run["warmup"])
    if not warmup:
        run["cpu_s"] = round(children_cpu() - cpu, 3)
    return run


def children_cpu() -> float:
    """CPU seconds of finished child processes, their own children included (the app, Xvfb, the timer)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--anchor", type=Path, default=os.environ.get("ANKI_ANCHOR"), help="the Anki anchor's scripts folder")
    parser.add_argument("--anki-root", type=Path, default=os.environ.get("ANKI_ROOT"), help="the ROOT its setup.sh used")
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tag", default="", help="suffix of the results file (e.g. _before)")
    args = parser.parse_args()
    if args.anchor is None or args.anki_root is None:
        parser.error("--anchor and --anki-root (or ANKI_ANCHOR, ANKI_ROOT) are needed")
    anki_python = args.anki_root / "venv" / "bin" / "python"
    anki = anki_python.with_name("anki")

    with temp_root("gui-startup") as tmp:
        scratch = Path(tmp)
        data_dir = chenu_data_dir(scratch / "chenu-data", args.threads, scratch)
        base = anki_profile(args.anchor, anki_python, args.anki_root / f"gui_base_{args.threads}", args.threads)
        env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Anki's Chromium refuses root with its sandbox on
        chenu_env = dict(env, PYTHONPYCACHEPREFIX=str(scratch / "pycache"))
        chenu = [
            "sh", "-c", 'CHENU_REPORT_READY="$ANCHOR_TIMES" exec "$@"', "sh",
            sys.executable, "-m", "chenu_desktop", "--data-dir", str(data_dir),
        ]
        store_first = [  # the same start after a change made elsewhere: no usable snapshot
            "sh", "-c", 'rm -f "$0/start-snapshot.json"; CHENU_REPORT_READY="$ANCHOR_TIMES" exec "$@"', str(data_dir),
            sys.executable, "-m", "chenu_desktop", "--data-dir", str(data_dir),
        ]
        anki_command = [str(anki), "-b", str(base), "-p", "bench"]
        samples: dict[str, list[float]] = {
            "anki_window_mapped_ms": [], "chenu_window_mapped_ms": [], "chenu_dashboard_ms": [], "chenu_dashboard_from_store_ms": [],
            "chenu_store_first_dashboard_ms": [], "anki_run_cpu_s": [], "chenu_run_cpu_s": [],
        }
        raw = []
        for round_ in range(args.runs):
            warmup = 1 if round_ == 0 else 0
            a = timed(args.anchor, anki_python, " - Anki", anki_command, scratch / f"anki-{round_}", warmup, env)
            c = timed(args.anchor, anki_python, "CHE·NU", chenu, scratch / f"chenu-{round_}", warmup, chenu_env)
            f = timed(args.anchor, anki_python, "CHE·NU", store_first, scratch / f"chenu-store-first-{round_}", 0, chenu_env)
            if a["window_mapped_ms"] is None or c["marks_ms"].get(READY_MARK) is None:
                raise SystemExit(f"a run did not finish: anki {a['window_mapped_ms']}, chenu {c['marks_ms']} (logs in {scratch})")
            samples["anki_window_mapped_ms"].append(a["window_mapped_ms"])
            samples["chenu_window_mapped_ms"].append(c["window_mapped_ms"])
            samples["chenu_dashboard_ms"].append(c["marks_ms"][READY_MARK])
            samples["chenu_dashboard_from_store_ms"].append(c["marks_ms"][LIVE_MARK])
            samples["chenu_store_first_dashboard_ms"].append(f["marks_ms"][READY_MARK])
            if round_:  # the first round's runs include a warm-up run
                samples["anki_run_cpu_s"].append(a["cpu_s"])
                samples["chenu_run_cpu_s"].append(c["cpu_s"])
            raw.append({"anki": a, "chenu": c, "chenu_store_first": f})
            print(f"round {round_ + 1}: anki window {a['window_mapped_ms']:.0f} ms · chenu window "
                  f"{c['window_mapped_ms']:.0f} ms, dashboard {c['marks_ms'][READY_MARK]:.0f} ms "
                  f"(from the store {c['marks_ms'][LIVE_MARK]:.0f} ms) · store first {f['marks_ms'][READY_MARK]:.0f} ms", file=sys.stderr)

    medians = {name: round(median(values), 3 if name.endswith("_s") else 1) for name, values in samples.items() if values}
    ratio = round(medians["chenu_dashboard_ms"] / medians["anki_window_mapped_ms"], 3)
    results = {
        "medians_ms": medians,
        "ratio_chenu_dashboard_to_anki_window": ratio,
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
        "samples_ms": samples,
        "runs": raw,
    }
    path = write_results(f"gui_startup{args.tag}", {"threads": args.threads, "runs": args.runs}, results)
    print(json.dumps({"medians_ms": medians, "ratio": ratio, "target": f"<= {TARGET_RATIO}", "met": ratio <= TARGET_RATIO}, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
