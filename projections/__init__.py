"""The read side: SQLAlchemy tables built from the event log, kept exactly once, disposable."""
