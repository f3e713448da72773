"""The domain: the School aggregate, its events, the statutory rule table and the state machine.

Nothing here imports SQLAlchemy or click; the application layer wires persistence and the CLI.
"""
