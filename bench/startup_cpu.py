"""Start-up to the dashboard populated, in CPU time: what each phase costs.

Wall time on a shared 2-core machine mostly measures waiting for a core;
the CPU the process spends does not (much). Each run is a fresh process
(`--child`) that does what `chenu` does, offscreen, on a local profile of
--threads threads, and records process CPU time (all threads) and wall time
at each phase: imports (the CLI, then the window's Qt basics), the
QApplication, `create_window` (store, plugins, services, the frame and the
first page built), `show`, and the dashboard rendered and painted.

`--variant before` is the start as it was before the last change: the
garbage collector running during start-up (`python -m chenu_desktop` now
pauses it until the window is up) and every service module imported with
`chenu_desktop.services` (now each on first use). The two variants run
interleaved, so the difference is what that change saves. (The change
before it, the lazy sync client, saved 93 ms CPU: bench/README.md.)

Run: .venv/bin/python bench/startup_cpu.py [--threads 10000] [--runs 9]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PHASES = ("imports_cli", "imports_qt", "application", "create_window", "show", "dashboard")


EAGER_SERVICES = ("agents", "audit_log", "conflicts", "decisions", "governance", "memory", "search", "threads", "tokens")
"""What `import chenu_desktop.services` imported before the services were made lazy."""


def child(data_dir: Path, variant: str) -> None:
    if variant == "after":
        gc.disable()  # as `python -m chenu_desktop` does, until `settle_memory`
    marks: dict[str, tuple[float, float]] = {}
    start = time.perf_counter()  # CPU marks count from the process's start (interpreter start-up included)

    def mark(name: str) -> None:
        marks[name] = (round((time.perf_counter() - start) * 1000, 1), round(time.process_time() * 1000, 1))

    import chenu_desktop.cli  # noqa: F401 - what `chenu` imports first

    if variant == "before":
        for name in EAGER_SERVICES:
            importlib.import_module(f"chenu_desktop.services.{name}")
    mark("imports_cli")
    from chenu_desktop.app import create_window, settle_memory
    from chenu_desktop.ui import crash, runtime  # noqa: F401 - as `run` imports them

    mark("imports_qt")
    app = runtime.application()
    mark("application")
    window = create_window(data_dir)
    mark("create_window")
    window.show()
    if variant == "after":
        settle_memory()
    mark("show")

    def ready() -> None:
        window.repaint()
        mark("dashboard")
        app.quit()

    window.stack.currentWidget().rendered.connect(ready)
    app.exec()
    window.close()
    print(json.dumps(marks))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--variant", default="after", choices=("before", "after"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.variant)
        return 0

    # Imported here, not at the top: a child must not have SQLAlchemy loaded before it starts timing.
    from _common import REPO, median, temp_root, write_results
    from gui_startup import chenu_data_dir

    with temp_root("startup-cpu") as tmp:
        scratch = Path(tmp)
        data_dir = chenu_data_dir(scratch / "data", args.threads, scratch)
        env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(scratch / "pycache"))

        def one(variant: str) -> dict[str, list[float]]:
            command = [sys.executable, __file__, "--child", str(data_dir), "--variant", variant]
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            return json.loads(done.stdout.strip().splitlines()[-1])

        one("after"), one("before")  # warm-up: page cache, bytecode
        runs: dict[str, list[dict[str, list[float]]]] = {"before": [], "after": []}
        for _ in range(args.runs):
            for variant in ("before", "after"):
                runs[variant].append(one(variant))
    results = {}
    for variant, samples in runs.items():
        results[variant] = {
            "dashboard_wall_ms": round(median([s["dashboard"][0] for s in samples]), 1),
            "dashboard_cpu_ms": round(median([s["dashboard"][1] for s in samples]), 1),
            "cpu_ms_by_phase": {
                phase: round(median([s[phase][1] - (s[PHASES[i - 1]][1] if i else 0) for s in samples]), 1)
                for i, phase in enumerate(PHASES)
            },
        }
    results["cpu_saved_ms"] = round(results["before"]["dashboard_cpu_ms"] - results["after"]["dashboard_cpu_ms"], 1)
    path = write_results("startup_cpu", {"threads": args.threads, "runs": args.runs}, {**results, "samples": runs})
    print(json.dumps(results, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
