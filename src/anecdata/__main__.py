"""``python -m anecdata``: the same as the ``anecdata`` command."""

from anecdata.cli.app import main

main()
