"""A school across its URNs: the predecessors and successors GIAS links record.

A conversion, an amalgamation, a merger or a split gives a school a new URN; each record
keeps its links (`school link`, and `academy new-urn` on the old record). Following them
from any URN, through every registered record reached, gives the school's lineage, oldest
first; a URN linked but not registered is shown and not followed further.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .aggregates.identity import check_urn
from .projections.tables import register
from .queries import refresh

#: Link kinds that make the other URN earlier (-1) or later (+1) in a school's lineage;
#: the others (sixth-form centres, expansions, "other") are not lineage.
DIRECTION = {"predecessor": -1, "predecessor-merged": -1, "predecessor-amalgamated": -1,
             "predecessor-split-school": -1, "successor": 1, "successor-merged": 1,
             "successor-amalgamated": 1, "successor-split-school": 1,
             "result-of-amalgamation": 1}


@dataclass(frozen=True)
class Node:
    urn: str
    name: str
    registered: bool
    generation: int  # 0 the school asked about; -1 its predecessor; +1 its successor
    relation: str  # "this school", or how it was reached, e.g. "predecessor of 149901"


def lineage(app: Any, urn: str) -> list[Node]:
    """Every URN in ``urn``'s lineage, oldest first (``urn`` itself included)."""
    urn = check_urn(urn)
    refresh(app)
    with app.recorder.datastore.engine.connect() as conn:
        def held(u: str) -> Any:
            return conn.execute(select(register.c.name, register.c.links)
                                .where(register.c.urn == u)).first()

        first = held(urn)
        if first is None:
            from .cases import not_registered

            raise not_registered(urn)
        found = {urn: Node(urn, first.name, True, 0, "this school")}
        queue = [(urn, first, 0)]
        while queue:
            at, row, generation = queue.pop(0)
            for other, kind, name in json.loads(row.links):
                step = DIRECTION.get(kind)
                if step is None or other in found:
                    continue
                row_other = held(other)
                relation = f"{kind.replace('-', ' ')} of {at}"
                found[other] = Node(other, row_other.name if row_other else name,
                                    row_other is not None, generation + step, relation)
                if row_other is not None:
                    queue.append((other, row_other, generation + step))
    return sorted(found.values(), key=lambda n: (n.generation, n.urn))

