"""``python -m carboncalc``."""

from carboncalc.cli import main

main()
