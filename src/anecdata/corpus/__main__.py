"""``python -m anecdata.corpus build|check|stats|independence|agreement|blank [FOLDER]``: the corpus folder's
maintenance commands.

- ``build``: parse and validate every ``threads/*.md``, write ``json/<split>.json``, ``threads.tsv`` and the
  README statistics; prints the files it changed.
- ``check``: the same validation, and exit 1 when a built file is out of date with its sources.
- ``stats``: print the statistics block.
- ``independence``: count the corpus's 8-word sequences found in the shared gold corpora (counts only).
- ``agreement``: compare the second, blind annotation of the sample (``agreement/second/``) with the first, print
  the table and write it into the README.
- ``blank``: write each sampled thread without its annotations to ``agreement/second/`` where no file is yet,
  for a second annotator to start from.
"""

from __future__ import annotations

import sys
from pathlib import Path

from anecdata import settings
from anecdata.corpus.build import CORPUS_DIR, build, corpus_stats, read_sources, stale_files, stats_markdown
from anecdata.errors import AnecdataError

COMMANDS = ("build", "check", "stats", "independence", "agreement", "blank")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m anecdata.corpus {{{'|'.join(COMMANDS)}}} [FOLDER]", file=sys.stderr)
        return 2
    folder = Path(argv[1]) if len(argv) > 1 else CORPUS_DIR
    try:
        if argv[0] == "build":
            for path in build(folder):
                print(f"wrote {path}")
        elif argv[0] == "check":
            stale = stale_files(folder)
            for path in stale:
                print(f"out of date: {path} (run: python -m anecdata.corpus build)", file=sys.stderr)
            return 1 if stale else 0
        elif argv[0] == "stats":
            print(stats_markdown(corpus_stats(read_sources(folder))))
        elif argv[0] in ("agreement", "blank"):
            return _agreement(argv[0], folder)
        else:
            from anecdata.corpus.independence import shared_ngrams

            corpora = settings.shared_dir() / "corpora"
            found = shared_ngrams([a.thread for a in read_sources(folder)], corpora)
            for name, hits in found.items():
                print(f"{name}: {sum(hits.values())} shared 8-word sequences in {len(hits)} posts")
                for post, count in sorted(hits.items()):
                    print(f"  {post}: {count}")
            return 1 if any(found.values()) else 0
    except AnecdataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def _agreement(command: str, folder: Path) -> int:
    from anecdata.corpus.agreement import write_agreement, write_blanks

    if command == "blank":
        for path in write_blanks(folder):
            print(f"wrote {path}")
    else:
        print(write_agreement(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
