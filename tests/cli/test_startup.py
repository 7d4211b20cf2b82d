"""Start-up: the command line imports nothing heavy before a command needs it (issue 21, point 2)."""

import subprocess
import sys

HEAVY = ("spacy", "thinc", "torch", "sklearn", "anecdata.read.pipeline")


def test_the_command_line_imports_no_reading_pipeline_at_start_up():
    code = f"import sys, anecdata.cli.app; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found == []


def test_an_unknown_evaluation_task_names_every_task_without_importing_them():
    code = (
        "import sys\n"
        "from anecdata.evaluate.tasks import get_task\n"
        "try:\n    get_task('nonesuch')\nexcept Exception as e:\n    print(e)\n"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "statements" in out and "pii_forum" in out and out.strip().endswith("False")
