"""`sela next`: what the rulebook allows now, expects next with due dates, and what is overdue."""

from __future__ import annotations

from typing import Any

from .aggregates.expectations import allowed_now, expectations


def next_steps(app: Any, urn: str) -> dict[str, Any]:
    school = app.school(urn)
    today = app.today()
    items = [i.as_dict(today) for i in expectations(school, today, app.policy)]
    order = {"overdue": 0, "due": 1, "upcoming": 2, "open": 3, "expected": 4}
    items.sort(key=lambda i: (order.get(i["status"], 5), i["due"] or "9999"))
    return {
        "urn": school.urn,
        "name": school.name,
        "today": today.isoformat(),
        "category": school.category,
        "pathway": school.pathway,
        "eligibility": {r: {"since": v["since"].isoformat(), "basis": v["basis"]}
                        for r, v in school.routes.items()},
        "overdue": [i for i in items if i["status"] == "overdue"],
        "expected": [i for i in items if i["status"] in ("due", "upcoming", "open", "expected")],
        "met": [i for i in items if i["status"] in ("met", "lapsed")],
        "allowed": allowed_now(school),
    }
