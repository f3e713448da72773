"""Import plans: what importing the real-format files would record, and that it is idempotent."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.gias_files import establishment_row, extract_bytes, link_row, write_links
from sela_workflow.aggregates.envelope import Envelope
from sela_workflow.aggregates.establishments import GIAS_TYPES
from sela_workflow.aggregates.policy import DEFAULT
from sela_workflow.aggregates.state.case import SchoolDetails
from sela_workflow.aggregates.steps import judge
from sela_workflow.aggregates.steps.school import RegisterSchool
from sela_workflow.aggregates.vocabulary import Safeguarding
from sela_workflow.imports import (
    ConvertedToAcademy,
    DetailsChanged,
    ImportPlan,
    InspectionFound,
    Linked,
    NewSchool,
    RegisteredSchool,
    SchoolClosed,
    apply_plan,
    plan_gias,
    plan_ofsted,
    read_gias_extract,
    read_links,
    read_ofsted_mi,
)

from .import_fixtures import EIF_NAME, FIXTURES, REPORT_CARD_NAME

GIAS = FIXTURES / "gias"
OFSTED = FIXTURES / "ofsted"
Register = dict[str, RegisteredSchool]


def gias(extract: str, links: str | None = None, register: Register | None = None,
         **kw: object) -> ImportPlan:
    return plan_gias(read_gias_extract(GIAS / extract, **kw),  # type: ignore[arg-type]
                     register or {}, links=read_links(GIAS / links) if links else None)


def april() -> tuple[ImportPlan, Register]:
    plan = gias("edubasealldata20250422.csv", "links_edubasealldata20250422.csv")
    return plan, apply_plan({}, plan)


def may() -> Register:
    register = april()[1]
    return apply_plan(register, gias("edubasealldata20250520.csv", register=register))


def september() -> tuple[ImportPlan, Register]:
    before = may()
    plan = gias("edubasealldata20250902.csv", "links_edubasealldata20250902.csv", before)
    return plan, before


def test_a_first_import_registers_the_chosen_las_open_schools_with_mapped_types() -> None:
    plan, _ = april()
    new = {s.urn: s for s in plan.of(NewSchool)}
    assert sorted(new) == ["100834", "100835", "100836", "100837", "100840", "100842",
                           "139001", "142001"]
    assert all(s.la_code == "210" and s.on == dt.date(2025, 4, 22) for s in new.values())
    assert (new["100835"].establishment_type, new["100835"].religious_character,
            new["100835"].diocese) == ("voluntary-aided", "cofe", "Diocese of Southwark")
    assert (new["142001"].establishment_type, new["142001"].academy_trust) == (
        "academy-converter", "Thames Bank Learning Trust")
    assert (new["100834"].source, new["100834"].line) == ("edubasealldata20250422.csv", 4)
    assert {(s.urn, s.reason) for s in plan.skipped} == {
        ("100838", "closed before it was registered"),
        ("100839", "closed before it was registered"),
        ("100841", "not held by the register: Other independent school"),
        ("100843", "not held by the register: Further education"),
        ("150001", "proposed to open: registered once GIAS shows it open")}
    assert not plan.malformed
    extract, links = plan.records
    assert (extract.counts.new, extract.counts.changed, extract.counts.unchanged,
            extract.counts.skipped, extract.counts.outside) == (8, 0, 0, 5, 4)
    assert (extract.kind, extract.extract_date, extract.rows) == (
        "gias-establishments", dt.date(2025, 4, 22), 17)
    assert links.kind == "gias-links" and links.counts.new == 1
    assert extract.reference == f"edubasealldata20250422.csv sha256:{extract.sha256[:16]}"


def test_an_academy_whose_predecessor_was_never_registered_gets_its_reference_back() -> None:
    plan, _ = april()
    assert plan.of(ConvertedToAcademy) == []  # the maintained school closed before 2025
    [link] = plan.of(Linked)
    assert (link.urn, link.link_urn, link.kind, link.date, link.inferred) == (
        "142001", "100839", "predecessor", dt.date(2016, 9, 1), False)


def test_importing_the_same_files_against_the_register_they_produced_plans_nothing() -> None:
    plan, register = april()
    again = gias("edubasealldata20250422.csv", "links_edubasealldata20250422.csv", register)
    assert again.steps == ()
    assert again.counts.unchanged == 8 and again.counts.new == again.counts.changed == 0
    assert [s.urn for s in again.skipped] == [s.urn for s in plan.skipped]


def test_one_changed_row_in_a_newer_extract_plans_exactly_one_change() -> None:
    register = april()[1]
    plan = gias("edubasealldata20250520.csv", register=register)
    assert plan.steps == (DetailsChanged(
        "100834", "name", "Bankside Primary School", "Bankside Community Primary School",
        dt.date(2025, 5, 20), "edubasealldata20250520.csv", 4),)
    assert (plan.counts.changed, plan.counts.unchanged, plan.counts.new) == (1, 7, 0)


def test_a_conversion_closes_the_predecessor_and_links_both_records() -> None:
    plan, before = september()
    [conversion] = plan.of(ConvertedToAcademy)
    assert conversion == ConvertedToAcademy(
        "100837", "149901", "academy-converter", "Southwark Learning Trust",
        dt.date(2025, 9, 1), "links_edubasealldata20250902.csv", 4, reciprocal=True)
    assert {(s.urn, s.link_urn, s.kind, s.date) for s in plan.of(Linked)} == {
        ("100837", "149901", "successor", dt.date(2025, 8, 31)),
        ("149901", "100837", "predecessor", dt.date(2025, 9, 1))}
    assert [s.urn for s in plan.of(NewSchool)] == ["149901"]
    assert [(s.urn, s.closed_on, s.reason) for s in plan.of(SchoolClosed)] == [
        ("100842", dt.date(2025, 7, 31), "Closure")]  # 100837 closes as a conversion instead
    order = [type(s).__name__ for s in plan.steps]
    assert order == ["NewSchool", "SchoolClosed", "ConvertedToAcademy", "Linked", "Linked"]
    extract, links = plan.records
    assert (extract.counts.new, extract.counts.changed) == (1, 2)
    assert (links.counts.new, links.counts.changed, links.counts.unchanged) == (2, 1, 1)
    after = apply_plan(before, plan)
    assert after["100837"].closed and after["100837"].converted_to == "149901"
    assert ("100837", "predecessor") in after["149901"].links
    again = gias("edubasealldata20250902.csv", "links_edubasealldata20250902.csv", after)
    assert again.steps == ()


def test_the_real_links_sample_plans_a_conversion_with_both_records(tmp_path: Path) -> None:
    """108299 (a VA school) became the academy 138950 on 1 November 2012 (the sample's rows)."""
    register = {"108299": RegisteredSchool("108299", "St Thomas a Becket Catholic College",
                                           "voluntary-aided", "secondary", "rc",
                                           "Diocese of Portsmouth", la_code="873")}
    extract = read_gias_extract("edubasealldata20121102.csv", la_codes=["873"],
                                data=extract_bytes([
        establishment_row(108299, "St Thomas a Becket Catholic College",
                          "Voluntary aided school", la_code="873", status="Closed",
                          phase="Secondary", religious_character="Roman Catholic",
                          diocese="Diocese of Portsmouth", close_date=dt.date(2012, 10, 31)),
        establishment_row(138950, "St Thomas \u00e0 Becket Catholic Secondary School, A "
                          "Voluntary Academy", "Academy converter", la_code="873",
                          phase="Secondary", religious_character="Roman Catholic",
                          diocese="Diocese of Portsmouth", trust=("1234", "Becket Trust"),
                          open_date=dt.date(2012, 11, 1))]))
    plan = plan_gias(extract, register, links=read_links(GIAS / "gias_links_sample_20250422.csv"))
    [conversion] = plan.of(ConvertedToAcademy)
    assert (conversion.predecessor, conversion.successor, conversion.on, conversion.reciprocal,
            conversion.line) == ("108299", "138950", dt.date(2012, 11, 1), True, 26)
    assert {(s.urn, s.link_urn, s.kind, s.line) for s in plan.of(Linked)} == {
        ("108299", "138950", "successor", 26), ("138950", "108299", "predecessor", 55)}
    assert plan.of(SchoolClosed) == []
    assert plan.records[1].counts.outside == 62  # the sample's other rows concern no one here
    assert plan.warnings == ()


def test_a_reciprocal_the_file_lacks_is_inferred_on_the_other_record(tmp_path: Path) -> None:
    _, register = april()
    links = write_links(tmp_path / "links_edubasealldata20250422.csv", [
        link_row(100834, 100842, "Camberwell Green Nursery School", "Sixth Form Centre Link",
                 None)])
    plan = plan_gias(read_gias_extract(GIAS / "edubasealldata20250422.csv"), register,
                     links=read_links(links))
    assert {(s.urn, s.link_urn, s.kind, s.inferred) for s in plan.steps} == {
        ("100834", "100842", "sixth-form-centre-link", False),
        ("100842", "100834", "sixth-form-centre-school", True)}
    assert plan_gias(read_gias_extract(GIAS / "edubasealldata20250422.csv"),
                     apply_plan(register, plan), links=read_links(links)).steps == ()


def test_a_conversion_approved_but_not_yet_happened_is_not_planned(tmp_path: Path) -> None:
    register = may()
    rows = [establishment_row(149901, "Camberwell Grove Academy", "Academy converter",
                              status="Open", phase="Secondary", trust=("17345", "SLT"),
                              open_date=dt.date(2025, 9, 1))]
    extract = read_gias_extract("edubasealldata20250601.csv", data=extract_bytes(rows))
    links = write_links(tmp_path / "links_edubasealldata20250601.csv", [
        link_row(100837, 149901, "Camberwell Grove Academy", "Successor", dt.date(2025, 8, 31))])
    plan = plan_gias(extract, register, links=read_links(links))
    assert plan.of(ConvertedToAcademy) == []
    assert {(s.urn, s.kind) for s in plan.of(Linked)} == {("100837", "successor"),
                                                          ("149901", "predecessor")}


def test_a_foundation_schools_charitable_trust_is_not_an_academy_trust() -> None:
    rows = [establishment_row(100850, "Peckham Foundation School", "Foundation school",
                              trust=("4010", "Peckham Schools Foundation Trust"),
                              TrustSchoolFlag="Supported by a trust")]
    extract = read_gias_extract("edubasealldata20250422.csv", data=extract_bytes(rows))
    [new] = plan_gias(extract, {}).steps
    assert isinstance(new, NewSchool) and new.academy_trust == ""
    assert extract.establishments[0].trust_name == "Peckham Schools Foundation Trust"
    assert plan_gias(extract, apply_plan({}, plan_gias(extract, {}))).steps == ()


def test_an_academy_trust_change_is_one_change() -> None:
    register = may()
    data = (GIAS / "edubasealldata20250520.csv").read_bytes().replace(
        b'"16001","Thames Bank Learning Trust"', b'"16002","Rivers Learning Trust"')
    plan = plan_gias(read_gias_extract("edubasealldata20250601.csv", data=data), register)
    assert [(s.urn, s.field, s.old, s.new) for s in plan.steps] == [
        ("142001", "academy_trust", "Thames Bank Learning Trust", "Rivers Learning Trust")]


def test_registered_schools_missing_from_the_extract_are_reported() -> None:
    register = {**april()[1], "100999": RegisteredSchool("100999", "Gone School", "community",
                                                         "primary", la_code="210"),
                "200001": RegisteredSchool("200001", "Elsewhere", "community", "primary",
                                           la_code="305")}
    plan = gias("edubasealldata20250422.csv", register=register)
    [missing] = [s for s in plan.skipped if s.line is None]
    assert (missing.urn, missing.reason) == ("100999", "registered but not in this extract")


def test_a_school_closed_in_the_register_is_never_reopened_or_changed() -> None:
    _, register = april()
    register["100834"] = dataclasses.replace(register["100834"], status="closed", name="Old")
    plan = gias("edubasealldata20250422.csv", register=register)
    assert plan.steps == ()
    [skip] = [s for s in plan.skipped if s.urn == "100834"]
    assert skip.reason == "closed in the register but open in GIAS"


def test_malformed_rows_come_with_their_line_and_mark_the_plan() -> None:
    plan = gias("malformed/edubasealldata20250422_bad_date.csv")
    assert [(s.line, s.urn, s.reason) for s in plan.malformed] == [(5, "100835", "bad date")]
    assert "100835" not in {s.urn for s in plan.of(NewSchool)}
    unknown = gias("malformed/edubasealldata20250422_unknown_type.csv")
    assert [(s.line, s.urn, s.reason) for s in unknown.malformed] == [
        (6, "100836", "unknown establishment type")]
    assert ("unknown establishment type", 1) in unknown.skipped_by_reason()


def test_every_planned_registration_is_one_the_domain_accepts() -> None:
    plans = [april()[0], september()[0]]
    for step in (s for p in plans for s in p.of(NewSchool)):
        command = RegisterSchool(
            urn=step.urn, name=step.name, establishment_type=step.establishment_type,
            phase=step.phase, religious_character=step.religious_character,
            diocese=step.diocese, academy_trust=step.academy_trust)
        decision = judge(command, None, envelope=Envelope("import", "SYSTEM", step.on,
                                                          reason="GIAS import"),
                         policy=DEFAULT, today=dt.date(2026, 11, 20))
        [(_, registered)] = decision.records
        assert registered["establishment_type"] == step.establishment_type
    for step in (s for p in plans for s in p.of(DetailsChanged)):
        assert step.field in SchoolDetails.__struct_fields__


def test_an_sm_row_plans_an_inspection_that_notifies_special_measures() -> None:
    register = april()[1]
    plan = plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), register)
    found = {s.urn: s for s in plan.of(InspectionFound)}
    sm = found["100835"]
    assert (sm.category, sm.notify, sm.on, sm.number, sm.framework, sm.safeguarding) == (
        "SM", True, dt.date(2024, 3, 22), "10234568", "EIF_PRE_2024_09", "INEFFECTIVE")
    assert (sm.source, sm.line) == (EIF_NAME, 5)
    swk = found["100836"]
    assert (swk.category, swk.category_as_published, swk.notify) == ("RSI", "SWK", True)
    assert not found["100834"].notify and found["100834"].category == "NONE"
    assert all(s.safeguarding is None or Safeguarding.parse(s.safeguarding).value ==
               s.safeguarding for s in found.values())
    assert {(s.urn, s.reason) for s in plan.skipped} == {
        ("100000", "not in the register"), ("100899", "not in the register"),
        ("142001", "inspection of an earlier URN not in the register")}
    assert (plan.counts.new, plan.counts.changed, plan.counts.skipped) == (6, 2, 3)
    assert plan.records[0].extract_date == dt.date(2024, 8, 31)


def test_other_las_rows_in_the_ofsted_file_are_counted_not_listed() -> None:
    plan = plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), april()[1], la_codes=["210"])
    assert plan.counts.outside == 1
    assert "100000" not in {s.urn for s in plan.skipped}


def test_ofsted_imports_are_idempotent_and_follow_the_school_across_urns() -> None:
    plan, before = september()
    register = apply_plan(before, plan)
    eif = plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), register)
    register = apply_plan(register, eif)
    assert register["100835"].ofsted_category == "SM"
    assert plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), register).steps == ()
    cards = plan_ofsted(read_ofsted_mi(OFSTED / REPORT_CARD_NAME), register, la_codes=["210"])
    found = {s.urn: s for s in cards.of(InspectionFound)}
    assert sorted(found) == ["100834", "100836", "100840"]  # OEIF results already recorded
    assert (found["100840"].category, found["100840"].notify) == ("SM", True)
    assert (found["100836"].category, found["100836"].notify) == ("RSI", False)  # already RSI
    assert found["100834"].framework == "RENEWED_2025_11"
    after = apply_plan(register, cards)
    assert plan_ofsted(read_ofsted_mi(OFSTED / REPORT_CARD_NAME), after).steps == ()


def test_a_report_card_file_alone_plans_both_frameworks_results() -> None:
    plan, before = september()
    register = apply_plan(before, plan)
    plan = plan_ofsted(read_ofsted_mi(OFSTED / REPORT_CARD_NAME), register)
    by_key = {(s.urn, s.number): s for s in plan.of(InspectionFound)}
    assert ("100834", "10234567") in by_key and ("100834", "10400001") in by_key
    assert by_key[("100836", "10400002")].notify  # the newest: RSI, not yet in the register
    assert not by_key[("100836", "10234569")].notify
    earlier = by_key[("100837", "10234570")]  # the academy's row, Ofsted's predecessor URN
    assert earlier.which == "latest OEIF graded inspection" and not earlier.notify


def test_a_category_is_removed_when_the_newest_inspection_finds_none() -> None:
    register = april()[1]
    register["100834"] = dataclasses.replace(register["100834"], ofsted_category="SM",
                                             latest_inspection=dt.date(2023, 1, 10))
    plan = plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), register)
    [found] = [s for s in plan.of(InspectionFound) if s.urn == "100834"]
    assert found.removes_category and not found.notify
    assert apply_plan(register, plan)["100834"].ofsted_category is None


def test_an_inspection_recorded_without_its_number_is_not_planned_again() -> None:
    register = april()[1]
    register["100835"] = dataclasses.replace(register["100835"], inspections=frozenset(
        {(dt.date(2024, 2, 6), dt.date(2024, 3, 22))}), ofsted_category="SM")
    plan = plan_ofsted(read_ofsted_mi(OFSTED / EIF_NAME), register)
    assert "100835" not in {s.urn for s in plan.of(InspectionFound)}


# -- property: whatever the extract, importing it twice plans nothing the second time ----------

_TYPES = ["Community school", "Voluntary aided school", "Academy converter", "Free schools",
          "Pupil referral unit", "Other independent school", "Academy special converter"]
_RELIGION = {"Community school": "Does not apply", "Voluntary aided school": "Roman Catholic",
             "Academy converter": "Church of England"}


@st.composite
def extract_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    urns = draw(st.lists(st.integers(100800, 100830), min_size=1, max_size=12, unique=True))
    rows = []
    for urn in sorted(urns):
        kind = draw(st.sampled_from(_TYPES))
        religion = _RELIGION.get(kind, "Does not apply")
        church = religion != "Does not apply"
        rows.append(establishment_row(
            urn, draw(st.sampled_from(["Oak School", "Elm School", "Ash \u00e0 School"])), kind,
            la_code=draw(st.sampled_from(["210", "210", "208"])),
            status=draw(st.sampled_from(["Open", "Open", "Closed",
                                         "Open, but proposed to close"])),
            phase=draw(st.sampled_from(["Primary", "Secondary", "All-through"])),
            religious_character=religion,
            diocese=draw(st.sampled_from(["Diocese of Southwark", "Not applicable"]))
            if church else "Not applicable",
            trust=("1", draw(st.sampled_from(["A Trust", "B Trust"])))
            if GIAS_TYPES[kind].academy else ("", "")))
    return rows


@settings(max_examples=60, deadline=None)
@given(extract_rows(), extract_rows())
def test_any_extract_imported_twice_plans_nothing_the_second_time(
        first: list[dict[str, str]], second: list[dict[str, str]]) -> None:
    register = apply_plan({}, plan_gias(read_gias_extract(
        "edubasealldata20250101.csv", data=extract_bytes(first)), {}))
    newer = read_gias_extract("edubasealldata20250201.csv", data=extract_bytes(second))
    plan = plan_gias(newer, register)
    after = apply_plan(register, plan)
    assert plan_gias(newer, after).steps == ()
    rows = {e.urn: e for e in newer.establishments}
    for step in plan.steps:  # every step is dated by the extract and concerns a row it holds
        assert step.on == dt.date(2025, 2, 1) and step.urn in rows
    for urn, held in register.items():
        if urn in rows and not held.closed and rows[urn].details == held.details:
            assert all(s.urn != urn for s in plan.steps)


@pytest.mark.parametrize("name", ["edubasealldata20250422.csv", "edubasealldata20250902.csv"])
def test_steps_name_the_file_and_line_they_come_from(name: str) -> None:
    extract = read_gias_extract(GIAS / name)
    lines = {e.urn: e.line for e in extract.establishments}
    for step in plan_gias(extract, {}).steps:
        assert step.source == name and step.line == lines[step.urn]
