"""Tamper evidence, second pass, on SQLite and PostgreSQL: a changed topic is caught and never
imported, the chain head's row is checked against its tracking row, a damaged first event is
an integrity failure, and verify's fast path agrees byte for byte with the reference."""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sela_workflow import decoding, verify
from sela_workflow.aggregates.chain import canonical, event_hash
from sela_workflow.cli.main import cli

from .intruder import raw

PROBE = "sela_probe_never_imported"


def sela(url: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args])


def integrity(result: Any) -> None:
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Integrity check failed"), lines


@pytest.fixture
def demo(store_url: str) -> str:
    assert sela(store_url, "demo").exit_code == 0
    return store_url


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module on the path that leaves a mark if anything imports it."""
    marker = tmp_path / "imported"
    (tmp_path / f"{PROBE}.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return marker


def test_a_topic_naming_another_module_is_caught_and_never_imported(demo: str,
                                                                    probe: Path) -> None:
    row = raw(demo, "select id, topic from sela_events order by id desc limit 1")[0]
    raw(demo, "update sela_events set topic = :t where id = :i",
        t=f"{PROBE}:{row.topic.rpartition(':')[2]}", i=row.id)
    integrity(sela(demo, "audit", "verify"))
    integrity(sela(demo, "projections", "rebuild"))  # decoding refuses it too
    assert not probe.exists() and PROBE not in sys.modules


def test_a_topic_naming_another_sela_class_is_caught(demo: str) -> None:
    rows = raw(demo, "select id, topic from sela_events order by id")
    other = next(r.topic for r in rows if r.topic != rows[5].topic)
    raw(demo, "update sela_events set topic = :t where id = :i", t=other, i=rows[5].id)
    integrity(sela(demo, "audit", "verify"))


def test_the_aggregate_class_named_in_a_creation_event_is_checked(demo: str,
                                                                  probe: Path) -> None:
    row = raw(demo, "select id, state from sela_events where originator_version = 1 "
                    "order by id desc limit 1")[0]
    content = json.loads(bytes(row.state))
    content["originator_topic"] = f"{PROBE}:School"  # not hashed: an allow-list catches it
    raw(demo, "update sela_events set state = :s where id = :i",
        s=json.dumps(content, separators=(",", ":")).encode(), i=row.id)
    integrity(sela(demo, "audit", "verify"))
    assert not probe.exists()


@pytest.mark.parametrize("change", [
    "delete from sela_chain_head",
    "update sela_chain_head set position = 0",
    "update sela_chain_head set position = -1",
    "update sela_chain_head set position = position - 1",
    "update sela_chain_head set events = events + 1",
    "delete from sela_projections where name = 'chain'",
])
def test_the_chain_heads_row_deleted_or_edited_is_caught(demo: str, change: str) -> None:
    raw(demo, change)
    integrity(sela(demo, "audit", "verify"))


def test_a_damaged_first_event_is_an_integrity_failure_not_a_key_problem(demo: str) -> None:
    row = raw(demo, "select id, state from sela_events order by id limit 1")[0]
    data = bytearray(bytes(row.state))
    data[len(data) // 2] ^= 0x40
    raw(demo, "update sela_events set state = :s where id = :i", s=bytes(data), i=row.id)
    result = sela(demo, "audit", "verify")
    integrity(result)
    assert "encrypted" not in result.stderr


def test_an_encrypted_store_without_its_key_is_still_a_key_problem(store_url: str,
                                                                   tmp_path: Path) -> None:
    from eventsourcing.cipher import AESCipher

    key = AESCipher.create_key(num_bytes=32)
    runner = CliRunner(env={"SELA_CIPHER_KEY": key})
    assert runner.invoke(cli, ["--db", store_url, "demo"]).exit_code == 0
    result = sela(store_url, "status")
    assert result.exit_code == 1 and "This store is encrypted" in result.stderr


def test_verify_never_writes(demo: str) -> None:
    raw(demo, "update sela_projections set version = 77 where name = 'casework'")
    before = raw(demo, "select name, version, position from sela_projections order by name")
    assert sela(demo, "audit", "verify").exit_code == 0
    assert raw(demo, "select name, version, position from sela_projections "
                     "order by name") == before


# -- the fast path equals the reference ------------------------------------------------------

text_values = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
leaves = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), text_values,
                   st.dates(), st.datetimes(timezones=st.just(dt.UTC)))
#: A mapping key SELA can write: never the library's own markers of a typed value.
keys = text_values.filter(lambda k: k not in ("_type_", "_data_"))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12)
contents = st.dictionaries(keys.filter(lambda k: k not in (
    "hash", "originator_topic", "class_version", "originator_id", "originator_version",
    "event_type", "timestamp", "effective_date", "prev_hash")), values, max_size=8)


@settings(max_examples=400, deadline=None)
@given(fields=contents, when=st.datetimes(timezones=st.just(dt.UTC)), on=st.dates(),
       version=st.integers(1, 10**6))
def test_verifys_fast_canonical_form_is_the_reference_byte_for_byte(
        fields: dict[str, Any], when: dt.datetime, on: dt.date, version: int) -> None:
    """For any content the store can hold (dates, times, text in any script, control
    characters, nesting), the fast path's hash is the reference's, and the fast decoder
    gives the objects the library's transcoder gives."""
    from sela_workflow.application import SelaApplication

    transcoder = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper\
        .transcoder
    school = uuid.uuid4()
    state = {**fields, "timestamp": when, "effective_date": on, "prev_hash": "0" * 64}
    expected = event_hash("CategoryChanged", {**state, "originator_id": school,
                                              "originator_version": version})
    state["hash"] = expected
    stored = transcoder.encode(state)
    fast = verify._fast(stored, "CategoryChanged", str(school), version)
    assert fast is not None and fast[0] == expected == fast[1]
    assert decoding.decode(stored, transcoder) == transcoder.decode(stored)
    assert canonical("CategoryChanged", {**transcoder.decode(stored), "originator_id": school,
                                         "originator_version": version})


def test_the_fast_path_falls_back_to_the_reference_for_what_it_cannot_encode() -> None:
    from sela_workflow.application import SelaApplication

    transcoder = SelaApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper\
        .transcoder
    state = {"big": 2**70, "ratio": 1e16, "prev_hash": "0" * 64}
    stored = transcoder.encode(state)
    fast = verify._fast(stored, "X", "s", 1)
    reference = event_hash("X", {**state, "originator_id": "s", "originator_version": 1})
    assert fast is None or fast[0] != reference  # never a false "intact" from the fast path
    assert decoding.decode(stored, transcoder) == transcoder.decode(stored)
