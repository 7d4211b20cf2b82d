"""The condition report in the terminal shows forum text's control characters, never obeys them (issue 17 point 8)."""

from __future__ import annotations

import io

from rich.console import Console

from anecdata.report.condition import ConditionReport, Count, NamedCount, QuestionSummary, TreatmentSummary
from anecdata.report.stats import Share
from anecdata.report.text import render_report_text

# Hostile strings written for this test: a screen clear, a window-title set, a colour, a bell, a C1 CSI, and a
# right-to-left override that would show "exe.txt" as "txt.exe".
CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
RED = "\x1b[31m"
RLO = "\u202e"
C1_CSI = "\x9b"


def hostile_report() -> ConditionReport:
    share = Share(1, 2, 0.09, 0.91)
    return ConditionReport(
        condition="plantar_fasciitis",
        name=f"heel{CLEAR} pain",
        included={"plantar_fasciitis": "plantar fasciitis", "x": f"heel{RLO}spur"},
        threads=1,
        people=Count(2),
        treatments=(
            TreatmentSummary(
                concept=None,
                name=f"{RED}magic insoles{TITLE}",
                tried=Count(2),
                outcomes={"improved": Count(1)},
                improved=share,
                ongoing=0,
                median_days=None,
                days_people=0,
            ),
        ),
        causes=(NamedCount(None, f"new shoes{C1_CSI}2J", Count(1)),),
        claims=(NamedCount(None, f"cures{RLO}txt.exe", Count(1), statements=1),),
        questions=QuestionSummary(Count(1), Count(0), statements=1),
    )


def rendered(report: ConditionReport, evidence=None) -> str:
    out = io.StringIO()
    render_report_text(report, Console(file=out, width=200, color_system=None, force_terminal=False), evidence)
    return out.getvalue()


def test_no_control_or_bidi_character_from_forum_text_reaches_the_terminal() -> None:
    text = rendered(hostile_report(), evidence=[(f"insoles{CLEAR}", [])])
    assert "\x1b" not in text and "\x07" not in text and C1_CSI not in text and RLO not in text
    assert "magic insoles" in text and "cures" in text and "new shoes" in text


def test_the_stand_ins_show_where_the_controls_were() -> None:
    text = rendered(hostile_report(), evidence=[(f"insoles{CLEAR}", [])])
    assert "heel␛[2J pain" in text  # ESC shown as its control picture, the rest as written
    assert "␛]0;pwned␇" in text  # the title-setting sequence and its bell, shown
    assert "cures\ufffdtxt.exe" in text  # the override, shown as a replacement character
    assert "insoles␛[2J" in text  # an evidence topic (a claim's words) too
