"""The live-sync tests use the background-sync tests' real server (one per
module, on SQLite) and their fresh account per test."""

from tests.sync_background.test_background import email, hosted, server  # noqa: F401 - fixtures
