"""Mailing-list archives as people download them: Mailman's obfuscated senders, RFC 2047 names, ``.txt.gz`` months
and zip exports, each read through the registry."""

from __future__ import annotations

import gzip
import io
import zipfile

from anecdata.ingest.registry import choose_reader
from anecdata.ingest.source import Problem, ReadContext

# A Mailman (pipermail) month is an mbox whose senders are written "user at host (Name)"; built here, not saved.
MAILMAN_MONTH = """\
From jgb at example.com  Tue Jun  5 10:00:00 2016
From: jgb at example.com (Jesus M. Gonzalez)
Date: Tue, 05 Jun 2016 10:00:00 +0200
Subject: [knees] Patellar tendinopathy and eccentric squats
Message-ID: <1@example.com>

Has anyone tried decline squats for jumper's knee?

From ana at example.org  Tue Jun  5 11:00:00 2016
From: ana at example.org (=?iso-8859-1?q?Ana_Mar=EDa_L=F3pez?=)
Date: Tue, 05 Jun 2016 11:00:00 +0200
Subject: [knees] Patellar tendinopathy and eccentric squats
In-Reply-To: <1@example.com>
Message-ID: <2@example.org>

Twelve weeks of them helped me.

From kim at example.net  Tue Jun  5 12:00:00 2016
From: =?utf-8?q?Kim_J=C3=B8rgensen?= <kim@example.net>
Date: Tue, 05 Jun 2016 12:00:00 +0200
Subject: Re: [knees] Patellar tendinopathy and eccentric squats
In-Reply-To: <2@example.org>
Message-ID: <3@example.net>

Same for me.
"""


def read(path):
    problems: list[Problem] = []
    choice = choose_reader(path)
    assert not isinstance(choice, Problem), choice
    return choice.format, list(choice.reader(path, ReadContext(report=problems.append))), problems


def test_mailman_txt_gz_month_is_read_with_every_writer_named(tmp_path):
    path = tmp_path / "2016-June.txt.gz"
    path.write_bytes(gzip.compress(MAILMAN_MONTH.encode()))
    fmt, threads, problems = read(path)
    assert fmt == "mbox" and problems == []
    (thread,) = threads
    assert [p.author for p in thread.posts] == ["Jesus M. Gonzalez", "Ana María López", "Kim Jørgensen"]
    assert [p.addressee for p in thread.posts] == [None, "Jesus M. Gonzalez", "Ana María López"]


def test_mail_zip_export_is_read_member_by_member(tmp_path):
    path = tmp_path / "groupsio-export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("messages.mbox", MAILMAN_MONTH)
    path.write_bytes(buffer.getvalue())
    fmt, threads, problems = read(path)
    assert fmt == "zip" and problems == []
    assert next(p.author for t in threads for p in t.posts) == "Jesus M. Gonzalez"
