"""Wall time of everyday `chenu` commands on a store of 10 000 threads.

Each command runs as the real console script in a fresh process, --runs
times (after one warm-up run that fills the bytecode cache), and the median
wall time and the children's CPU seconds are reported, beside `python -c
pass` (the interpreter's own start) measured the same way:

- spheres_list:  `chenu spheres list`
- threads_list:  `chenu threads list --sphere personal` (its first page: 50 of ~1 100)
- threads_all:   `chenu threads list --sphere personal --all` (all ~1 100 printed; no target)
- stats_json:    `chenu stats --json`
- help:          `chenu --help` (building the argument parser alone)

The runs use a bytecode cache of their own (PYTHONPYCACHEPREFIX in the temp
folder), as an installed app has its .pyc files; nothing is written to the
venv. `--imports` also records, per command, which heavy packages the
process imported (SQLAlchemy, its ORM, Alembic, the models, the thread
services, importlib.metadata, platformdirs), from `python -X importtime`.

Run: .venv/bin/python bench/cli_startup.py [--threads 10000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import median, temp_root, write_import_file, write_results

TARGET_S = 0.3
CHENU = Path(sys.executable).with_name("chenu")
COMMANDS = {
    "spheres_list": ["spheres", "list"],
    "threads_list": ["threads", "list", "--sphere", "personal"],
    "threads_all": ["threads", "list", "--sphere", "personal", "--all"],
    "stats_json": ["stats", "--json"],
    "help": ["--help"],
}
TARGETED = ("spheres_list", "threads_list", "stats_json")
HEAVY = (
    "sqlalchemy", "sqlalchemy.orm", "alembic", "chenu_desktop.store.models", "chenu_desktop.services.threads",
    "importlib.metadata", "platformdirs",
)  # fmt: skip


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, children_cpu() - cpu


def imported(command: list[str], env: dict[str, str]) -> list[str]:
    """Which of HEAVY the command imports (its -X importtime report of a second
    run: the first remembers the installed plugins for this `sys.path`)."""
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import sys; from chenu_desktop.cli import main; sys.exit(main())", *command],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
        )
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return [name for name in HEAVY if name in modules]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports", action="store_true", help="record which heavy packages each command imports")
    parser.add_argument("--tag", default="", help="suffix of the results file (cli_startup<TAG>.json)")
    args = parser.parse_args()

    with temp_root("bench-cli") as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        seed = write_import_file(root / "seed.json", args.threads)
        env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        subprocess.run([str(CHENU), "--data-dir", str(data_dir), "threads", "import", str(seed)],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        commands = {"python_pass": [sys.executable, "-c", "pass"]}
        commands |= {name: [str(CHENU), "--data-dir", str(data_dir), *argv] for name, argv in COMMANDS.items()}
        for command in commands.values():
            run(command, env)  # warm-up: bytecode cache, page cache
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so a busy moment hits every command alike
            for name, command in commands.items():
                samples[name].append(run(command, env))
        results: dict[str, dict[str, object]] = {}
        for name, pairs in samples.items():
            walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
            results[name] = {
                "median_s": round(median(walls), 4),
                "min_s": round(min(walls), 4),
                "max_s": round(max(walls), 4),
                "cpu_median_s": round(median(cpus), 4),
            }
            if name in TARGETED:
                results[name]["meets_target"] = results[name]["median_s"] <= TARGET_S
            if args.imports and name != "python_pass":
                results[name]["heavy_imports"] = imported(["--data-dir", str(data_dir), *COMMANDS[name]], env)

    for name, r in results.items():
        verdict = ""
        if name in TARGETED:
            verdict = f"  {'meets' if r['meets_target'] else 'MISSES'} <= {TARGET_S} s"
        heavy = f"  imports {', '.join(r['heavy_imports']) or 'none of the heavy ones'}" if "heavy_imports" in r else ""
        print(f"{name:<13} median {r['median_s']:.3f} s (min {r['min_s']:.3f}, CPU {r['cpu_median_s']:.3f} s){verdict}{heavy}")
    params = {**vars(args), "target_s": TARGET_S, "commands": {n: f"chenu --data-dir DIR {' '.join(a)}" for n, a in COMMANDS.items()}}
    print(f"results: {write_results('cli_startup' + args.tag, params, results)}")


if __name__ == "__main__":
    main()
