"""How wide text is on a terminal, and cutting it to fit.

A CJK character or an emoji takes two columns, a combining accent or a
zero-width joiner none: `len()` would misalign every column after them.
(The rules of `wcwidth`, for the characters a title holds, without the dependency.)
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
EMOJI_PRESENTATION = "\ufe0f"
"""After a narrow symbol (☀ ✔ ❤), asks for its two-column emoji form."""
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufe0e", EMOJI_PRESENTATION}


def char_width(char: str) -> int:
    if char in ZERO_WIDTH or unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    width = 0
    previous = ""
    for char in text:
        if char == EMOJI_PRESENTATION and previous and char_width(previous) == 1:
            width += 1  # the symbol before it is drawn two columns wide
        else:
            width += char_width(char)
        previous = char
    return width


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns (str.ljust counts characters, not columns)."""
    return text + " " * max(0, width - display_width(text))


def clip(text: str, width: int) -> str:
    """`text` cut to `width` columns with an ellipsis: after the last whole
    word that fits, or mid-word when that would keep less than half the room."""
    if display_width(text) <= width:
        return text
    room = max(0, width - 1)
    kept = _prefix_within(text, room)
    words = kept.rsplit(" ", 1)[0] if " " in kept and not text[len(kept)].isspace() else kept
    if display_width(words.rstrip()) >= room // 2:
        kept = words
    return kept.rstrip(" ,;:-") + ELLIPSIS


def _prefix_within(text: str, room: int) -> str:
    """The longest start of `text` at most `room` columns wide."""
    used = 0
    for index, char in enumerate(text):
        step = display_width(text[index : index + 2]) - display_width(text[index + 1 : index + 2])
        if used + step > room:
            return text[:index]
        used += step
    return text
