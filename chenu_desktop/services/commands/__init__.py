"""Every state-changing use case as a command (see base.py)."""

from . import agents, decisions, memory, threads  # noqa: F401  (registers the commands)
from .base import COMMANDS, Command, command, command_from_json

__all__ = ["COMMANDS", "Command", "command", "command_from_json"]
