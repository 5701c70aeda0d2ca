"""The commands a guide (README.md, docs/admin.md) shows, read from its fenced
code blocks, so a test can run exactly what the guide says and fail when the
guide drifts from what the test runs."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
FENCE = re.compile(r"^\s*```")
COMMENT = re.compile(r"(^|\s+)#(\s.*)?$")
"""A shell comment (`# …`, alone or after a command); a `#` inside a word (`%23`) is not one."""
OPTION = re.compile(r"^--?[A-Za-z]")
INLINE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Guide:
    """One Markdown document of the repository."""

    path: Path

    @classmethod
    def named(cls, relative: str) -> Guide:
        return cls(REPO / relative)

    def section(self, heading: str) -> list[str]:
        """The lines of the fenced code blocks under `heading` (and its
        subsections), comments and blank lines left out."""
        code, _ = self._parts(heading)
        return [command for command in (COMMENT.sub("", line).strip() for line in code) if command]

    def inline(self, heading: str, start: str) -> str:
        """The one `code span` of the section's prose that starts with `start`
        (a step of a numbered list, say)."""
        _, prose = self._parts(heading)
        spans = [span for span in INLINE.findall(" ".join(prose)) if span.startswith(start)]
        assert len(spans) == 1, f"{self.path.name}, “{heading}”: expected one `{start}…` in the text, found {spans}"
        return spans[0]

    def _parts(self, heading: str) -> tuple[list[str], list[str]]:
        """The section's lines inside fenced code blocks, and those outside."""
        level: int | None = None
        in_code = False
        code: list[str] = []
        prose: list[str] = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line):
                in_code = not in_code
                continue
            heading_match = None if in_code else HEADING.match(line)
            if heading_match:
                depth, title = len(heading_match.group(1)), heading_match.group(2)
                if level is not None and depth <= level:
                    break
                if level is None and title == heading:
                    level = depth
                continue
            if level is not None:
                (code if in_code else prose).append(line.strip())
        assert level is not None, f"{self.path.name} has no section “{heading}”"
        return code, prose

    def line(self, heading: str, start: str) -> str:
        """The one command of the section that starts with `start`, as written."""
        matches = [line for line in self.section(heading) if line.startswith(start)]
        assert len(matches) == 1, f"{self.path.name}, “{heading}”: expected one line starting {start!r}, found {matches}"
        return matches[0]

    def assert_shows(self, heading: str, argv: list[str]) -> None:
        """Some synopsis line of the section (`chenu threads edit ID [--title T]`)
        is the command `argv` runs: the same command words, and every option
        the test passes is one the line names."""
        words = [word for word in argv if not OPTION.match(word)]
        options = {word.split("=", 1)[0] for word in argv if OPTION.match(word)}
        for line in self.section(heading):
            tokens = [token.strip("[]") for token in shlex.split(line.replace("|", " "), posix=False)]
            command_words = []
            for token in tokens:
                if OPTION.match(token) or not re.fullmatch(r"[a-z][a-z-]*", token):
                    break
                command_words.append(token)
            named = {token.split("=", 1)[0] for token in tokens if OPTION.match(token)}
            if len(command_words) > 1 and words[: len(command_words)] == command_words and options <= named:
                return
        raise AssertionError(f"{self.path.name}, “{heading}”, shows no `{' '.join(argv)}`")
