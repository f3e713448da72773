"""The `sela` command: parse, call sela_workflow, print. No rules live here."""
