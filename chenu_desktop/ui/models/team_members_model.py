"""A workspace's members, as the server lists them: name, email, role, joined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from ..i18n import format_date, tr, translatable
from ..teams import role_name
from .row_table_model import RowTableModel

NAME, EMAIL, ROLE, JOINED = range(4)
HEADERS = (translatable("Name"), translatable("Email"), translatable("Role"), translatable("Joined"))


@dataclass(frozen=True)
class Member:
    user_id: str
    email: str
    display_name: str | None
    role: str
    joined_at: datetime | None

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> Member:
        joined = item.get("joined_at")
        return cls(
            user_id=str(item["user_id"]),
            email=str(item.get("email") or ""),
            display_name=item.get("display_name"),
            role=str(item.get("role") or ""),
            joined_at=datetime.fromisoformat(joined) if isinstance(joined, str) else None,
        )


class TeamMembersModel(RowTableModel):
    HEADERS = HEADERS

    def set_members(self, members: Sequence[Member]) -> None:
        self._replace_rows(members)

    def member(self, row: int) -> Member:
        return self.row_at(row)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        header = super().headerData(section, orientation, role)
        return tr(header) if isinstance(header, str) else header

    def cell(self, row: Member, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == NAME:
            return row.display_name or row.email
        if column == EMAIL:
            return row.email
        if column == ROLE:
            return role_name(row.role)
        return format_date(row.joined_at)
