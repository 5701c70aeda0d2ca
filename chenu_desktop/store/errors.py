"""Errors opening a store; light to import so every command can catch them."""


class StoreTooNewError(RuntimeError):
    """The file was written by a newer CHE·NU; this version must not touch it."""


class MigrationError(RuntimeError):
    """A migration failed; the original file is untouched."""
