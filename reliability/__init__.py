"""The reliability suite (not installed): `python -m reliability.run` — see docs/reliability.md."""
