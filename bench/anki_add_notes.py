"""Anki's `Collection.add_notes` of N Basic notes in one call: the anchor for
`import_threads.py`'s in-process import.

Run by the Python of a venv holding the `anki` package (the Anki anchor's,
not ours); prints one JSON object: the seconds of each run. Each run is a new
collection in a temp folder; building the N note requests is not timed, the
one `add_notes` call is (Anki commits it before returning).

Run: ANKI_VENV/bin/python bench/anki_add_notes.py [--notes 10000] [--runs 5] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from anki.collection import AddNoteRequest, Collection
from anki.decks import DeckId

WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi")


def one_run(folder: Path, notes: int) -> float:
    col = Collection(str(folder / "collection.anki2"))
    try:
        rng = random.Random(7)
        basic = col.models.by_name("Basic")
        requests = []
        for i in range(notes):
            note = col.new_note(basic)
            note["Front"] = f"front {i} " + " ".join(rng.choice(WORDS) for _ in range(8))
            note["Back"] = f"back {i} " + " ".join(rng.choice(WORDS) for _ in range(12))
            requests.append(AddNoteRequest(note=note, deck_id=DeckId(1)))
        start = time.perf_counter()
        col.add_notes(requests)
        elapsed = time.perf_counter() - start
        assert col.note_count() == notes
        return elapsed
    finally:
        col.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", help="where the temp collections go (default: the system's temp folder)")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="anki-add-notes-", dir=args.dir) as tmp:
            runs.append(round(one_run(Path(tmp), args.notes), 4))
    print(json.dumps({"notes": args.notes, "runs_s": runs}))


if __name__ == "__main__":
    main()
