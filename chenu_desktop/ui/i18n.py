"""French and English for the window: `tr()`, the translators, local dates and numbers.

Every visible string is written in English as `tr("literal")` (or
`tr("%n decision(s)", n=count)` for plurals) and looked up in Qt's
translation system under the context "chenu". The sources are Qt Linguist
files, `resources/i18n/chenu_<code>.ts`, which `scripts/update_translations.py`
keeps in step with the code; the `.qm` files Qt reads are compiled from them
by `scripts/build_translations.py` (at install or build). An editable
checkout whose `.qm` is missing or older than its `.ts` gets one compiled
into the user's cache on first use; if that cannot be done either, the
window shows English (the source text) and says so in the log.

English has a translator of its own: it holds only the plural forms
("%n decision(s)" → "1 decision" / "3 decisions").
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

CONTEXT = "chenu"
LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "i18n"

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def tr(text: str, n: int | None = None) -> str:
    """`text` in the window's language; with `n`, the plural form for `n` (`%n` is replaced)."""
    return QCoreApplication.translate(CONTEXT, text, None, -1 if n is None else n)


def translatable(text: str) -> str:
    """Mark a literal for extraction without translating it yet: for constants
    made at import time, translated with `tr(constant)` where they are shown."""
    return text


def current_language() -> str:
    return _current


def system_language() -> str:
    """French when the system speaks French, else English."""
    return "fr" if QLocale.system().name().lower().startswith("fr") else DEFAULT_LANGUAGE


def resolve(code: str | None) -> str:
    """A language this window ships, from a preference ("system", "fr", "en", or anything else)."""
    return code if code is not None and code in LANGUAGES else system_language()


def install(app: QCoreApplication, code: str) -> str:
    """Make `code` the language of `app`'s new strings; returns the language in effect.

    Replaces the translators installed before. Costs one small file read (plus
    Qt's own translations for standard buttons, when not English). A language
    whose translations cannot be loaded falls back to English."""
    global _current
    code = resolve(code)
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    ours = QTranslator(app)
    compiled = compiled_file(code)
    if compiled is not None and ours.load(str(compiled)):
        app.installTranslator(ours)
        _installed.append(ours)
    elif code != DEFAULT_LANGUAGE:
        log.warning("no translations for %r could be loaded: the window shows English", code)
        return install(app, DEFAULT_LANGUAGE)
    else:
        log.warning("the English plural forms could not be loaded: plurals read as written, e.g. “3 decision(s)”")
    if code != DEFAULT_LANGUAGE:
        qt_own = QTranslator(app)
        if qt_own.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    _current = code
    QLocale.setDefault(QLocale(code))
    return code


# ------------------------------------------------------------ compiled files


def source_file(code: str) -> Path:
    return TRANSLATIONS / f"chenu_{code}.ts"


def built_file(code: str) -> Path:
    """Where the build step puts the compiled file: next to its source."""
    return TRANSLATIONS / f"chenu_{code}.qm"


def compiled_file(code: str) -> Path | None:
    """A `.qm` for `code` no older than its `.ts`: the built one, else one compiled into the cache."""
    source, built = source_file(code), built_file(code)
    if not source.exists():
        return built if built.exists() else None
    if built.exists() and built.stat().st_mtime >= source.stat().st_mtime:
        return built
    cached = _cache_dir() / f"chenu_{code}-{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}.qm"
    if cached.exists():
        return cached
    partial = cached.with_suffix(f".{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        compile_ts(source, partial)
        os.replace(partial, cached)  # whole or not at all, even with two windows starting at once
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("could not compile %s: %s", source.name, error)
        return None
    for older in cached.parent.glob(f"chenu_{code}-*.qm"):
        if older != cached:
            older.unlink(missing_ok=True)
    return cached


def compile_ts(source: Path, target: Path) -> None:
    """`lrelease` (shipped in PySide6) from `source` to `target`; raises when it fails."""
    completed = subprocess.run(
        [str(lrelease()), "-silent", str(source), "-qm", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if completed.returncode != 0 or not target.exists():
        raise subprocess.SubprocessError(completed.stderr.strip() or f"lrelease exited with {completed.returncode}")


def lrelease() -> Path:
    import PySide6

    folder = Path(PySide6.__file__).parent
    for candidate in (folder / "lrelease", folder / "lrelease.exe", folder / "Qt" / "libexec" / "lrelease"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("lrelease is not in this PySide6 installation")


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("chenu", appauthor=False)) / "i18n"


# ------------------------------------------------------------ dates and numbers


def locale() -> QLocale:
    return QLocale(_current)


def format_number(value: int | float) -> str:
    """1,234 in English, 1 234 in French."""
    return locale().toString(value)


def format_date(moment: date | datetime | None, long: bool = False) -> str:
    """A day in the window's language: "6 Dec 2026" / "6 déc. 2026" (local time for a moment)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = moment.astimezone().date() if moment.tzinfo else moment.date()
    pattern = "d MMMM yyyy" if long else "d MMM yyyy"
    return locale().toString(QDate(moment.year, moment.month, moment.day), pattern)


def format_day_month(moment: date) -> str:
    """"6 Dec" / "6 déc."."""
    return locale().toString(QDate(moment.year, moment.month, moment.day), "d MMM")


def format_datetime(moment: datetime | None) -> str:
    """A moment in local time: "6 Dec 2026 14:05" / "6 déc. 2026 14:05"."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo else moment
    return locale().toString(QDateTime(local.replace(tzinfo=None)), "d MMM yyyy HH:mm")


def relative_time(seconds: float) -> str:
    """A calm relative time for a past moment `seconds` ago: "just now", "5 min ago", "3 h ago", "12 days ago"."""
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return tr("just now")
    if seconds < 3600:
        return tr("%n min ago", n=seconds // 60)
    if seconds < 86400:
        return tr("%n h ago", n=seconds // 3600)
    return tr("%n day(s) ago", n=seconds // 86400)


def name_of(item: object) -> str:
    """A sphere's or an agent's name in the window's language: they carry their
    own French (`name_fr`), so a plugin's spheres are named without our files."""
    english = str(getattr(item, "name", ""))
    if _current == "fr":
        return str(getattr(item, "name_fr", "") or english)
    return english


TERMS = {
    "active": translatable("active"),
    "paused": translatable("paused"),
    "completed": translatable("completed"),
    "archived": translatable("archived"),
    "dismissed": translatable("dismissed"),
    "pending": translatable("pending"),
    "approved": translatable("approved"),
    "rejected": translatable("rejected"),
    "deferred": translatable("deferred"),
    "expired": translatable("expired"),
    "low": translatable("low"),
    "medium": translatable("medium"),
    "high": translatable("high"),
    "critical": translatable("critical"),
    "owner": translatable("owner"),
    "member": translatable("member"),
    "viewer": translatable("viewer"),
    "fact": translatable("fact"),
    "preference": translatable("preference"),
    "context": translatable("context"),
    "reference": translatable("reference"),
    "note": translatable("note"),
    "hot": translatable("hot"),
    "warm": translatable("warm"),
    "cold": translatable("cold"),
    "user": translatable("user"),
    "nova": translatable("nova"),
    "agent": translatable("agent"),
    "imported": translatable("imported"),
    "storage": translatable("storage"),
    "seed": translatable("seed"),
    "sprouting": translatable("sprouting"),
    "growing": translatable("growing"),
    "mature": translatable("mature"),
    "ripe": translatable("ripe"),
    "green": translatable("green"),
    "yellow": translatable("yellow"),
    "red": translatable("red"),
    "blink": translatable("blink"),
    "archive": translatable("archive"),
    "restored": translatable("restored"),
    "person": translatable("person"),
    "system": translatable("system"),
    "sphere director": translatable("sphere director"),
    "specialist": translatable("specialist"),
    "task worker": translatable("task worker"),
}
"""The domain's words shown as they are stored (statuses, priorities, maturity,
aging levels, roles, memory kinds), by their lower-case value."""


def term(value: object) -> str:
    """A stored word (an enum's value) in the window's language; an unknown word as it is."""
    word = str(getattr(value, "value", value))
    key = word.lower()
    return tr(TERMS[key]) if key in TERMS else word


def format_weekday(moment: date) -> str:
    """"Mon" / "lun."."""
    return locale().dayName(moment.isoweekday(), QLocale.FormatType.ShortFormat)
