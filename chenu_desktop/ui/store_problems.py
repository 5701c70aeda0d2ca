"""Opening the store, and saying calmly what to do when it cannot be opened.

The classification is the core's (`chenu_desktop.store.problems`), shared with
the `chenu` command; the window words each kind in its own language here and
shows it in a dialog (`crash.explain_store_problem`).
"""

from __future__ import annotations

from chenu_desktop.store import problems
from chenu_desktop.store.problems import StoreProblem, open_store

from .i18n import tr

__all__ = ["StoreProblem", "describe", "open_store"]


def describe(problem: StoreProblem) -> tuple[str, str]:
    """The problem's title and advice in the window's language (the path it concerns filled in)."""
    path = str(problem.path)
    if problem.kind == problems.NOT_A_FOLDER:
        return (
            tr("{path} is a file, not a folder.").format(path=path),
            tr("Choose another data folder with --data-dir, or move that file away."),
        )
    if problem.kind == problems.TOO_NEW:
        return (
            tr("This data was written by a newer version of CHE·NU."),
            tr("Install the newer version to open it; nothing was changed."),
        )
    if problem.kind == problems.NOT_MIGRATED:
        return (
            tr("The data could not be brought up to date."),
            tr("Your data is untouched and a copy is kept in {path}.").format(path=path),
        )
    if problem.kind == problems.IN_USE:
        return (
            tr("The data is in use by another program."),
            tr("Close the other CHE·NU window or command using this data folder, then start again."),
        )
    if problem.kind == problems.READ_ONLY:
        return (
            tr("The data folder is read-only."),
            tr("CHE·NU needs to write to {path}: check its permissions or the disk, or choose another folder with --data-dir.").format(path=path),
        )
    if problem.kind == problems.DISK_FULL:
        return (
            tr("The disk holding your data is full."),
            tr("Free some space on the disk of {path}, then start again; nothing was lost.").format(path=path),
        )
    if problem.kind == problems.DAMAGED:
        return (
            tr("{path} is damaged or is not a CHE·NU store.").format(path=path),
            tr(
                "Restore it from the backups folder beside it (a copy is kept before every upgrade; "
                "`chenu doctor` lists them, `chenu restore PATH` puts one back), or move it away to start afresh."
            ),
        )
    if problem.kind == problems.NO_PERMISSION:
        return (
            tr("CHE·NU may not open its data."),
            tr("Check the permissions of {path}, or choose another folder with --data-dir.").format(path=path),
        )
    return (
        tr("CHE·NU cannot reach its data folder."),
        tr("Check the disk holding {path}, or choose another folder with --data-dir.").format(path=path),
    )
