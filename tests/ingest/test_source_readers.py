"""Every reader over the project's own sample files (``examples/sources/``): threads, posts, links, marks."""

from __future__ import annotations

import pytest

from anecdata.ingest.registry import READERS, choose_reader, input_files
from anecdata.ingest.source import ReadContext
from anecdata.model import SOURCE_ID
from paths import EXAMPLES

SOURCES = EXAMPLES / "sources"
JSONL_COLUMNS = {
    "id": "post_id",
    "thread": "topic",
    "parent": "reply_to",
    "author": "user.name",
    "created": "posted",
    "title": "subject",
    "text": "body",
}


def read(path, **ctx):
    problems = []
    threads = list(choose_reader(path).reader(path, ReadContext(report=problems.append, **ctx)))
    assert problems == []
    return threads


# file, format sniffed, [(title, [(author, addressee, parent author, first words)])]
EXPECTED = [
    (
        "discourse/topic-4711.json",
        "discourse",
        [
            (
                "Frozen shoulder: hydrodilatation experiences?",
                [
                    # The opening post reads the topic's title first, as a Reddit submission does.
                    ("gardener_lin", None, None, "Frozen shoulder: hydrodilatation experiences?"),
                    ("paddleboard_pete", None, "gardener_lin", "I had it last"),
                    ("gardener_lin", "paddleboard_pete", "paddleboard_pete", "paddleboard_pete wrote: > Range"),
                    ("paddleboard_pete", "gardener_lin", "gardener_lin", "Uncomfortable for a minute"),
                ],
            )
        ],
    ),
    (
        "html/phpbb-plantar-fasciitis.html",
        "html",
        [
            (
                "Heel pain in the morning",
                [
                    ("hikerjen", None, None, "The first steps out"),
                    ("Dana Whitcombe", "hikerjen", "hikerjen", "hikerjen wrote: > Should"),
                ],
            )
        ],
    ),
    (
        "html/vbulletin-tennis-elbow.html",
        "html",
        [
            (
                "Tennis elbow that won't quit",
                [
                    ("backhand_bea", None, None, "Eight months of lateral"),
                    ("OldSchoolServe", "backhand_bea", "backhand_bea", "backhand_bea wrote: > Anyone"),
                ],
            )
        ],
    ),
    (
        "html/xenforo-shin-splints.html",
        "html",
        [
            (
                "Shin splints after switching to minimalist shoes",
                [
                    ("barefoot_ben", None, None, "Two weeks into the"),
                    ("coach_ingrid", "barefoot_ben", "barefoot_ben", "barefoot_ben wrote: > Is"),
                ],
            )
        ],
    ),
    (
        "mbox/achilles-list-2023-06.mbox",
        "mbox",
        [
            (
                "Insertional Achilles pain, 4 months in",
                [
                    # The root message reads its subject first.
                    ("Gwen Alvarez", None, None, "Insertional Achilles pain, 4"),
                    ("Tunde Okafor", "Gwen Alvarez", "Gwen Alvarez", "On Mon, Jun 5,"),
                    ("Gwen Alvarez", "Tunde Okafor", "Tunde Okafor", "Tunde Okafor wrote: >"),
                ],
            ),
            ("Heel lifts?", [("Dr. R. Moss", None, None, "Heel lifts? Quick poll:")]),
        ],
    ),
    (
        "tabular/clinic-forum.csv",
        "csv",
        [
            (
                "Night splints for carpal tunnel",
                [
                    ("wrist_worrier", None, None, "My hands go numb"),
                    ("Marguerite Lindqvist", None, "wrist_worrier", "Splints worked for me"),
                    ("wrist_worrier", None, "Marguerite Lindqvist", "Thanks, that's reassuring. I'll"),
                ],
            )
        ],
    ),
]


def summary(threads):
    authors = {p.id: p.author for t in threads for p in t.posts}
    return [
        (
            t.title,
            [(p.author, p.addressee, authors.get(p.parent_id), " ".join(p.text.split()[:4])) for p in t.posts],
        )
        for t in threads
    ]


@pytest.mark.parametrize(("name", "fmt", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_reader_reads_sample_source(name, fmt, expected):
    path = SOURCES / name
    assert choose_reader(path).format == fmt
    threads = read(path)
    assert summary(threads) == expected
    for thread in threads:
        for post in thread.posts:
            assert post.thread_id == thread.id and post.attrs[SOURCE_ID]
            for quote in post.context.quotes:
                assert post.text[quote.start : quote.end].lstrip().startswith((f"{quote.author} wrote:", "On ", ">"))


def test_reader_jsonl_uses_the_column_mapping_with_nested_keys():
    threads = read(SOURCES / "tabular/support-group-export.jsonl", columns=JSONL_COLUMNS)
    assert summary(threads) == [
        (
            "Sleep and fibromyalgia flares",
            [
                ("quietfern", None, None, "Every time I sleep"),
                ("Odalys", None, "quietfern", "Yes, same pattern for"),
                ("hank_r", None, "quietfern", "Low-dose amitriptyline improved my"),
            ],
        ),
        ("Pacing apps?", [("quietfern", None, None, "Looking for an app")]),
    ]


@pytest.mark.parametrize(
    ("name", "closing"),
    [
        ("html/phpbb-plantar-fasciitis.html", "Dana Whitcombe, PT\nBend, OR"),
        ("html/xenforo-shin-splints.html", "Ingrid Solberg, running coach | Tromsø"),
        ("mbox/achilles-list-2023-06.mbox", "-- \nRowan Moss, DPT"),
    ],
)
def test_reader_marks_signatures_as_the_closing(name, closing):
    posts = [p for t in read(SOURCES / name) for p in t.posts if p.context.closing is not None]
    assert closing in [p.text[p.context.closing.start : p.context.closing.end] for p in posts]
    assert all(p.context.closing.end == len(p.text) for p in posts)


def test_reader_ids_are_the_same_on_every_read():
    readme = choose_reader(SOURCES / "README.md")
    assert readme.skipped and "no reader takes .md files" in readme.reason
    for path in input_files([str(SOURCES)]):
        if path.suffix not in (".jsonl", ".md"):
            assert [p.id for t in read(path) for p in t.posts] == [p.id for t in read(path) for p in t.posts]


def test_reader_registry_names_every_format_the_cli_offers():
    assert set(READERS) == {"reddit", "discourse", "html", "mbox", "jsonl", "csv", "pasted"}
