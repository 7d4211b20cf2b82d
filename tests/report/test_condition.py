"""The condition report over stored, read and indexed threads: who counts, what they tried, and the evidence."""

from __future__ import annotations

import json

import pytest

from anecdata.errors import DataError
from anecdata.jobs import index_experiences, ingest_sources, read_pending, store_reports
from anecdata.report.condition import OUTCOMES, ConditionReport, condition_report
from anecdata.store import open_store


@pytest.fixture(scope="module")
def plantar(example_store_url):
    with open_store(example_store_url, create=False) as store:
        yield store, condition_report(store, "plantar fasciitis")


def test_report_counts_add_up_for_every_treatment(plantar):
    _, report = plantar
    assert report.treatments, "the plantar fasciitis examples report treatments"
    for t in report.treatments:
        assert sum(c.people for c in t.outcomes.values()) == t.tried.people
        assert set(t.outcomes) <= set(OUTCOMES)
        known = t.tried.people - (t.outcomes["unknown"].people if "unknown" in t.outcomes else 0)
        assert t.improved.n == known and 0.0 <= t.improved.low <= t.improved.value <= t.improved.high <= 1.0
        assert t.small == (known < report.small_below)


def test_report_every_reference_points_at_a_stored_annotation_of_a_stored_post(plantar):
    store, report = plantar
    refs = [r for t in report.treatments for c in (t.tried, *t.outcomes.values()) for r in c.refs]
    refs += [r for g in (*report.causes, *report.claims) for r in g.people.refs]
    refs += list(report.questions.asked.refs)
    assert refs
    for ref in set(refs):
        assert store.query(
            "SELECT 1 FROM annotations WHERE post_id = ? AND id = ?", (ref.post_id, ref.annotation_id)
        ), ref


def test_report_as_json_carries_shares_flags_and_the_caveat(plantar):
    _, report = plantar
    data = json.loads(json.dumps(report.to_dict()))
    first = data["treatments"][0]
    assert {"k", "n", "low", "high", "value"} <= set(first["improved"]) and "small" in first
    assert "not results of a trial" in data["caveat"]
    assert data["condition"] == "anecdata:plantar_fasciitis"


def test_report_takes_in_narrower_conditions_and_refuses_unknown_ones(example_store_url):
    with open_store(example_store_url, create=False) as store:
        assert condition_report(store, "back pain").condition == "anecdata:back_pain"
        with pytest.raises(DataError, match="did you mean 'plantar fasciitis'"):
            condition_report(store, "plantar fascitis syndrom")


@pytest.mark.parametrize(
    ("typed", "condition", "asked"),
    [
        ("plantar fasciitis", "anecdata:plantar_fasciitis", ""),
        ("  Plantar   Fasciitis ", "anecdata:plantar_fasciitis", ""),
        ("pririformis", "anecdata:piriformis_syndrome", "'pririformis' read as 'piriformis syndrome' (spelling"),
        ("PF", "anecdata:plantar_fasciitis", "'PF' read as 'plantar fasciitis' (an abbreviation)"),
        ("migraine", "anecdata:headache", "'migraine' is reported as 'headache'"),
    ],
)
def test_report_says_how_what_was_typed_was_read(example_store_url, typed, condition, asked):
    """Misspellings and lay names find the condition, and a report on another name than the one typed says so
    (issue 20: "report migraine" silently reported on headache, "report pririformis" suggested nothing)."""
    with open_store(example_store_url, create=False) as store:
        report = condition_report(store, typed)
    assert report.condition == condition
    assert report.asked.startswith(asked) and bool(report.asked) == bool(asked)


def test_report_counts_a_signed_author_once_across_threads(tmp_path):
    posts = [
        {"thread": t, "id": f"{t}-1", "author": "heelrunner", "text": text}
        for t, text in (
            ("a", "I have had plantar fasciitis for a year. Stretching helped me a lot."),
            ("b", "My plantar fasciitis is back. Stretching helped me last time, so I do it again."),
        )
    ]
    source = tmp_path / "posts.jsonl"
    source.write_text("\n".join(json.dumps(p) for p in posts), encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'f.db'}") as store:
        ingest_sources([str(source)], store)
        read_pending(store, workers=1)
        assert index_experiences(store) == 2
        report = condition_report(store, "plantar fasciitis")
        assert report.threads == 2 and report.people.people == 1
        stretching = next(t for t in report.treatments if t.name == "stretching")
        assert stretching.tried.people == 1 and len({r.post_id for r in stretching.tried.refs}) == 2


def _report_of(tmp_path, source_name: str, text: str, condition: str) -> ConditionReport:
    """``condition``'s report over one source file holding ``text``, ingested, read and indexed in a new store."""
    source = tmp_path / source_name
    source.write_text(text, encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'report.db'}") as store:
        ingest_sources([str(source)], store)
        read_pending(store, workers=1)
        index_experiences(store)
        return condition_report(store, condition)


@pytest.mark.corpus
def test_report_on_the_seed_thread(seed_text, tmp_path):
    report = _report_of(tmp_path, "seed.txt", seed_text, "piriformis")
    assert (report.threads, report.people.people) == (1, 3)
    by_name = {t.name: t for t in report.treatments}
    assert by_name["many treatments (unspecified)"].outcomes["no_change"].people == 2
    assert by_name["inner tension / psychological stress (approach)"].outcomes["improved"].people == 1
    assert by_name["physical therapy"].outcomes["unknown"].people == 1
    assert {"fall on ice", "inner tension / psychological stress"} <= {c.name for c in report.causes}
    assert report.questions.statements >= 2 and report.questions.answered_statements == 0


def test_report_round_trips_through_its_json(plantar):
    _, report = plantar
    assert ConditionReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_report_stored_for_this_index_version_is_read_back_and_a_change_of_the_index_retires_it(tmp_path):
    source = tmp_path / "thread.txt"
    source.write_text("I had plantar fasciitis for a year. Stretching helped.", encoding="utf-8")
    with open_store(f"sqlite:///{tmp_path / 'f.db'}") as store:
        ingest_sources([str(source)], store)
        read_pending(store, workers=1)
        index_experiences(store)
        assert store_reports(store) == 1 and store_reports(store) == 0  # stored once per index version
        stored = condition_report(store, "plantar fasciitis")
        doctored = json.dumps(stored.to_dict() | {"threads": 7})
        with store.transaction() as cursor:  # a stored report is what is read back, whatever the index says now
            store.execute(cursor, "UPDATE condition_reports SET report = ?", (doctored,))
        assert condition_report(store, "plantar fasciitis").threads == 7 != stored.threads
        with store.transaction() as cursor:  # stored by another build of anecdata: not used
            store.execute(cursor, "UPDATE condition_reports SET built_with = 'anecdata 0.0.1'")
        assert condition_report(store, "plantar fasciitis").threads == stored.threads
        source.write_text("I had plantar fasciitis for two years. Rest helped.", encoding="utf-8")
        ingest_sources([str(source)], store)
        read_pending(store, workers=1)
        index_experiences(store)
        fresh = condition_report(store, "plantar fasciitis")
        assert fresh.index_version > stored.index_version and fresh.threads != 7  # built anew


def test_report_rolls_a_class_up_over_its_members_counting_each_person_once(tmp_path):
    posts = [
        {"thread": t, "id": f"{t}-1", "author": author, "text": text}
        for t, author, text in (
            ("a", "heelrunner", "I have plantar fasciitis. Ibuprofen helped me a lot. Naproxen did nothing for me."),
            ("b", "archie", "My plantar fasciitis has lasted a year. I took naproxen and it helped."),
            ("c", "solene", "I have plantar fasciitis. I tried NSAIDs, they did nothing."),
        )
    ]
    report = _report_of(tmp_path, "posts.jsonl", "\n".join(json.dumps(p) for p in posts), "plantar fasciitis")
    by_name = {t.name: t for t in report.treatments}
    assert by_name["ibuprofen"].tried.people == 1 and by_name["naproxen"].tried.people == 2
    rolled = by_name["non-steroidal anti-inflammatory drugs (any)"]
    assert set(rolled.members) == {"ibuprofen", "naproxen"}
    assert rolled.tried.people == 3, "heelrunner tried two NSAIDs and counts once"
    assert rolled.outcomes["mixed"].people == 1 and rolled.outcomes["improved"].people == 1
    assert rolled.outcomes["no_change"].people == 1
    assert [t.concept for t in report.treatments].count(rolled.concept) == 1, "one row per concept"
    assert ConditionReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


FROZEN_SHOULDER = """Frozen shoulder: hydrodilatation experiences?

Had hydrodilatation in March. It helped a lot within two weeks, range of motion came back.

---

Quote:
Had hydrodilatation in March. It helped a lot within two weeks.

Lucky you. Mine did nothing, and the steroid injection made the pain worse for a week.

---

I'm a physiotherapist. My patients often try hydrodilatation; most of them say it helped.

---

Heat packs helped me. Don't bother with the expensive braces.
"""


def test_report_on_a_pasted_thread_reads_the_title_quotes_writers_and_clients_apart(tmp_path):
    """Issue 14: the condition named only in the title is indexed; a quote is not the quoter's; unsigned posts
    between '---' lines are four writers; a physiotherapist's patients are not the physiotherapist."""
    report = _report_of(tmp_path, "frozen.txt", FROZEN_SHOULDER, "frozen shoulder")
    by_name = {t.name: t for t in report.treatments}
    assert by_name["hydrodilatation"].tried.people == 2, "the first writer and the physiotherapist's patients"
    assert by_name["hydrodilatation"].outcomes["improved"].people == 2
    assert by_name["corticosteroid injection"].outcomes["worse"].people == 1
    assert "physical therapy" not in by_name and "brace" not in by_name
    assert report.people.people == 4, "three writers and the patients; the physiotherapist tells nothing of her own"
