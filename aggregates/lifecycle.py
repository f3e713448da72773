"""Lifecycles as `transitions` machines built from the step declarations (design.md §3).

Each lifecycle (pathway, warning notice, SoS notice, IEB, budget suspension, academy order)
names its states; every step declared on it adds its transition (trigger, sources,
destination, rules). A step asks `plan()` whether it is allowed from the current state and
where it leads; the event records the outcome. Machines are never bound to a case and never
run on replay (libraries.md §5.2-5.3). Their diagrams come from transitions' own mermaid
support.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

REFLEXIVE = "="


class StepNotAllowed(Exception):
    def __init__(self, lifecycle: str, trigger: str, state: str, allowed: list[str]) -> None:
        self.lifecycle, self.trigger, self.state, self.allowed = lifecycle, trigger, state, allowed
        nice = ", ".join(a.replace("_", " ") for a in allowed) or "nothing"
        super().__init__(f"{trigger.replace('_', ' ')} is not possible while the {lifecycle} is "
                         f"{state.replace('_', ' ')} (possible now: {nice})")


@dataclass(frozen=True)
class Transition:
    trigger: str
    source: tuple[str, ...]
    dest: str
    rules: tuple[str, ...]
    conditions: tuple[str, ...] = ()


class _Probe:
    """A throw-away model: conditions read the step's arguments, never change anything."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("when_"):
            key, _, wanted = name.removeprefix("when_").partition("__")
            return lambda event: str(event.kwargs.get(key)) == wanted
        raise AttributeError(name)


class _Drawn:
    """The model a diagram is drawn for (its initial state)."""


@dataclass
class Lifecycle:
    name: str
    states: list[str]
    initial: str
    transitions: list[Transition] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._local = threading.local()
        self._machine: Any = None

    def add(self, transition: Transition) -> None:
        self.transitions.append(transition)
        self._machine = None

    def remove(self, trigger: str) -> None:
        self.transitions = [t for t in self.transitions if t.trigger != trigger]
        self._machine = None
        self._local = threading.local()

    def _spec(self) -> list[dict[str, Any]]:
        return [{"trigger": t.trigger, "source": list(t.source), "dest": t.dest,
                 "conditions": list(t.conditions)} for t in self.transitions]

    @property
    def machine(self) -> Any:
        """The `transitions` machine, built on first use: replay and queries never need it."""
        if self._machine is None:
            from transitions import Machine

            self._machine = Machine(model=None, states=self.states, initial=self.initial,
                                    transitions=self._spec(), auto_transitions=False,
                                    ignore_invalid_triggers=False, send_event=True)
            self._local = threading.local()
        return self._machine

    def _probe(self) -> _Probe:
        machine = self.machine
        probe = getattr(self._local, "probe", None)
        if probe is None:
            probe = self._local.probe = _Probe()
            machine.add_model(probe)
        return probe

    def triggers_from(self, state: str) -> list[str]:
        if state not in self.states:
            return []
        return sorted(set(self.machine.get_triggers(state)))

    def plan(self, state: str, trigger: str, **kwargs: Any) -> str:
        """The state ``trigger`` leads to from ``state``; StepNotAllowed if not allowed."""
        from transitions import MachineError

        probe = self._probe()
        if state not in self.states:
            raise StepNotAllowed(self.name, trigger, state, [])
        self.machine.set_state(state, model=probe)
        try:
            if not probe.may_trigger(trigger, **kwargs):
                raise StepNotAllowed(self.name, trigger, state, self.triggers_from(state))
            probe.trigger(trigger, **kwargs)
        except MachineError:
            raise StepNotAllowed(self.name, trigger, state, self.triggers_from(state)) from None
        return str(probe.state)

    def mermaid(self) -> str:
        """The lifecycle as a mermaid state diagram, drawn by transitions' GraphMachine; edges
        are labelled with the trigger, its conditions and the rules governing it."""
        from transitions.extensions import GraphMachine

        seen: set[tuple[str, str, str]] = set()
        edges = []
        for t in self.transitions:
            cond = " ".join(c.removeprefix("when_").replace("__", "=") for c in t.conditions)
            label = " ".join(x for x in (t.trigger, cond) if x)
            if t.rules:
                label += f" [{', '.join(t.rules)}]"
            for src in t.source:
                dest = src if t.dest == REFLEXIVE else t.dest
                if (src, dest, label) in seen:
                    continue
                seen.add((src, dest, label))
                edges.append({"trigger": f"t{len(edges)}", "source": src, "dest": dest,
                              "label": label})
        graph = GraphMachine(model=None, states=self.states, initial=self.initial,
                             transitions=edges, auto_transitions=False, graph_engine="mermaid",
                             title=self.name)
        model = _Drawn()
        graph.add_model(model)
        text = model.get_graph().draw(None)  # type: ignore[attr-defined]
        graph.remove_model(model)
        return "\n".join(line.rstrip() for line in text.splitlines()
                         if "classDef" not in line and not line.strip().startswith("Class "))
