"""Audit log canon: how much of the log one listing shows."""

LIST_LIMIT_DEFAULT = 200
LIST_LIMIT_MAX = 10_000
