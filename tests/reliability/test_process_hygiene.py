"""Reading workers end with the ``read`` that started them (issue 17 point 5): each watches its main process."""

import os
import signal
import subprocess
import sys
import time

import pytest

from anecdata.jobs import _running


def test_jobs_running_tells_a_live_process_from_an_ended_one():
    assert _running(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not _running(child.pid)


def test_jobs_running_counts_an_unreaped_child_as_ended():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped: a zombie
    try:
        assert not _running(child.pid)
    finally:
        child.wait()


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_no_process_outlives_a_killed_read_by_more_than_5_seconds(tmp_path):
    """``kill -9`` of ``anecdata read --workers 2`` once it has saved a reading: its workers, the forkserver and
    the resource tracker are all gone within 5 s (issue 17's target)."""
    from kill_rerun import anecdata, count_rows, reddit_comments, run

    url = f"sqlite:///{tmp_path / 'store.db'}"
    run(anecdata("ingest", str(reddit_comments(tmp_path / "RC.ndjson", 400)), "--db", url))
    read = subprocess.Popen(
        anecdata("read", "--workers", "2", "--db", url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while count_rows(url, "readings") < 1:
            assert read.poll() is None, "read ended before it could be killed"
            assert time.monotonic() < deadline, "read saved nothing in 300 s"
            time.sleep(0.05)
        assert len(_group_members(read.pid)) > 1, "read started no worker"
        os.kill(read.pid, signal.SIGKILL)  # the parent alone: its children must notice
        read.wait()
        gone_by = time.monotonic() + 5
        while _group_members(read.pid) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert _group_members(read.pid) == [], "processes of the killed read outlived it by more than 5 s"
    finally:
        for pid in _group_members(read.pid):
            os.kill(pid, signal.SIGKILL)
