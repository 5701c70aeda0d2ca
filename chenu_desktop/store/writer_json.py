"""The JSON text of outbox values, made at C speed.

A change's value travels as the JSON text `domain.changes.encode_value` makes
(compact, UTF-8 as is). `json`'s `encode` builds a new C encoder on every
call, two thirds of its cost on a small object: here one is built once, and a
batch of new rows gets its whole-row values from one template per batch,
each varying field escaped once, every shared field encoded once. The text
is the very one `encode_value` makes (tests/store/test_insert_columns.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from chenu_desktop.domain import changes

_C_ENCODER = c_make_encoder(None, None, encode_basestring, None, ":", ",", False, False, True) if c_make_encoder else None
"""`encode_value`'s encoder (no circular-reference markers: shared across threads)."""


def encode_value(value: Any) -> str:
    """What `domain.changes.encode_value` returns, without building an encoder per call."""
    if _C_ENCODER is None:
        return changes.encode_value(value)
    return "".join(_C_ENCODER(value, 0))


def json_fields(names: Sequence[str], each: Mapping[str, Sequence[Any]], same: Mapping[str, Any], count: int) -> list[str]:
    """The JSON objects of `count` rows with the fields `names` in that order,
    fields whose value is None left out (as a new row's change leaves them):
    a field in `each` has one value per row, one in `same` the same in all."""
    template: list[str] = []
    varying: list[list[str]] = []
    optional = False
    for name in names:
        key = encode_basestring(name)
        if name in same:
            if same[name] is not None:
                template.append(("," + key + ":" + encode_value(same[name])).replace("%", "%%"))
            continue
        values = each[name]
        if set(map(type, values)) == {str}:
            texts = list(map(encode_basestring, values))
        else:
            texts = [encode_value(v) if v is not None else None for v in values]  # type: ignore[misc]
        if None in texts:
            optional = True
            prefix = "," + key + ":"
            varying.append([prefix + text if text is not None else "" for text in texts])
            template.append("%s")
        else:
            varying.append(texts)
            template.append(("," + key + ":").replace("%", "%%") + "%s")
    joined = "".join(template)
    if not varying:
        return ["{" + (joined % ())[1:] + "}"] * count
    if optional:
        return ["{" + (joined % row)[1:] + "}" for row in zip(*varying)]
    whole = "{" + joined[1:] + "}"
    return [whole % row for row in zip(*varying)]
