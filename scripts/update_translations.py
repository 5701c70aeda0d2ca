"""Keep the Qt Linguist sources (`resources/i18n/chenu_<code>.ts`) in step with the code.

Finds every `tr("literal")`, `tr("literal", n=…)` and `translatable("literal")`
in `chenu_desktop/ui/`, `plugins/` and `chenu_desktop/domain/event_text.py` (with `ast`: only literal strings can be
looked up, so a non-literal first argument is reported), then rewrites each
`.ts` keeping the translations it had: a new string is added "unfinished", a
string the code no longer uses is kept "obsolete" (so its translation comes
back if the string does). English holds only the plural strings, as Qt's own
`lupdate -pluralonly` would: the other strings are shown as written.

    python scripts/update_translations.py           # update the .ts files
    python scripts/update_translations.py --check   # exit 1, listing what is missing or unfinished

The `.qm` files Qt reads are built from these by `scripts/build_translations.py`.
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = (REPO / "chenu_desktop" / "ui", REPO / "plugins", REPO / "chenu_desktop" / "domain" / "event_text.py")
TRANSLATIONS = REPO / "resources" / "i18n"
CONTEXT = "chenu"
LANGUAGES = {"fr": "fr_FR", "en": "en_GB"}
PLURAL_FORMS = {"fr": 2, "en": 2}
MARKERS = {"tr", "translatable"}


@dataclass
class Message:
    source: str
    numerus: bool
    locations: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Translation:
    forms: list[str]
    finished: bool


# ------------------------------------------------------------ extraction


def extract(roots: tuple[Path, ...] = SOURCES) -> tuple[dict[str, Message], list[str]]:
    """The translatable strings, in order of first appearance, and the calls that are not literal."""
    messages: dict[str, Message] = {}
    problems: list[str] = []
    for root in roots:
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            calls = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Call)), key=lambda node: (node.lineno, node.col_offset))
            for node in calls:
                if _called_name(node) not in MARKERS or not node.args:
                    continue
                first = node.args[0]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    if _called_name(node) == "translatable":
                        problems.append(f"{relative}:{node.lineno}: translatable() needs a literal string")
                    continue  # tr(variable): the variable's literal is marked where it is made
                numerus = any(keyword.arg == "n" for keyword in node.keywords) or len(node.args) > 1
                message = messages.setdefault(first.value, Message(first.value, numerus))
                message.numerus = message.numerus or numerus
                message.locations.append((relative, node.lineno))
    return messages, problems


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == "i18n":
        return node.func.attr
    return None


# ------------------------------------------------------------ .ts files


def read_ts(path: Path) -> dict[str, Translation]:
    if not path.exists():
        return {}
    found: dict[str, Translation] = {}
    for message in ElementTree.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        forms = [form.text or "" for form in translation.findall("numerusform")] or [translation.text or ""]
        kind = translation.get("type")
        if kind in ("obsolete", "vanished") and not any(forms):
            continue
        found[source] = Translation(forms, finished=kind not in ("unfinished",) and all(forms))
    return found


def write_ts(path: Path, code: str, messages: list[Message], existing: dict[str, Translation]) -> None:
    root = ElementTree.Element("TS", version="2.1", language=LANGUAGES[code], sourcelanguage="en")
    context = ElementTree.SubElement(root, "context")
    ElementTree.SubElement(context, "name").text = CONTEXT
    used = {message.source for message in messages}
    for message in messages:
        _add_message(context, message, existing.get(message.source), code, obsolete=False)
    for source, old in existing.items():
        if source not in used:
            _add_message(context, Message(source, len(old.forms) > 1 or "%n" in source), old, code, obsolete=True)
    ElementTree.indent(root, space="    ")
    body = ElementTree.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def _add_message(context: ElementTree.Element, message: Message, old: Translation | None, code: str, obsolete: bool) -> None:
    element = ElementTree.SubElement(context, "message", numerus="yes") if message.numerus else ElementTree.SubElement(context, "message")
    for filename in dict.fromkeys(filename for filename, _line in message.locations):  # no line numbers: edits elsewhere leave the file alone
        ElementTree.SubElement(element, "location", filename=f"../../{filename}")
    ElementTree.SubElement(element, "source").text = message.source
    translation = ElementTree.SubElement(element, "translation")
    if obsolete:
        translation.set("type", "obsolete")
    elif old is None or not old.finished:
        translation.set("type", "unfinished")
    if message.numerus:
        forms = list(old.forms) if old is not None else []
        forms = (forms + [""] * PLURAL_FORMS[code])[: PLURAL_FORMS[code]]
        for form in forms:
            ElementTree.SubElement(translation, "numerusform").text = form
    elif old is not None:
        translation.text = old.forms[0]


def wanted(code: str, messages: dict[str, Message]) -> list[Message]:
    """The messages `code`'s file holds: all of them, or only the plurals for English."""
    return [message for message in messages.values() if code != "en" or message.numerus]


def missing(code: str, messages: dict[str, Message]) -> list[str]:
    existing = read_ts(TRANSLATIONS / f"chenu_{code}.ts")
    return [
        message.source
        for message in wanted(code, messages)
        if message.source not in existing or not existing[message.source].finished
        or (message.numerus and len(existing[message.source].forms) < PLURAL_FORMS[code])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a translation is missing or unfinished")
    args = parser.parse_args(argv)
    messages, problems = extract()
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.check:
        failed = bool(problems)
        for code in LANGUAGES:
            gaps = missing(code, messages)
            if gaps:
                failed = True
                print(f"chenu_{code}.ts: {len(gaps)} missing or unfinished:", file=sys.stderr)
                for source in gaps:
                    print(f"    {source!r}", file=sys.stderr)
        return 1 if failed else 0
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        path = TRANSLATIONS / f"chenu_{code}.ts"
        write_ts(path, code, wanted(code, messages), read_ts(path))
        print(f"{path.relative_to(REPO)}: {len(missing(code, messages))} to translate")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
