"""The GIAS-to-SELA table: every published type decided, the stored slugs unchanged."""

from __future__ import annotations

import ast
import csv
import hashlib
import re
from pathlib import Path

import pytest

from sela_workflow.aggregates import establishments as est
from sela_workflow.aggregates import school_types, vocabulary

HERE = Path(__file__).parent
TYPES_FILE = HERE / "fixtures" / "gias" / "gias_establishment_types_20250422.csv"
SHARED_TYPES_FILE = HERE.parent.parent / "shared" / "data" / TYPES_FILE.name

STORED_SLUGS = {  # release 0.1's slugs, as events store them: spelling, GIAS name, flags
    "community": ("Community school", True, False),
    "foundation": ("Foundation school", True, False),
    "voluntary-aided": ("Voluntary aided school", True, False),
    "voluntary-controlled": ("Voluntary controlled school", True, False),
    "community-special": ("Community special school", True, False),
    "foundation-special": ("Foundation special school", True, False),
    "la-nursery": ("Local authority nursery school", True, False),
    "pru": ("Pupil referral unit", False, False),
    "academy-converter": ("Academy converter", False, True),
    "academy-sponsor-led": ("Academy sponsor led", False, True),
    "free-school": ("Free schools", False, True),
}


def published_types() -> list[dict[str, str]]:
    with TYPES_FILE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return list({r["type-of-establishment-name"]: r for r in rows}.values())


#: SHA-256 of GIAS's published types file as committed (the file of 22 April 2025).
TYPES_SHA256 = "d17e42c76686723613e94e63c3ca2a702eb3bc36b320a6ea70b7012c7633074d"


def test_the_committed_types_file_is_the_real_one() -> None:
    """The committed copy is byte for byte the published file (checked against it when the
    team's data folder is beside the project, else against its recorded digest)."""
    data = TYPES_FILE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == TYPES_SHA256
    if SHARED_TYPES_FILE.exists():
        assert data == SHARED_TYPES_FILE.read_bytes()


@pytest.mark.parametrize("row", published_types(), ids=lambda r: r["type-of-establishment-name"])
def test_every_published_type_is_mapped_or_skipped_with_a_reason(row: dict[str, str]) -> None:
    entry = est.gias_type(row["type-of-establishment-name"])
    assert entry is not None, "a GIAS type nobody decided"
    assert entry.code == row["type-of-establishment-code"]
    assert entry.group == row["establishment-type-group-name"]
    assert len(entry.reason) > 20
    if entry.skipped:
        assert not entry.maintained and not entry.academy
    else:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.slug or "")
        assert not (entry.maintained and entry.academy)


def test_the_file_has_all_39_types_and_the_table_nothing_else_undocumented() -> None:
    names = {r["type-of-establishment-name"] for r in published_types()}
    assert len(names) == 39
    extra = set(est.GIAS_TYPES) - names
    assert extra == {"Children's centre", "Children's centre linked site"}
    assert all(est.GIAS_TYPES[n].skipped and est.GIAS_TYPES[n].code == "" for n in extra)


def test_the_stored_slugs_keep_their_spelling_and_meaning() -> None:
    for slug, (name, maintained, academy) in STORED_SLUGS.items():
        kind = est.SELA_TYPES[slug]
        assert kind is school_types.EstablishmentType(slug)
        assert (kind.gias_name, kind.maintained, kind.academy) == (name, maintained, academy)
    assert set(est.SELA_TYPES) == {t.value for t in school_types.EstablishmentType}


def test_each_mapped_type_is_the_sela_type_of_that_gias_name() -> None:
    """The GIAS table and the type vocabulary agree: name, Part 4 flags, one slug each."""
    for entry in est.GIAS_TYPES.values():
        if entry.skipped:
            continue
        kind = school_types.EstablishmentType(entry.slug)
        assert (kind.gias_name, kind.maintained, kind.academy) == (
            entry.name, entry.maintained, entry.academy)


def test_maintained_means_eia_2006_section_59_1_and_nothing_else() -> None:
    maintained = {s for s, t in est.SELA_TYPES.items() if t.maintained}
    assert maintained == {"community", "foundation", "voluntary-aided", "voluntary-controlled",
                          "community-special", "foundation-special", "la-nursery"}


def test_every_academy_and_free_school_group_type_held_is_an_academy() -> None:
    for entry in est.GIAS_TYPES.values():
        if entry.group in ("Academies", "Free Schools") and not entry.skipped:
            assert entry.academy, entry.name
        if entry.academy:
            assert entry.group in ("Academies", "Free Schools"), entry.name
    assert est.GIAS_TYPES["Academy secure 16 to 19"].skipped


def test_independent_fe_welsh_and_other_types_are_skipped() -> None:
    for name in ("Other independent school", "Other independent special school",
                 "Non-maintained special school", "Further education", "Welsh establishment",
                 "Secure units", "Service children's education", "City technology college",
                 "Online provider", "Higher education institutions", "Sixth form centres"):
        assert est.GIAS_TYPES[name].skipped, name


def test_one_slug_per_type_and_new_slugs_follow_the_gias_names() -> None:
    slugs = [t.slug for t in est.GIAS_TYPES.values() if t.slug]
    assert len(slugs) == len(set(slugs))
    assert est.GIAS_TYPES["Academy special converter"].slug == "academy-special-converter"
    assert est.GIAS_TYPES["University technical college"].slug == "university-technical-college"


def test_phases_map_onto_todays_phase_slugs_by_their_names() -> None:
    assert set(est.PHASES.values()) == {p.value for p in vocabulary.Phase}
    assert len(set(est.PHASES.values())) == len(est.PHASES)
    for gias_name, slug in est.PHASES.items():
        assert vocabulary.Phase(slug).name == gias_name.upper().replace(" ", "_").replace(
            "-", "_").replace("16_PLUS", "SIXTEEN_PLUS")


def test_religious_characters_drive_the_diocese_as_the_rulebook_says() -> None:
    values = est.RELIGIOUS_CHARACTERS
    assert set(values.values()) == {r.value for r in vocabulary.ReligiousCharacter}
    assert values["Church of England"] == values["Methodist/Church of England"] == "cofe"
    assert values["Roman Catholic"] == values["Catholic"] == "rc"
    assert values["Church of England/Roman Catholic"] == "cofe"
    assert values["Roman Catholic/Church of England"] == "rc"
    assert values["Does not apply"] == values["None"] == "none"
    assert values["Jewish"] == values["Methodist"] == values["Muslim"] == "other"
    for name, slug in values.items():
        if name.startswith(("Church of England", "Anglican")):
            assert slug == "cofe", name
        if name.startswith(("Roman Catholic", "Catholic")):
            assert slug == "rc", name


def test_statuses_cover_what_gias_publishes() -> None:
    assert est.STATUSES["Open, but proposed to close"] == "open-proposed-to-close"
    assert {est.STATUSES[s] for s in ("Open", "Open, but proposed to close")} == \
        est.OPEN_STATUSES
    assert est.STATUSES["Closed"] == "closed"
    assert est.STATUSES["Proposed to open"] == "proposed-to-open"


def test_the_table_is_pure_python_with_no_infrastructure() -> None:
    tree = ast.parse((HERE.parent / "aggregates" / "establishments.py").read_text())
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "dataclasses", "school_types", "vocabulary"}
