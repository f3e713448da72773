"""The lifecycles steps move: their states and initial state. Each step declares its own
transitions on them (steps.registry), so a machine has exactly the steps that exist."""

from __future__ import annotations

from ..lifecycle import Lifecycle

SOS_NOTICE = Lifecycle("Secretary of State notice",
                       ["none", "issued", "complied", "not_complied", "intention_notified",
                        "closed"], "none")
IEB = Lifecycle("IEB", ["none", "consent_requested", "consent_granted", "active", "lapsed",
                        "ended"], "none")
BUDGET = Lifecycle("budget suspension", ["none", "suspended", "revoked"], "none")
ACADEMY_ORDER = Lifecycle("academy order", ["none", "facilitating", "converted", "revoked"],
                          "none")
