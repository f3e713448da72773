"""The byte form of a `CaseState` (snapshots and the read models' folded state): msgspec JSON,
typed on the way back in. `FORMAT` names the shape; a new shape gets a new name, and stored
states of another shape are simply folded again from the log."""

from __future__ import annotations

import msgspec

from .case import CaseState

FORMAT = "case-state/1"

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(CaseState)


def encode(state: CaseState) -> bytes:
    return _encoder.encode(state)


def decode(data: bytes) -> CaseState:
    return _decoder.decode(data)
