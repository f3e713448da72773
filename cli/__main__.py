"""`python -m sela_workflow.cli` runs the `sela` command."""

from .main import main

main()
