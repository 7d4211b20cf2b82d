"""Reading workers end with the ``read`` that started them (issue 17 point 5): each watches its main process."""

import os
import subprocess
import sys

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
