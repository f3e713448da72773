"""`sela assess` and `sela communicate`: the risk assessment and its letter (RA-01 to RA-04)."""

from __future__ import annotations

from .steps import single

assess = single("assess")
communicate = single("communicate")
