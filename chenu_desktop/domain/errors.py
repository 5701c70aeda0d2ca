"""Errors the domain raises; each carries a message fit to show a person."""


class DomainError(Exception):
    """A rule of the domain refused an operation; `str(error)` explains why."""


class ValidationError(DomainError):
    """Input does not satisfy the canon (blank title, unknown status, …)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(DomainError):
    """The object asked for does not exist (or was deleted beyond restore)."""
