"""SQLAlchemy models of every entity of DOMAIN.md, plus sync bookkeeping."""

from .agent import AgentCatalogueEntry, AgentHire
from .base import Base, SyncedRow, AppendOnlyRow, UtcTimestamp
from .decision import Decision
from .governance import AuditEntry, Checkpoint
from .capture import QuickCapture
from .conflict_resolution import ConflictResolution
from .memory import MemoryItem
from .xr import XrEnvironment
from .sync import Conflict, OutboxEntry, ParkedChange, RejectedChange, SyncMeta
from .thread import Thread, ThreadEvent
from .tokens import TokenSpend
from .workspace import Workspace

__all__ = [
    "AgentCatalogueEntry",
    "AgentHire",
    "AppendOnlyRow",
    "AuditEntry",
    "Base",
    "Checkpoint",
    "Conflict",
    "ConflictResolution",
    "Decision",
    "MemoryItem",
    "OutboxEntry",
    "ParkedChange",
    "RejectedChange",
    "QuickCapture",
    "SyncMeta",
    "SyncedRow",
    "Thread",
    "ThreadEvent",
    "TokenSpend",
    "UtcTimestamp",
    "Workspace",
]
