"""``python -m zopa``: the command line."""

from zopa.cli import main

main()
