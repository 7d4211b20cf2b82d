"""Post dates on saved forum pages: machine values, shown text, the board's stated zone, the page's save date.

A page shows a date three ways: a machine value in an attribute (Unix time, or ISO 8601 with or without an
offset), a text in the board's zone when the footer states one ("All times are GMT -5"), or a text in a zone
nobody states. Only the first two say when a post was written; the third is kept as local time with its zone
marked unknown, never passed off as UTC. A relative date ("Today, 03:03 PM", "5 minutes ago") is resolved
against the page's own save date when the saving tool recorded one, else kept as text and flagged.

dateutil reads a shown date in English or in numbers alone ("Sun May 26, 2019 4:34 pm", "21.01.2009, 05:42");
dateparser reads one in the engines' other common language packs, Italian, French, German, Spanish, Portuguese
and Dutch ("Mar 12 Mag, 2009 - 16:13", "Jeu 21 janv. 2009"), and is imported only when a page shows one. This
module resolves relative dates itself, against the save date that neither library knows of, and converts Solar
Hijri years ("1394/11/27", on Persian boards) with the arithmetic calendar: dateparser's Jalali calendar would
need convertdate and the astronomy library pymeeus. The footer's zone statement is page text, read by a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from dateutil import parser as dateutil_parser

if TYPE_CHECKING:
    from dateparser import DateDataParser

_ZONE = re.compile(
    r"(?:All times are|Alle Zeitangaben in|Alle Zeiten sind|Heures au format|Toutes les heures sont|"
    r"Tutti gli orari(?: indicati)? sono|Todas las horas son|Todos los horarios son|Alle tijden zijn)\s+"
    r"(?:UTC|GMT|WEZ)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?:[:.](?P<minutes>\d{2}))?)?"
    r"(?:\s*(?:hours?|Stunden?|heures?|or[ae]|horas?|uur))?"
    r"(?P<dst>\s*\[\s*(?:DST|Sommerzeit|Heure d.été|ora legale|horario de verano|zomertijd)\s*\])?",
    re.I,
)
"""The footer's statement of the board's zone (English, German, French, Italian, Spanish and Dutch packs of
phpBB and vBulletin)."""
_SAVED = (
    re.compile(r"saved date:\s*(?P<date>[^\n>]+?)\s*(?:\(|-->|\n)", re.I),  # SingleFile's comment
    re.compile(r"<meta\s+name=\"savepage-date\"\s+content=\"(?P<date>[^\"]+)\"", re.I),  # Save Page WE
    re.compile(r"<!--\s*Mirrored from \S+ by HTTrack[^\]]*\],\s*(?P<date>[^>]+?GMT)\s*-->", re.I),  # HTTrack
    re.compile(r"__wm\.wombat\(\"[^\"]*\",\s*\"(?P<date>\d{14})\""),  # the Wayback Machine's capture time, UTC
)
_SERVER_NOW = re.compile(r"(?:serverTimeInfo\s*:\s*\{|\btime\b\W{0,3}:\s*\{)\s*\"?now\"?\s*:\s*(\d{9,11})\b")
"""XenForo's server time in its page script (1.x ``serverTimeInfo: {now: ...}``, 2.x ``time: {now: ...}``)."""
_GENERATED = re.compile(
    r"(?:It is currently|Aktuelle Zeit:|Current time:|Heutiges Datum:)\s*"
    r"(?P<date>[^\n]{6,40}?\d{1,2}:\d{2}(?:\s*[ap]m)?)",
    re.I,
)
"""The page's generation time as phpBB ("It is currently DATE", "Aktuelle Zeit: DATE") and MyBB print it."""
_YESTERDAY = frozenset("yesterday gestern hier ayer ieri gisteren igår i går wczoraj".split())
_RELATIVE_DAY = re.compile(
    r"^\s*(?P<day>today|yesterday|heute|gestern|aujourd'hui|hier|hoy|ayer|oggi|ieri|vandaag|gisteren|idag|igår|"
    r"dzisiaj|wczoraj)\b[\s,]*(?:at\s+|um\s+|à\s+|a las\s+|alle\s+|om\s+|o\s+)?(?P<time>.*)$",
    re.I,
)
"""A day named relative to the page's date, in the engines' common language packs."""
_AGO = re.compile(
    r"^\s*(?P<n>\d+|an?|one)\s+(?P<unit>second|minute|hour|day|week)s?\s+ago\s*$|^\s*(?:a moment|just now)",
    re.I,
)
_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
"""A day.month.year date ("05.03.2011"), written day first wherever it is used."""
_WORD = re.compile(r"[^\W\d_]+")
_DATEUTIL_WORDS = dateutil_parser.parserinfo()
"""The words dateutil knows: English month and weekday names, "am" and "pm", "at", "of", "UTC" and the like."""
_LANGUAGES = ("it", "fr", "de", "es", "pt", "nl")
"""The engines' common language packs besides English, whose month and weekday names dateparser reads: Italian,
French, German, Spanish, Portuguese, Dutch."""
_SOLAR_HIJRI_YEARS = (1300, 1500)
"""Years a post date cannot have in the Gregorian calendar and has in the Solar Hijri one (1921 to 2121)."""
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_ISO_UTC = "%Y-%m-%dT%H:%M:%S+00:00"
_ISO_LOCAL = "%Y-%m-%dT%H:%M:%S"
_ISO_DAY = "%Y-%m-%d"


@dataclass(frozen=True, slots=True)
class PostDate:
    """When a post was written, as far as the page says.

    ``created`` is ISO 8601: in UTC (``+00:00``) when the zone is known, else the board's local time with no
    offset (``zone_known`` False); a page that shows only the day gives the board's day (``2008-09-03``).
    ``relative`` flags a relative date the page's save date could not resolve.
    """

    created: str | None = None
    text: str | None = None
    zone_known: bool = False
    relative: bool = False

    def attrs(self) -> dict[str, object]:
        """What a post's attrs record of its date beyond ``created``: the shown text and the flags."""
        out: dict[str, object] = {}
        if self.text:
            out["date_text"] = self.text
        if self.created and not self.zone_known:
            out["date_zone"] = "unknown"
        if self.relative:
            out["date_relative"] = True
        return out


def board_zone(page_text: str, named: str | None = None) -> tzinfo | None:
    """The zone a board's footer says its times are in ("All times are UTC - 5 hours [ DST ]"), if it says.

    phpBB 3.1+ also names the zone ("Europe/Berlin", or its translation "Europa/Berlin") in a ``title``: its
    offset then follows summer time date by date, where the footer's offset is only today's.
    """
    m = _ZONE.search(page_text)
    if m is None:
        return None
    if named and (zone := _named_zone(named)) is not None:
        return zone
    minutes = int(m["hours"] or 0) * 60 + int(m["minutes"] or 0)
    minutes = -minutes if m["sign"] == "-" else minutes
    minutes += 60 if m["dst"] else 0
    return timezone(timedelta(minutes=minutes))


def _named_zone(name: str) -> tzinfo | None:
    """The IANA zone ``name`` names, by its city when the region is translated ("Europa/Berlin")."""
    name = re.sub(r"\s*\(.*\)\s*$", "", name).strip().replace(" ", "_")  # "America/New York (UTC-5)"
    city = name.rsplit("/", 1)[-1].lower()
    key = (
        name if name in _zones() else next((z for z in sorted(_zones()) if z.rsplit("/", 1)[-1].lower() == city), None)
    )
    return ZoneInfo(key) if key and "/" in name else None


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def saved_at(markup: str, page_text: str = "", zone: tzinfo | None = None) -> datetime | None:
    """When the page was saved: where the saving tool wrote it into the page (SingleFile, Save Page WE, HTTrack,
    the Wayback Machine's capture time), else when the board generated it, which is when it was fetched:
    XenForo's server time (Unix), phpBB's "It is currently DATE" and MyBB's "Current time: DATE" (in the board's
    ``zone``; local time when it states none)."""
    for pattern in _SAVED:
        if m := pattern.search(markup[:20000]):
            try:
                if m["date"].isdigit():  # a Wayback Machine timestamp, YYYYMMDDhhmmss in UTC
                    found = datetime.strptime(m["date"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
                else:  # a browser's "... GMT+0100 (Central European Standard Time)": its zone's name is left out
                    found = _parse(re.sub(r"\b(?:GMT|UTC)(?=[+-])|\s*\(.*", "", m["date"]))
            except (ValueError, OverflowError):
                continue
            if found is not None and found.tzinfo:
                return found
    if m := _SERVER_NOW.search(markup):
        return datetime.fromtimestamp(int(m[1]), UTC)
    if m := _GENERATED.search(page_text):
        found = _parse(m["date"])
        if found is None:
            return None
        return found.replace(tzinfo=zone) if zone is not None and found.tzinfo is None else found
    return None


def from_machine(value: str | None, text: str | None = None) -> PostDate | None:
    """A date from an attribute: Unix seconds or milliseconds, or ISO 8601 (in UTC when it has an offset)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if value.isdigit():
            stamp = int(value) / (1000 if len(value) > 11 else 1)
            return PostDate(datetime.fromtimestamp(stamp, UTC).strftime(_ISO_UTC), text, zone_known=True)
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    if found.tzinfo is None:
        return PostDate(found.strftime(_ISO_LOCAL), text)
    return PostDate(found.astimezone(UTC).strftime(_ISO_UTC), text, zone_known=True)


def from_text(text: str | None, zone: tzinfo | None = None, saved: datetime | None = None) -> PostDate | None:
    """A date from what the page shows, in the board's ``zone`` when known; relative dates against ``saved``."""
    text = " ".join((text or "").split()).strip(" ,»|-")
    if not text:
        return None
    when = _relative(text, zone, saved)
    if when is None and (_RELATIVE_DAY.match(text) or _AGO.match(text)):
        return PostDate(None, text, relative=True)
    if when is None:
        when, clock = _read(text)
        if when is None:
            return PostDate(None, text)
        if when.tzinfo is None and not clock:
            return PostDate(when.strftime(_ISO_DAY), text)  # the board's day: no instant to put in UTC
        if when.tzinfo is None and zone is not None:
            when = when.replace(tzinfo=zone)
    if when.tzinfo is None:
        return PostDate(when.strftime(_ISO_LOCAL), text)
    return PostDate(when.astimezone(UTC).strftime(_ISO_UTC), text, zone_known=True)


def _parse(text: str) -> datetime | None:
    """A date and time read from ``text``, or None when it names no day."""
    return _read(text)[0]


def _read(text: str) -> tuple[datetime | None, bool]:
    """A date and time read from ``text`` (None when it names no day), and whether the text gives a time of day.

    dateutil reads it first. dateparser reads it in the engines' other languages when dateutil finds no day there
    or passes over a word it does not know, and its reading stands where it finds one: "Mar 12 Mag, 2009" is
    Tuesday 12 May, where dateutil reads 12 March; "Posted: Sun May 26, 2019" is still dateutil's. A year a post
    cannot have in the Gregorian calendar is a Solar Hijri one."""
    dayfirst = bool(_DOTTED.search(text))
    when, clock = _read_english(text, dayfirst)
    if (when is None or not _in_english(text)) and (found := _read_other_language(text, dayfirst)) is not None:
        when, clock = found
    if when is not None and _SOLAR_HIJRI_YEARS[0] <= when.year < _SOLAR_HIJRI_YEARS[1]:
        return _from_solar_hijri(when), clock
    return when, clock


def _in_english(text: str) -> bool:
    """Whether dateutil knows every word of ``text``: it would take a word of another language for one it knows
    (Italian "Mar 12 Mag", Tuesday 12 May, for 12 March) or pass over it ("2 août 2012")."""
    info = _DATEUTIL_WORDS
    return all(
        info.jump(word)
        or info.pertain(word)
        or info.utczone(word)
        or any(known(word) is not None for known in (info.month, info.weekday, info.ampm, info.hms))
        for word in _WORD.findall(text)
    )


def _read_english(text: str, dayfirst: bool) -> tuple[datetime | None, bool]:
    """dateutil's reading of ``text``. It fills what the text leaves out from a default, so the text is read against
    two defaults a day and an hour apart: a stated day comes out the same from both, and so does a stated hour
    ("September 3rd, 2008", as Ubuntu Forums' vBulletin 3 theme shows a post's date, gives the day alone)."""
    try:
        first = dateutil_parser.parse(text, fuzzy=True, dayfirst=dayfirst, default=datetime(2000, 1, 1, 0))
        second = dateutil_parser.parse(text, fuzzy=True, dayfirst=dayfirst, default=datetime(2001, 2, 2, 1))
    except (ValueError, OverflowError):
        return None, False
    clock = first.hour == second.hour
    return (first if first.date() == second.date() else None), clock


def _read_other_language(text: str, dayfirst: bool) -> tuple[datetime, bool] | None:
    """dateparser's reading of ``text`` in the engines' other language packs ("13 Giu, 2002 - 16:13", "Jeu 21 janv.
    2009"), with whether it gives a time of day; None when it finds no day, month and year there."""
    found = _other_languages(dayfirst).get_date_data(text)
    if found.date_obj is None:
        return None
    return found.date_obj, "time" in found.parts


@cache
def _other_languages(dayfirst: bool) -> DateDataParser:
    """dateparser's reader for the languages of :data:`_LANGUAGES`, imported only when a page needs it (the import
    and its language data take a while). It reads absolute dates only: a relative one is resolved against the
    page's save date (:func:`_relative`), never against the reader's clock; a day, month and year must all be
    stated, none filled in from today; a stated offset is kept, and a date without one stays local time."""
    from dateparser import DateDataParser

    settings: dict[str, object] = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    if dayfirst:
        settings["DATE_ORDER"] = "DMY"
    return DateDataParser(languages=list(_LANGUAGES), settings=settings)


def _from_solar_hijri(when: datetime) -> datetime:
    """A Solar Hijri date ("1394/11/27", as Persian boards show dates) in the Gregorian calendar (2016-02-16).

    The arithmetic Persian calendar: each year starts at the March equinox; a 33-year cycle has 8 leap years.
    """
    year, month, day = when.year + 1595, when.month, when.day
    days = -355668 + 365 * year + (year // 33) * 8 + ((year % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    return datetime.combine(date.fromordinal(days - 365), when.timetz())  # the count is the day's ordinal plus 365


def _relative(text: str, zone: tzinfo | None, saved: datetime | None) -> datetime | None:
    """A relative date resolved against the save date: in the board's zone when known, else as local time."""
    if saved is None:
        return None
    if m := _AGO.match(text):
        n = 0 if not m["n"] else 1 if not m["n"].isdigit() else int(m["n"])
        return saved - timedelta(seconds=n * _UNITS[(m["unit"] or "second").lower()])
    if m := _RELATIVE_DAY.match(text):
        local = saved.astimezone(zone) if zone is not None and saved.tzinfo is not None else saved
        day = local.date() - timedelta(days=1 if m["day"].lower() in _YESTERDAY else 0)
        try:
            clock = dateutil_parser.parse(m["time"] or "00:00", default=datetime(day.year, day.month, day.day))
        except (ValueError, OverflowError):
            return None
        when = datetime.combine(day, clock.time())
        return when.replace(tzinfo=zone) if zone is not None else when  # local time, its zone unknown
    return None
