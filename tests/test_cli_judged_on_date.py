"""Each step judged on its effective date, under the law in force that day, through the CLI
(rulebook §12.4, §13): commencement, one route per notice, the SoS notice's lifecycle, Ofsted
re-categorisation, conversion closing the LA's case, timers that end, and the citations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .staff import STAFF_CSV
from .test_cli_steps import Sela, _env  # noqa: F401  (the shared CLI session and environment)

U = "190106"
DCF = "DIRECTOR_CHILDREN_FAMILIES"


@pytest.fixture
def sela(sqlite_url: str) -> Sela:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    s("school", "register", U, "--name", "Walworth Road Primary School", "--type",
      "community", "--phase", "primary", "--on", "2005-09-01")
    return s


def status(sela: Sela, *args: str) -> dict[str, Any]:
    return dict(json.loads(sela("status", U, *args, "--json").stdout)[0])


def next_of(sela: Sela) -> dict[str, Any]:
    return dict(json.loads(sela("next", U, "--json").stdout))


def notice(sela: Sela, on: str, *, kind: str = "S60", ground: str = "SAFETY",
           period_end: str, issue: str | None = None) -> str:
    """Draft, approve (from the 2023 offer) and issue an LA notice; its ID."""
    comparator = ["--comparator", "expected"] if ground == "LOW_STANDARDS" else []
    wn = str(sela("notice", "draft", U, "--type", kind, "--ground", ground, *comparator,
                  "--matters", "m", "--action", "a", "--compliance-end", period_end,
                  "--minded", "m", "--on", on).stdout.strip())
    if on >= "2023-09-01":
        sela("notice", "approve", U, wn, "--actor", "d.okafor", "--role", DCF, "--on", on)
    sela("notice", "issue", U, wn, "--copied-to", "HMCI", "--copied-to", "SOS_RD",
         "--copied-to", "HEADTEACHER", "--on", issue or on)
    return wn


def not_complied(sela: Sela, wn: str, assessed: str, intended: str, *powers: str) -> None:
    sela("notice", "assess", U, wn, "--outcome", "NOT_COMPLIED", "--on", assessed)
    sela("notice", "intend", U, wn, *[a for p in powers for a in ("--power", p)],
         "--on", intended)


# -- 3. commencement (rulebook §13) ------------------------------------------------------------


@pytest.mark.rule("WN-03")
def test_wn03_a_pay_and_conditions_notice_before_s60a_commenced_is_refused(sela: Sela) -> None:
    line = sela.refused("WN-03", "notice", "draft", U, "--type", "S60A", "--ground",
                        "GB_FAILED_STPCD", "--matters", "m", "--action", "a",
                        "--compliance-end", "2010-02-26", "--minded", "m", "--on", "2009-12-01")
    assert "s60A" in line and "2010-01-12" in line
    sela("notice", "draft", U, "--type", "S60A", "--ground", "GB_FAILED_STPCD", "--matters",
         "m", "--action", "a", "--compliance-end", "2010-03-26", "--minded", "m",
         "--on", "2010-02-01")


@pytest.mark.rule("WN-07")
def test_wn07_no_secretary_of_state_notice_before_18_april_2016(sela: Sela) -> None:
    line = sela.refused("WN-07", "sos", "notice", U, "--ref", "RD-1", "--on", "2016-03-01")
    assert "2016-04-18" in line and "EAA 2016" in line
    sela("sos", "notice", U, "--ref", "RD-1", "--on", "2016-05-03")


@pytest.mark.rule("IN-01")
def test_in01_no_coasting_route_before_s60b_commenced(sela: Sela) -> None:
    sela("assess", U, "--category", "C", "--rationale", "r", "--on", "2016-09-19")
    line = sela.refused("IN-01", "sos", "coasting", U, "--ref", "C-1", "--on", "2016-11-01")
    assert "s60B" in line and "2017-01-11" in line


@pytest.mark.rule("OF-01")
def test_of01_no_category_of_concern_before_the_2005_act(sqlite_url: str) -> None:
    s = Sela(sqlite_url)
    s("init")
    s("people", "load", STAFF_CSV)
    s("school", "register", U, "--name", "Old School", "--type", "community", "--phase",
      "primary", "--on", "2004-09-01")
    line = s.refused("OF-01", "ofsted", "notify", U, "--category", "SM", "--on", "2005-03-01")
    assert "2005-09-01" in line


@pytest.mark.rule("AO-03")
def test_ao03_an_s4a1_order_outside_its_span_is_refused_either_side(sela: Sela) -> None:
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2016-01-11")
    early = sela.refused("AO-03", "sos", "academy-order", U, "--basis", "S4_A1",
                         "--on", "2016-02-01")
    assert "2016-04-18" in early
    assert sela("sos", "academy-order", U, "--basis", "S4_1_B",
                "--on", "2016-02-01").stdout.strip() == "AO1"


# -- 4. one route per notice, notification and category ---------------------------------------


@pytest.mark.rule("IN-01")
def test_in01_each_notice_is_its_own_route_and_withdrawing_one_leaves_the_other(
        sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    wn1 = notice(sela, "2025-10-01", period_end="2025-11-14")
    wn2 = notice(sela, "2025-10-02", ground="LOW_STANDARDS", period_end="2025-11-21")
    not_complied(sela, wn1, "2025-11-17", "2025-11-18", "S64")
    not_complied(sela, wn2, "2025-11-24", "2025-11-25", "S64")
    assert sorted(next_of(sela)["eligibility"]) == [f"S60 {wn1}", f"S60 {wn2}"]
    sela("notice", "withdraw", U, wn1, "--reason", "issued in error", "--on", "2025-11-26")
    assert list(next_of(sela)["eligibility"]) == [f"S60 {wn2}"]
    assert status(sela)["eligibility"] == ["S60"]
    sela("power", "governors", U, "--name", "A. Governor", "--on", "2025-12-10")


@pytest.mark.rule("IN-02")
def test_in02_s63_never_rests_on_an_s60a_route_alone_nor_takes_its_date(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    pay = notice(sela, "2025-10-01", kind="S60A", ground="GB_FAILED_STPCD",
                 period_end="2025-11-14")
    not_complied(sela, pay, "2025-11-17", "2025-11-18", "S64")
    sela.refused("IN-02", "power", "arrangements", U, "--requirement", "COLLABORATION",
                 "--party", "Bankside Federation", "--on", "2025-12-10")
    safety = notice(sela, "2025-11-03", period_end="2025-12-15")
    not_complied(sela, safety, "2025-12-16", "2025-12-17", "S63", "S64")
    # eligible now by two routes; s63 waits for the s60 route's own earliest date
    line = sela.refused("IN-01", "power", "arrangements", U, "--requirement", "COLLABORATION",
                        "--party", "Bankside Federation", "--on", "2025-12-18")
    assert "2025-12-" in line or "2026-" in line


@pytest.mark.rule("IN-03")
def test_in03_the_s64_window_is_per_route(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-01-10")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-01-13")
    old = notice(sela, "2025-01-20", period_end="2025-03-03")
    not_complied(sela, old, "2025-03-04", "2025-03-05", "S64")
    new = notice(sela, "2025-09-15", ground="LOW_STANDARDS", period_end="2025-10-27")
    not_complied(sela, new, "2025-10-28", "2025-10-29", "S64")
    # the first notice's two months are long gone; the second's are open
    sela("power", "governors", U, "--name", "A. Governor", "--on", "2025-11-20")
    sela("notice", "withdraw", U, new, "--reason", "issued in error", "--on", "2025-11-21")
    sela.refused("IN-03", "power", "governors", U, "--name", "B. Governor",
                 "--on", "2025-11-24")


# -- 5. the Secretary of State's notices -------------------------------------------------------


@pytest.mark.rule("WN-07")
def test_wn07_a_sos_notice_has_its_own_lifecycle_and_route(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("sos", "notice", U, "--ref", "RD-7", "--compliance-end", "2025-11-14",
         "--on", "2025-10-01")
    sela.refused("WN-12", "sos", "assess", U, "RD-7", "--outcome", "NOT_COMPLIED",
                 "--on", "2025-11-10")
    sela("sos", "assess", U, "RD-7", "--outcome", "NOT_COMPLIED", "--on", "2025-11-17")
    assert status(sela)["eligibility"] == []  # not until the intention is notified (WN-14)
    sela("sos", "intend", U, "RD-7", "--power", "S65", "--on", "2025-11-18")
    assert status(sela)["eligibility"] == ["S60"]
    (route,) = next_of(sela)["eligibility"].values()
    assert (route["basis"], route["since"], route["powers_from"]) == ("RD-7", "2025-11-18",
                                                                      "2025-12-02")
    sela("sos", "close", U, "RD-7", "--reason", "superseded by the IEB", "--on", "2026-03-02")
    assert status(sela)["eligibility"] == []
    assert status(sela, "--effective-on", "2026-03-01")["eligibility"] == ["S60"]


# -- 6. Ofsted re-categorisation ---------------------------------------------------------------


@pytest.mark.rule("OF-01")
def test_of01_significant_improvement_to_special_measures_directly(sela: Sela) -> None:
    sela("ofsted", "notify", U, "--category", "RSI", "--on", "2025-10-06")
    sela("ofsted", "soa", U, "--to", "HMCI", "--parents", "Letter", "--on", "2025-10-16")
    assert status(sela)["eligibility"] == ["S61"]
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2026-02-09")
    assert status(sela)["eligibility"] == ["S62"]
    soa = [i for i in next_of(sela)["overdue"] + next_of(sela)["expected"]
           if i["timer"] == "T-SOA"]
    assert soa and soa[0]["due"] > "2026-02-09", soa  # a new clock from the new category
    assert status(sela, "--effective-on", "2026-02-08")["eligibility"] == ["S61"]


# -- 7. conversion closes the LA's case --------------------------------------------------------


@pytest.mark.rule("AO-05")
def test_ao05_conversion_closes_the_case_and_every_la_step_is_refused(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2025-10-06")
    sela("power", "suspend-budget", U, "--grounds", "g", "--from", "2025-11-10",
         "--appeal-info", "--copied-to", "HT", "--copied-to", "SOS", "--on", "2025-10-08")
    sela("sos", "academy-order", U, "--basis", "S4_A1", "--on", "2025-10-20")
    sela("academy", "convert", U, "--type", "academy-sponsor-led", "--trust", "Trust",
         "--on", "2026-04-01")
    after = status(sela)
    assert after["eligibility"] == [] and after["powers"] == []
    timers = {i["timer"] for i in next_of(sela)["overdue"] + next_of(sela)["expected"]}
    assert not timers & {"T-SOA", "T-BUDGET-REVIEW", "T-IEB-RESUMPTION"}, timers
    for args in (["power", "consult", U, "--for", "S65", "--consultee", "GB"],
                 ["power", "notify-dfe", U, "--power", "S66"],
                 ["power", "review-budget", U],
                 ["notice", "draft", U, "--ground", "SAFETY", "--matters", "m", "--action",
                  "a", "--compliance-end", "2026-06-01", "--minded", "m"]):
        sela.refused("AC-01", *args, "--on", "2026-04-02")
    overdue = json.loads(sela("due", "--overdue", "--json").stdout)
    assert [d["rule_id"] for d in overdue if d["urn"] == U] == ["RA-01"], overdue  # 2026/27


# -- 8. timers that end ------------------------------------------------------------------------


def ieb_in_place(sela: Sela, interim_end: str) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2025-10-06")
    sela("ofsted", "soa", U, "--to", "HMCI", "--parents", "Letter", "--on", "2025-10-16")
    sela("power", "consult", U, "--for", "S65", "--consultee", "GB", "--on", "2025-10-20")
    sela("power", "ieb-request-consent", U, "--on", "2025-10-21")
    sela("sos", "consent", U, "--granted", "--on", "2025-10-28")
    sela("power", "ieb", U, "--from", "2025-11-03", "--member", "P. Chair=I1", "--member",
         "Q. Member=I2", "--interim-end", interim_end, "--copied-to", "IEMS", "--copied-to",
         "GOVERNORS", "--copied-to", "SOS", "--on", "2025-10-30")


@pytest.mark.rule("IN-03")
def test_in03_the_iebs_interim_period_ends_on_its_date(sela: Sela) -> None:
    ieb_in_place(sela, "2026-03-31")
    sela.refused("IN-03", "power", "governors", U, "--name", "A", "--on", "2026-03-02")
    (resume,) = [i for i in next_of(sela)["overdue"] if i["timer"] == "T-IEB-END"]
    assert resume["due"] == "2026-04-01" and "power ieb-end" in resume["command"]
    assert "S65" in status(sela, "--effective-on", "2026-03-31")["powers"]
    assert "S65" not in status(sela)["powers"]  # lapsed on its stated date
    sela("power", "governors", U, "--name", "A", "--on", "2026-04-01")  # s64 unblocked
    sela("power", "ieb-end", U, "--resumption", "2026-04-01", "--on", "2026-04-02")
    assert not [i for i in next_of(sela)["overdue"] if i["timer"] == "T-IEB-END"]


@pytest.mark.rule("IN-08")
def test_in08_budget_reviews_are_due_before_each_funding_period_and_met(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("ofsted", "notify", U, "--category", "SM", "--on", "2025-10-06")
    sela("power", "suspend-budget", U, "--grounds", "g", "--from", "2025-11-10",
         "--appeal-info", "--copied-to", "HT", "--copied-to", "SOS", "--on", "2025-10-08")
    reviews = [i for i in next_of(sela)["overdue"] + next_of(sela)["expected"]
               if i["rule_id"] == "IN-08"]
    assert reviews and reviews[0]["due"] <= "2026-03-31", reviews
    sela("power", "review-budget", U, "--representations-invited", "--on", "2026-02-02")
    after = [i for i in next_of(sela)["overdue"] + next_of(sela)["expected"]
             if i["rule_id"] == "IN-08"]
    assert all(i["due"] > "2026-03-31" for i in after), after
    overdue = json.loads(sela("due", "--overdue", "--json").stdout)
    assert not [d for d in overdue if d["rule_id"] == "IN-08"], overdue


# -- 9. citations and small rules --------------------------------------------------------------


@pytest.mark.rule("AO-02")
def test_ao02_each_order_basis_cites_its_own_section(sela: Sela) -> None:
    line = sela.refused("AO-02", "sos", "academy-order", U, "--basis", "S4_1_B",
                        "--on", "2010-07-01")
    assert "s4(1)(b)" in line
    line = sela.refused("AO-03", "sos", "academy-order", U, "--basis", "S4_A1",
                        "--on", "2026-07-06")
    assert "s4(A1)" in line


@pytest.mark.rule("WN-10")
def test_wn10_legacy_representations_go_to_hmci_for_s60_and_the_la_for_s60a(
        sela: Sela) -> None:
    wn = notice(sela, "2015-03-02", period_end="2015-05-29")
    sela.refused("WN-10", "notice", "represent", U, wn, "--to", "LA", "--on", "2015-03-09")
    sela("notice", "represent", U, wn, "--to", "HMCI", "--on", "2015-03-09")
    pay = notice(sela, "2015-03-03", kind="S60A", ground="GB_FAILED_STPCD",
                 period_end="2015-05-29")
    sela.refused("WN-10", "notice", "represent", U, pay, "--to", "HMCI", "--on", "2015-03-10")
    sela("notice", "represent", U, pay, "--to", "LA", "--on", "2015-03-10")


@pytest.mark.rule("IN-01")
def test_in01_reasonable_notice_is_hard_local_and_a_director_may_override(sela: Sela) -> None:
    sela("assess", U, "--category", "D", "--rationale", "r", "--on", "2025-09-19")
    sela("communicate", U, "--to", "HT", "--to", "CHAIR", "--on", "2025-09-22")
    wn = notice(sela, "2025-10-01", period_end="2025-11-14")
    sela("notice", "assess", U, wn, "--outcome", "NOT_COMPLIED", "--on", "2025-11-17")
    sela("notice", "intend", U, wn, "--power", "S64", "--earliest", "2025-12-01",
         "--on", "2025-11-18")
    line = sela.refused("IN-01", "power", "governors", U, "--name", "A", "--on", "2025-11-24")
    assert "2025-12-01" in line and "override" not in line  # not the adviser's to override
    sela("record", "authorise-override", U, "--rule", "IN-01", "--for", "a.mensah",
         "--justification", "Governors resigned; the board cannot meet", "--on", "2025-11-21",
         "--actor", "d.okafor", "--role", DCF)
    sela("power", "governors", U, "--name", "A", "--on", "2025-11-24",
         "--override", "Governors resigned; the board cannot meet")
    assert "PolicyDeviationRecorded" in [h["event"] for h in sela.history(U)]


def test_no_step_may_be_dated_before_the_schools_registration(sela: Sela) -> None:
    before = sela.events()
    result = sela("assess", U, "--category", "B", "--rationale", "r", "--on", "2005-08-31",
                  code=1)
    assert "before 190106's record begins (2005-09-01" in result.stderr
    assert sela.events() == before
