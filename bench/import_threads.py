"""`chenu threads import FILE.json` of 10 000 threads, in process and as the real CLI.

- in_process:   Threads.import_file(FILE) on a freshly opened data dir (opening
                the store is not timed), after a warm-up import.
- cli:          wall time of `chenu --data-dir DIR threads import FILE` in a
                subprocess on a new data dir: interpreter start, imports,
                creating the store (Alembic) and the import.
- cli_existing: the same into a data dir whose empty store already exists (the
                everyday case: no store creation, no Alembic).
- cli_one:      the `cli` command with a 1-thread file: the CLI's fixed cost.
- cli_no_bytecode: `cli` with Python compiling every module from source, as a
                shell with PYTHONDONTWRITEBYTECODE=1 and no .pyc files does.
- anki_add_notes: with --anki-python, Anki's `Collection.add_notes` of as many
                Basic notes in one call (`anki_add_notes.py`, run by the Anki
                anchor's venv), one run after each in_process run, and the
                ratio in_process / anki_add_notes of the medians (target <= 1.5).

The CLI runs use a bytecode cache of their own (PYTHONPYCACHEPREFIX in the
temp folder, filled by a warm-up run), as an installed app has its .pyc files;
nothing is written into the venv. Each figure is the median of --runs runs on
fresh data dirs; the children's CPU seconds are recorded too, since a busy
machine inflates wall time.

Run: .venv/bin/python bench/import_threads.py [--threads 10000] [--runs 5] [--anki-python ANKI_VENV/bin/python]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from _common import median, temp_root, write_import_file, write_results

from chenu_desktop.services import Services, open_context

TARGET_S = 2.0
TARGET_ANKI_RATIO = 1.5
ANKI_SCRIPT = Path(__file__).with_name("anki_add_notes.py")
CHENU = Path(sys.executable).with_name("chenu")


def in_process(data_dir: Path, file: Path, expected: int) -> tuple[float, float]:
    services = Services(open_context(data_dir))
    cpu, start = time.process_time(), time.perf_counter()
    result = services.threads.import_file(file)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    services.ctx.close()
    assert result.imported == expected
    return elapsed, cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(data_dir: Path, file: Path, pycache: Path, bytecode: bool = True, existing: bool = False) -> tuple[float, float]:
    if existing:
        open_context(data_dir).close()
    env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # and an empty prefix: nothing cached to read
    command = [str(CHENU), "--data-dir", str(data_dir), "threads", "import", str(file)]
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, children_cpu() - cpu


def anki_add_notes(python: str, notes: int, folder: Path) -> tuple[float, float]:
    """One run of Anki's add_notes (wall seconds of the call; CPU: the whole child's)."""
    cpu = children_cpu()
    done = subprocess.run(
        [python, str(ANKI_SCRIPT), "--notes", str(notes), "--runs", "1", "--dir", str(folder)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)["runs_s"][0], children_cpu() - cpu


def summary(runs: int, one: Callable[[int], tuple[float, float]]) -> dict[str, object]:
    walls, cpus = zip(*(one(i) for i in range(runs)))
    return summarise(list(walls), list(cpus))


def summarise(walls: list[float], cpus: list[float]) -> dict[str, object]:
    return {
        "median_s": round(median(list(walls)), 4),
        "min_s": round(min(walls), 4),
        "max_s": round(max(walls), 4),
        "cpu_median_s": round(median(list(cpus)), 4),
        "runs_s": [round(s, 4) for s in walls],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--anki-python", metavar="PYTHON", help="a Python with the anki package: compare with its add_notes")
    parser.add_argument("--only-in-process", action="store_true", help="skip the CLI cases")
    args = parser.parse_args()

    with temp_root("bench-import") as tmp:
        root = Path(tmp)
        file = write_import_file(root / "threads.json", args.threads)
        one = write_import_file(root / "one.json", 1)
        cache, cold = root / "pycache", root / "no-pycache"
        in_process(root / "warmup", write_import_file(root / "warmup.json", 500), 500)
        cli(root / "warmup-cli", one, cache)  # fills the bytecode cache
        cli(root / "warmup-cli-existing", one, cache, existing=True)
        n = args.runs
        ours: list[tuple[float, float]] = []
        anki: list[tuple[float, float]] = []
        if args.anki_python:
            anki_add_notes(args.anki_python, 500, root)  # warm-up
        for i in range(n):  # alternating, so a busy moment hits both alike
            ours.append(in_process(root / f"in-{i}", file, args.threads))
            if args.anki_python:
                anki.append(anki_add_notes(args.anki_python, args.threads, root))
        results: dict[str, object] = {"in_process": summarise([w for w, _ in ours], [c for _, c in ours])}
        if anki:
            results["anki_add_notes"] = summarise([w for w, _ in anki], [c for _, c in anki])
        if not args.only_in_process:
            results |= {
                "cli": summary(n, lambda i: cli(root / f"cli-{i}", file, cache)),
                "cli_existing": summary(n, lambda i: cli(root / f"ex-{i}", file, cache, existing=True)),
                "cli_one": summary(n, lambda i: cli(root / f"one-{i}", one, cache)),
                "cli_no_bytecode": summary(n, lambda i: cli(root / f"cold-{i}", file, cold, bytecode=False)),
            }
        results["file_mb"] = round(file.stat().st_size / 1e6, 2)
    if anki:
        ratio = results["in_process"]["median_s"] / results["anki_add_notes"]["median_s"]
        results["ratio_in_process_to_anki"] = round(ratio, 3)
        results["meets_anki_target"] = ratio <= TARGET_ANKI_RATIO
        print(
            f"anki add_notes   median {results['anki_add_notes']['median_s']:.3f} s  ratio in_process/anki {ratio:.2f}"
            f"  {'meets' if ratio <= TARGET_ANKI_RATIO else 'MISSES'} <= {TARGET_ANKI_RATIO}"
        )
    for name in ("in_process", "cli", "cli_existing", "cli_one", "cli_no_bytecode"):
        if name not in results:
            continue
        r = results[name]
        line = f"{name:<16} median {r['median_s']:.3f} s (CPU {r['cpu_median_s']:.3f} s)"
        if name != "cli_one":
            r["threads_per_s"] = round(args.threads / r["median_s"])
            r["meets_target"] = r["median_s"] < TARGET_S
            line += f"  {'meets' if r['meets_target'] else 'MISSES'} < {TARGET_S} s"
        else:
            line += "  (fixed cost: start-up + new store + 1 thread)"
        print(line)
    params = {
        **vars(args),
        "anki_python": "ANKI_VENV/bin/python" if args.anki_python else None,
        "target_s": TARGET_S,
        "target_anki_ratio": TARGET_ANKI_RATIO,
        "command": f"{CHENU.name} --data-dir DIR threads import FILE",
    }
    name = "import_threads_in_process" if args.only_in_process else "import_threads"
    print(f"results: {write_results(name, params, results)}")


if __name__ == "__main__":
    main()
