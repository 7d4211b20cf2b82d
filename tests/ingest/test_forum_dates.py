"""Post dates on saved forum pages: zones as boards state them, machine values, relative dates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anecdata.ingest.forum_dates import board_zone, from_machine, from_text, saved_at


@pytest.mark.parametrize(
    ("footer", "hours"),
    [
        ("All times are UTC [ DST ]", 1),  # phpBB 3.0: the board's zone plus summer time
        ("All times are UTC - 5 hours [ DST ]", -4),
        ("All times are UTC + 5:30 hours", 5.5),
        ("All times are UTC-05:00", -5),  # phpBB 3.2+
        ("All times are GMT -5. The time now is 00:08.", -5),  # vBulletin 3
        ("All times are GMT. The time now is 05:23 AM.", 0),  # vBulletin 4
        ("All times are GMT - 5 Hours", -5),  # phpBB 2
        ("Alle Zeitangaben in WEZ +1. Es ist jetzt 10:10 Uhr.", 1),  # vBulletin, German
        ("Alle Zeiten sind UTC + 1 Stunde [ Sommerzeit ]", 2),  # phpBB 3.0, German
        ("Heures au format UTC ", 0),  # phpBB 3.0, French (a footer's wording, constructed)
        ("Heures au format UTC + 1 heure [ Heure d’été ]", 2),
        ("Tutti gli orari indicati sono GMT + 1 ora", 1),  # phpBB 2, Italian (constructed)
        ("Todas las horas son UTC - 3 horas", -3),  # Spanish (constructed)
    ],
)
def test_board_zone_from_the_footer(footer, hours):
    assert board_zone(footer).utcoffset(None) == timedelta(hours=hours)


def test_named_zone_follows_summer_time():
    """phpBB 3.1+ names the zone in a title, translated: its offset in January is not today's."""
    zone = board_zone("Alle Zeiten sind UTC+02:00", "Europa/Berlin")
    assert from_text("21.01.2009, 05:42", zone).created == "2009-01-21T04:42:00+00:00"
    assert from_text("21.07.2009, 05:42", zone).created == "2009-07-21T03:42:00+00:00"
    assert str(board_zone("All times are UTC-05:00", "America/New York (UTC-5)")) == "America/New_York"


def test_no_zone_stated():
    assert board_zone("Powered by XenForo") is None


def test_machine_values_are_utc():
    assert from_machine("1290336718").created == "2010-11-21T10:51:58+00:00"  # Unix seconds
    assert from_machine("1553457251505").created == "2019-03-24T19:54:11+00:00"  # milliseconds (NodeBB)
    assert from_machine("2010-11-21T10:51:58+0000").created == "2010-11-21T10:51:58+00:00"
    assert from_machine("2024-01-05T15:00:00Z").zone_known


def test_machine_value_without_offset_stays_local():
    date = from_machine("2019-04-09T08:37:23")
    assert (date.created, date.zone_known, date.attrs()) == ("2019-04-09T08:37:23", False, {"date_zone": "unknown"})


def test_shown_date_in_the_stated_zone_is_utc():
    date = from_text("Sun May 26, 2019 4:34 pm", board_zone("All times are UTC - 5 hours"))
    assert (date.created, date.zone_known) == ("2019-05-26T21:34:00+00:00", True)


def test_shown_date_without_a_zone_is_local_and_marked():
    date = from_text("06-15-2016, 03:03 PM")
    assert date.created == "2016-06-15T15:03:00"
    assert date.attrs() == {"date_text": "06-15-2016, 03:03 PM", "date_zone": "unknown"}


def test_a_day_without_a_time_is_the_boards_day():
    """Ubuntu Forums' vBulletin 3 theme shows a post's day only: no instant to put in UTC, though the board
    states its zone; a midnight the page never showed is not made up (nor moved to 04:00 UTC)."""
    zone = board_zone("All times are GMT -4. The time now is 04:53 AM.")
    date = from_text("September 3rd, 2008", zone)
    assert (date.created, date.zone_known) == ("2008-09-03", False)
    assert date.attrs() == {"date_text": "September 3rd, 2008", "date_zone": "unknown"}
    assert from_text("September 3rd, 2008, 00:30", zone).created == "2008-09-03T04:30:00+00:00"
    assert from_text("12-01-2008, 12 AM", zone).created == "2008-12-01T04:00:00+00:00"


def test_unreadable_date_is_kept_as_text():
    date = from_text("czwartek, 28 lutego 2008, 21:42")
    assert date.created is None and date.attrs() == {"date_text": "czwartek, 28 lutego 2008, 21:42"}


SAVED = (
    "<!--\n Page saved with SingleFile \n url: https://x.example/t/1 \n"
    " saved date: Fri Jan 05 2024 21:10:00 GMT+0100 (CET)\n-->"
)


def test_save_date_from_the_saving_tool():
    assert saved_at(SAVED).isoformat() == "2024-01-05T21:10:00+01:00"
    meta = '<meta name="savepage-date" content="Fri Jan 05 2024 20:10:00 GMT+0000 (Coordinated Universal Time)">'
    assert saved_at(meta).isoformat() == "2024-01-05T20:10:00+00:00"
    assert saved_at("<html><head><title>t</title></head></html>") is None


@pytest.mark.parametrize(
    ("shown", "zone", "created"),
    [
        ("Today, 03:03 PM", "All times are GMT -5", "2024-01-05T20:03:00+00:00"),
        ("Yesterday at 11:00 PM", "All times are GMT -5", "2024-01-05T04:00:00+00:00"),
        ("5 minutes ago", "", "2024-01-05T20:05:00+00:00"),
        ("Today, 03:03 PM", "", "2024-01-05T15:03:00"),  # no zone: the saver's day, local time, zone unknown
    ],
)
def test_relative_dates_resolved_against_the_save_date(shown, zone, created):
    assert from_text(shown, board_zone(zone), saved_at(SAVED)).created == created


def test_relative_date_without_a_save_date_is_flagged():
    date = from_text("Yesterday, 10:00 AM", board_zone("All times are GMT"))
    assert (date.created, date.relative, date.attrs()["date_relative"]) == (None, True, True)


def test_generation_time_stands_for_the_save_date():
    """A board prints when it made the page; a saved page was fetched then (XenForo's script, phpBB's footer)."""
    assert (
        saved_at("<script>XenForo.init({serverTimeInfo:\n{\n now: 1499113436,").isoformat()
        == "2017-07-03T20:23:56+00:00"
    )
    zone = board_zone("All times are UTC - 5 hours")
    generated = saved_at("", "It is currently Fri Jan 05, 2024 10:10 am All times are UTC - 5 hours", zone)
    assert from_text("Yesterday, 11:00 pm", zone, generated).created == "2024-01-05T04:00:00+00:00"
    local = saved_at("", "Aktuelle Zeit: 14.10.2020, 12:18")
    assert from_text("Heute, 09:00", None, local).created == "2020-10-14T09:00:00"
    assert from_text("Gestern um 23:10", None, local).created == "2020-10-13T23:10:00"
    assert from_text("Today, 09:00", None, local).created == "2020-10-14T09:00:00"


def test_a_time_without_a_day_is_not_dated_today():
    """dateutil fills a missing day from the clock: a bare time must not become the day the reader runs."""
    date = from_text("Heute, 09:00")
    assert (date.created, date.relative) == (None, True)
    assert from_text("um 09:00").created is None


@pytest.mark.parametrize(
    ("shown", "created"),
    [
        ("1394/11/27, 00:31", "2016-02-16T00:31:00"),  # a Persian board's vBulletin date (constructed)
        ("1395/01/01", "2016-03-20"),  # Nowruz
        ("1403/12/30 10:00", "2025-03-20T10:00:00"),  # the leap day of 1403
    ],
)
def test_solar_hijri_date_in_the_gregorian_calendar(shown, created):
    assert from_text(shown).created == created


@pytest.mark.parametrize(
    ("shown", "created"),
    [  # dates as boards in other languages print them (constructed)
        ("13 Giu, 2002 - 16:13", "2002-06-13T16:13:00"),  # phpBB 2, Italian
        ("Mar 12 Mag, 2009 10:00", "2009-05-12T10:00:00"),  # "Mar" is Tuesday here, not March
        ("Mar 10 Mar, 2009 10:00", "2009-03-10T10:00:00"),
        ("Jeu 21 janv. 2009, 05:42", "2009-01-21T05:42:00"),  # French
        ("3 Mär 2008, 10:00", "2008-03-03T10:00:00"),  # German
        ("Mié Ene 21, 2009 5:42 pm", "2009-01-21T17:42:00"),  # Spanish
        ("21 de enero de 2009, 10:00", "2009-01-21T10:00:00"),
        ("2 août 2012", "2012-08-02"),
        ("Tue Mar 12, 2009 10:00 am", "2009-03-12T10:00:00"),
    ],
)
def test_month_and_weekday_names_in_other_languages(shown, created):
    assert from_text(shown).created == created
