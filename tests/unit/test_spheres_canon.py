"""The nine built-in spheres match DOMAIN.md's table exactly: ids, English and
French names, icons, colours, and order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chenu_desktop.domain.spheres import BUILTIN_SPHERE_IDS, BUILTIN_SPHERES, BUREAU_SECTIONS

# A verbatim copy of the table in DOMAIN.md (the canon lives outside this repo).
DOMAIN_SPHERE_TABLE = """\
| id | English | French | icon | colour |
|----|---------|--------|------|--------|
| personal | Personal | Personnel | 🏠 | #3EB4A2 |
| business | Business | Affaires | 💼 | #D8B26A |
| government | Government & Institutions | Gouvernement | 🏛️ | #8D8371 |
| studio | Creative Studio | Studio de création | 🎨 | #E879F9 |
| community | Community | Communauté | 👥 | #3F7249 |
| social | Social & Media | Social & médias | 📱 | #60A5FA |
| entertainment | Entertainment | Divertissement | 🎬 | #F472B6 |
| team | My Team | Mon équipe | 🤝 | #FB923C |
| scholar | Scholar | Académique | 📚 | #A78BFA |
"""

REPO = Path(__file__).resolve().parents[2]
DOMAIN_MD_CANDIDATES = (
    REPO / "docs" / "DOMAIN.md",
    REPO.parent / "shared" / "design" / "DOMAIN.md",
)


def parse_table(markdown: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] == "id" or set(cells[0]) <= {"-"}:
            continue
        rows.append(tuple(cells))
    return rows


def sphere_section(markdown: str) -> str:
    match = re.search(r"^## Spheres.*?$(.*?)^## ", markdown, re.S | re.M)
    assert match, "DOMAIN.md has a '## Spheres' section"
    return match.group(1)


def test_builtin_spheres_equal_the_canon_table_in_order() -> None:
    actual = [(s.id, s.name, s.name_fr, s.icon, s.colour) for s in BUILTIN_SPHERES]
    assert actual == parse_table(DOMAIN_SPHERE_TABLE)


def test_the_copied_table_is_still_the_one_in_domain_md() -> None:
    found = next((p for p in DOMAIN_MD_CANDIDATES if p.is_file()), None)
    if found is None:
        pytest.skip("DOMAIN.md is not checked out next to this repository")
    in_doc = parse_table(sphere_section(found.read_text(encoding="utf-8")))
    assert in_doc == parse_table(DOMAIN_SPHERE_TABLE)


def test_there_are_nine_spheres_with_unique_ids_names_and_colours() -> None:
    assert len(BUILTIN_SPHERES) == 9
    for attribute in ("id", "name", "name_fr", "icon", "colour"):
        values = [getattr(s, attribute) for s in BUILTIN_SPHERES]
        assert len(set(values)) == 9, attribute


def test_colours_are_six_digit_hex() -> None:
    for sphere in BUILTIN_SPHERES:
        assert re.fullmatch(r"#[0-9A-F]{6}", sphere.colour), sphere


def test_sphere_ids_follow_the_sphere_order() -> None:
    assert BUILTIN_SPHERE_IDS == (
        "personal", "business", "government", "studio", "community",
        "social", "entertainment", "team", "scholar",
    )


def test_xr_templates_by_sphere() -> None:
    templates = {s.id: s.xr_template for s in BUILTIN_SPHERES}
    assert templates == {
        "personal": "personal_room",
        "business": "business_room",
        "community": "cause_room",
        "scholar": "lab_room",
        "government": "personal_room",
        "studio": "personal_room",
        "social": "personal_room",
        "entertainment": "personal_room",
        "team": "personal_room",
    }


def test_every_sphere_page_has_the_six_bureau_sections_in_order() -> None:
    assert BUREAU_SECTIONS == (
        "quick_capture", "resume_workspace", "threads",
        "data_files", "active_agents", "meetings",
    )
