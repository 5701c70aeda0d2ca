"""An import file's threads, checked and laid out column by column.

`Threads.import_file` writes the columns with `ChangeWriter.insert_columns`.
A file whose every item is valid (the usual case) is checked a column at a
time by the domain's batch validators (`valid_texts`, `valid_tag_lists`),
in C loops; any doubt, and the items are checked one by one, in the order
and with the messages of a single thread's creation, so the first bad item
is named with what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import ge, itemgetter, le, methodcaller
from typing import Any

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.threads import (
    INTENT_MAX,
    TITLE_MAX,
    ThreadStatus,
    valid_tag_lists,
    valid_texts,
    validate_intent,
    validate_tags,
    validate_title,
)
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store.writer import Each

from .commands.threads import check_sphere
from .execution import Execution

IMPORT_FIELDS = ("title", "founding_intent", "sphere_id")
IMPORT_OPTIONAL_FIELDS = ("tags",)
IMPORT_KEYS = frozenset(IMPORT_FIELDS + IMPORT_OPTIONAL_FIELDS)
IMPORT_REQUIRED = frozenset(IMPORT_FIELDS)


@dataclass(frozen=True)
class ImportColumns:
    """The validated fields of an import file's threads, one list per field."""

    titles: Each
    intents: Each
    spheres: Each
    tags: Each


def import_columns(plugins: PluginHost, items: list[Any]) -> ImportColumns:
    """The items as new threads' fields, or a ValidationError naming the first bad item."""
    return _all_at_once(plugins, items) or _one_by_one(plugins, items)


def _all_at_once(plugins: PluginHost, items: list[Any]) -> ImportColumns | None:
    """The columns when every item is valid, else None."""
    if set(map(type, items)) != {dict}:
        return None
    keys = list(map(dict.keys, items))
    if not all(map(le, keys, repeat(IMPORT_KEYS))) or not all(map(ge, keys, repeat(IMPORT_REQUIRED))):
        return None
    spheres = list(map(itemgetter("sphere_id"), items))
    if set(map(type, spheres)) != {str} or any(plugins.sphere(sphere) is None for sphere in set(spheres)):
        return None
    intents = valid_texts(list(map(itemgetter("founding_intent"), items)), INTENT_MAX)
    titles = valid_texts(list(map(itemgetter("title"), items)), TITLE_MAX)
    tags = valid_tag_lists(list(map(methodcaller("get", "tags", ()), items)))
    if intents is None or titles is None or tags is None:
        return None
    return ImportColumns(Each(titles), Each(intents), Each(spheres), Each(tags))


def _one_by_one(plugins: PluginHost, items: list[Any]) -> ImportColumns:
    """Every item checked in turn, as `new_thread_values` checks a thread's fields."""
    columns = ImportColumns(Each(), Each(), Each(), Each())
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValidationError(f"item {index}", "must be an object with title, founding_intent, sphere_id")
        unknown = [name for name in item if name not in IMPORT_KEYS]
        if unknown:
            allowed = ", ".join(IMPORT_FIELDS + IMPORT_OPTIONAL_FIELDS)
            raise ValidationError(f"item {index}", f"unknown key {', '.join(map(repr, unknown))} (allowed: {allowed})")
        missing = [name for name in IMPORT_FIELDS if name not in item]
        if missing:
            raise ValidationError(f"item {index}", f"missing {', '.join(missing)}")
        try:  # in the order new_thread_values checks them: the same first complaint
            intent = validate_intent(item["founding_intent"])
            sphere = check_sphere(plugins, item["sphere_id"])
            title = validate_title(item["title"])
            tags = validate_tags(item.get("tags", []))
        except ValidationError as error:
            raise ValidationError(f"item {index}", str(error)) from None
        columns.titles.append(title)
        columns.intents.append(intent)
        columns.spheres.append(sphere)
        columns.tags.append(tags)
    return columns


def write_threads(run: Execution, columns: ImportColumns) -> list[str]:
    """The threads, active, each with its `thread.created` event (marked
    imported), in the run's transaction; their ids in file order."""
    if not columns.titles:
        return []
    ids = run.writer.insert_columns(
        "threads",
        {
            "workspace_id": run.workspace_id,
            "sphere_id": columns.spheres,
            "title": columns.titles,
            "founding_intent": columns.intents,
            "current_intent": columns.intents,
            "status": ThreadStatus.ACTIVE.value,
            "tags": columns.tags,
            "created_at": run.now,
            "created_by": run.actor,
            "updated_at": run.now,
            "last_activity_at": run.now,
        },
    )
    run.writer.insert_columns(
        "thread_events",
        {
            "workspace_id": run.workspace_id,
            "thread_id": Each(ids),
            "type": "thread.created",
            "payload": Each({"title": title, "imported": True} for title in columns.titles),
            "actor": run.actor,
            "at": run.now,
        },
    )
    return ids
