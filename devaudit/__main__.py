"""Run the command-line interface with ``python -m devaudit``."""

from devaudit.cli import main

main()
