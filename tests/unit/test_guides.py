"""The reader of the guides' commands (`tests/support/guides.py`), on which the
newcomer's path test relies to fail when a guide drifts from what it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.guides import Guide

GUIDE = """# A guide

## Commands

```sh
chenu threads edit ID [--title T] [--status S]   # change a thread
chenu sync [--json]
```

Then run `chenu-server restore /backups/x.db --force` with the
server stopped.

### Within

```sh
chenu doctor [--json]
```

## Elsewhere

```sh
chenu threads delete ID
# a line that is only a comment
```
"""


@pytest.fixture
def guide(tmp_path: Path) -> Guide:
    path = tmp_path / "guide.md"
    path.write_text(GUIDE, encoding="utf-8")
    return Guide(path)


def test_a_section_is_its_code_and_its_subsections_without_comments(guide: Guide) -> None:
    assert guide.section("Commands") == [
        "chenu threads edit ID [--title T] [--status S]",
        "chenu sync [--json]",
        "chenu doctor [--json]",
    ]
    assert guide.section("Elsewhere") == ["chenu threads delete ID"]
    with pytest.raises(AssertionError, match="no section “Missing”"):
        guide.section("Missing")


def test_a_command_of_the_prose_is_found_by_its_start(guide: Guide) -> None:
    assert guide.inline("Commands", "chenu-server restore") == "chenu-server restore /backups/x.db --force"
    with pytest.raises(AssertionError):
        guide.inline("Elsewhere", "chenu-server restore")


def test_a_command_matches_a_synopsis_only_with_the_options_it_names(guide: Guide) -> None:
    guide.assert_shows("Commands", ["chenu", "threads", "edit", "01a2", "--title", "New"])
    guide.assert_shows("Commands", ["chenu", "sync", "--json"])
    with pytest.raises(AssertionError, match="shows no `chenu threads edit 01a2 --sphere x`"):
        guide.assert_shows("Commands", ["chenu", "threads", "edit", "01a2", "--sphere", "x"])
    with pytest.raises(AssertionError):
        guide.assert_shows("Commands", ["chenu", "threads", "delete", "01a2"])  # shown in another section
