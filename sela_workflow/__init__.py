"""SELA Workflow: an event-sourced workflow engine for schools causing concern.

This package is the application layer (use cases, configuration, store wiring, calendar);
``sela_workflow.aggregates`` holds the domain, ``sela_workflow.projections`` the read side and
``sela_workflow.cli`` the ``sela`` command.
"""

__version__ = "0.1.0"
