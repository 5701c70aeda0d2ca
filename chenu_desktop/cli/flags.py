"""Refusals in the words the person typed: `--intent`, not `founding_intent`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chenu_desktop.domain.errors import ValidationError


@contextmanager
def named_as_typed(**flags: str) -> Iterator[None]:
    """A ValidationError about a field given by a flag names the flag:
    `named_as_typed(founding_intent="--intent")` turns "founding_intent: must
    not be blank" into "--intent: must not be blank"."""
    try:
        yield
    except ValidationError as error:
        if error.field not in flags:
            raise
        raise ValidationError(flags[error.field], error.message) from None
