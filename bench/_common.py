"""Shared by the benchmarks: machine facts, percentiles, test data, JSON results."""

from __future__ import annotations

import json
import math
import os
import platform
import random
import sqlite3
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
SPHERES = (
    "personal", "business", "government", "studio", "community",
    "social", "entertainment", "team", "scholar",
)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "mean_ms": round(sum(ms) / len(ms), 4),
        "p50_ms": round(percentile(ms, 50), 4),
        "p95_ms": round(percentile(ms, 95), 4),
        "p99_ms": round(percentile(ms, 99), 4),
        "max_ms": round(max(ms), 4),
    }


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def temp_root(name: str) -> tempfile.TemporaryDirectory[str]:
    """A scratch folder on the repo's disk (not a tmpfs), removed afterwards."""
    return tempfile.TemporaryDirectory(prefix=f"{name}-", dir=os.environ.get("BENCH_TMP", tempfile.gettempdir()))


def thread_items(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """`count` importable threads: [{title, founding_intent, sphere_id, tags}]."""
    rng = random.Random(seed)
    return [
        {
            "title": f"Thread {i}: {rng.choice(('plan', 'review', 'draft', 'move', 'learn'))} {rng.randrange(10**6)}",
            "founding_intent": f"Intent of thread {i}: " + " ".join(f"word{rng.randrange(1000)}" for _ in range(12)),
            "sphere_id": SPHERES[i % len(SPHERES)],
            "tags": [f"tag{rng.randrange(50)}"],
        }
        for i in range(count)
    ]


def write_import_file(path: Path, count: int) -> Path:
    path.write_text(json.dumps(thread_items(count)), encoding="utf-8")
    return path


def write_results(name: str, parameters: dict[str, Any], results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    data = {"benchmark": name, "machine": machine(), "parameters": parameters, "results": results}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path
