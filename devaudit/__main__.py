"""Run the command-line interface with ``python -m devaudit``."""

from devaudit.launch import main

main()
