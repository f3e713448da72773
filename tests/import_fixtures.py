"""The committed import fixtures: small GIAS and Ofsted MI files in exactly the real formats.

Regenerate with ``.venv/bin/python -m tests.import_fixtures`` (a test checks the committed
files are what this writes). The schools are fictional; URNs, LA codes, columns, encodings,
quoting, dates and type names are as published (../shared/data/README.md). The story, in
Southwark (210) beside three other LAs: 22 April 2025, open and closed schools of every kind the
register holds or skips, and an academy (142001) whose maintained predecessor (100839) closed in
2016, with reciprocal links; 20 May, one school renamed; 2 September, 100837 converts to 149901
and the nursery closes. Ofsted: an EIF-era file with a title row (SM and SWK rows, an unknown
URN, a predecessor's inspection) and a report-card file of January 2026 (RSI, SM, OEIF columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from benchmarks.gias_files import (
    EXTRACT_COLUMNS,
    establishment_row,
    extract_bytes,
    link_row,
    write_extract,
    write_links,
)

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date
SOUTHWARK_CE = "Diocese of Southwark"
SOUTHWARK_RC = "Archdiocese of Southwark"
OPEN_BUT = "Open, but proposed to close"


def base_rows() -> list[dict[str, str]]:
    r = establishment_row
    return [
        r(100000, "The Aldgate School", "Voluntary aided school", la_code="201",
          religious_character="Church of England", diocese="Diocese of London",
          last_changed=D(2025, 2, 4)),
        r(100001, "City of London School for Girls", "Other independent school", la_code="201",
          phase="Not applicable", religious_character="None", open_date=D(1920, 1, 1)),
        r(100834, "Bankside Primary School", "Community school", last_changed=D(2024, 11, 5)),
        r(100835, "St Mary\u2019s CofE Primary School", "Voluntary aided school",
          religious_character="Church of England", diocese=SOUTHWARK_CE,
          open_date=D(1972, 9, 1), last_changed=D(2025, 1, 9)),
        r(100836, "St Thomas \u00e0 Becket Catholic Primary School", "Voluntary aided school",
          religious_character="Roman Catholic", diocese=SOUTHWARK_RC, open_date=D(1968, 9, 1)),
        r(100837, "Camberwell Grove School", "Community school", phase="Secondary",
          open_date=D(1981, 9, 1), last_changed=D(2025, 3, 17)),
        r(100838, "Old Kent Road Infant School", "Community school", status="Closed",
          close_date=D(2019, 8, 31), closed_reason="Result of Amalgamation/Merger"),
        r(100839, "Rotherhithe Primary School", "Voluntary controlled school", status="Closed",
          religious_character="Church of England", diocese=SOUTHWARK_CE,
          close_date=D(2016, 8, 31), closed_reason="Academy Converter"),
        r(100840, "Dulwich Learning Centre", "Pupil referral unit", phase="Not applicable",
          open_date=D(2007, 9, 1)),
        r(100841, "Alleyn Park School", "Other independent school", phase="Not applicable"),
        r(100842, "Camberwell Green Nursery School", "Local authority nursery school",
          phase="Nursery"),
        r(100843, "Southwark College", "Further education", phase="16 plus"),
        r(101000, "Brixton Hill Primary School", "Community school", la_code="208"),
        r(101001, "Lewisham Bridge Academy", "Academy sponsor led", la_code="209",
          trust=("15555", "River Learning Trust")),
        r(139001, "Bermondsey Free School", "Free schools", status=OPEN_BUT,
          open_date=D(2013, 9, 1), trust=("15010", "Bermondsey Schools Trust")),
        r(142001, "Rotherhithe Primary Academy", "Academy converter",
          religious_character="Church of England", diocese=SOUTHWARK_CE,
          trust=("16001", "Thames Bank Learning Trust"), open_date=D(2016, 9, 1),
          opened_reason="Academy Converter"),
        r(150001, "Bermondsey Studio School", "Studio schools", status="Proposed to open",
          phase="Secondary", trust=("15010", "Bermondsey Schools Trust"),
          open_date=D(2026, 9, 1)),
    ]


def may_rows() -> list[dict[str, str]]:
    """One change: 100834's new name (and GIAS's LastChangedDate with it)."""
    rows = base_rows()
    for row in rows:
        if row["URN"] == "100834":
            row.update({"EstablishmentName": "Bankside Community Primary School",
                        "LastChangedDate": "14-05-2025"})
    return rows


def september_rows() -> list[dict[str, str]]:
    """100837 converts to the academy 149901; the nursery closes."""
    rows = may_rows()
    for row in rows:
        if row["URN"] == "100837":
            row.update({"EstablishmentStatus (code)": "2", "EstablishmentStatus (name)": "Closed",
                        "CloseDate": "31-08-2025", "ReasonEstablishmentClosed (code)": "10",
                        "ReasonEstablishmentClosed (name)": "Academy Converter",
                        "LastChangedDate": "01-09-2025"})
        if row["URN"] == "100842":
            row.update({"EstablishmentStatus (code)": "2", "EstablishmentStatus (name)": "Closed",
                        "CloseDate": "31-07-2025", "ReasonEstablishmentClosed (code)": "10",
                        "ReasonEstablishmentClosed (name)": "Closure",
                        "LastChangedDate": "01-08-2025"})
    rows.append(establishment_row(
        149901, "Camberwell Grove Academy", "Academy converter", phase="Secondary",
        trust=("17345", "Southwark Learning Trust"), open_date=D(2025, 9, 1),
        opened_reason="Academy Converter", last_changed=D(2025, 9, 1)))
    return sorted(rows, key=lambda row: int(row["URN"]))


def base_links() -> list[dict[str, str]]:
    return [
        link_row(100006, 134643, "CCfL Key Stage 3 PRU", "Predecessor - merged", D(2022, 1, 1)),
        link_row(100012, 100021, "Rhyl Community Primary School", "Successor - merged",
                 D(2021, 8, 31)),
        link_row(100839, 142001, "Rotherhithe Primary Academy", "Successor", D(2016, 8, 31)),
        link_row(101000, 101002, "Brixton Hill Junior School", "Result of Amalgamation", None),
        link_row(142001, 100839, "Rotherhithe Primary School", "Predecessor", D(2016, 9, 1)),
    ]


def september_links() -> list[dict[str, str]]:
    rows = [*base_links(),
            link_row(100837, 149901, "Camberwell Grove Academy", "Successor", D(2025, 8, 31)),
            link_row(149901, 100837, "Camberwell Grove School", "Predecessor", D(2025, 9, 1))]
    return sorted(rows, key=lambda row: (int(row["URN"]), int(row["LinkURN"])))


# -- Ofsted MI ---------------------------------------------------------------------------------

EIF_COLUMNS = (
    "Web link", "URN", "LAESTAB", "School name", "Ofsted phase", "Type of education",
    "School open date", "Admissions policy", "Sixth form", "Designated religious character",
    "Religious ethos", "Faith grouping", "Ofsted region", "Region", "Local authority",
    "Parliamentary constituency", "Postcode",
    "The income deprivation affecting children index (IDACI) quintile", "Total number of pupils",
    "Latest section 8 inspection number since last full inspection",
    "Does the section 8 inspection relate to the URN of the current school?",
    "URN at time of the section 8 inspection", "LAESTAB at time of the section 8 inspection",
    "School name at time of the latest section 8 inspection",
    "School type at time of the latest section 8 inspection",
    "Number of section 8 inspections since the last full inspection",
    "Date of latest section 8 inspection", "Section 8 inspection publication date",
    "Did the latest section 8 inspection convert to a full inspection?",
    "Section 8 inspection overall outcome",
    "Number of other section 8 inspections since last full inspection",
    "Inspection number of latest full inspection", "Inspection type", "Inspection type grouping",
    "Event type grouping", "Inspection start date", "Inspection end date", "Publication date",
    "Does the latest full inspection relate to the URN of the current school?",
    "URN at time of latest full inspection", "LAESTAB at time of latest full inspection",
    "School name at time of latest full inspection",
    "School type at time of latest full inspection", "Overall effectiveness", "Category of concern",
    "Quality of education", "Behaviour and attitudes", "Personal development",
    "Effectiveness of leadership and management", "Safeguarding is effective?",
    "Early years provision (where applicable)", "Sixth form provision (where applicable)",
    "Previous full inspection number", "Previous inspection start date",
    "Previous inspection end date", "Previous publication date",
    "Does the previous full inspection relate to the URN of the current school?",
    "URN at time of previous full inspection", "LAESTAB at time of previous full inspection",
    "School name at time of previous full inspection",
    "School type at time of previous full inspection",
    "Previous full inspection overall effectiveness", "Previous category of concern",
    "Previous quality of education", "Previous behaviour and attitudes",
    "Previous personal development", "Previous effectiveness of leadership and management",
    "Previous safeguarding is effective?", "Previous early years provision (where applicable)",
    "Previous sixth form provision (where applicable)",
)
_AREAS_2025 = ("Inclusion", "Curriculum and teaching", "Achievement", "Attendance and behaviour",
               "Personal development and wellbeing")
REPORT_CARD_COLUMNS = (
    "Web Link (opens in new window)", "URN", "LAESTAB", "School name", "Ofsted phase",
    "Type of education", "School open date", "Admissions policy", "Sixth form",
    "Designated religious character", "Religious ethos", "Faith grouping", "Ofsted region",
    "Region", "Local authority", "Parliamentary constituency", "Postcode",
    "Multi-academy trust UID", "Multi-academy trust name", "Academy sponsor UID",
    "Academy sponsor name", "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils", "Statutory lowest age", "Statutory highest age",
    "Inspection number of latest full inspection", "Inspection type", "Inspection type grouping",
    "Event type grouping", "Inspection start date", "Publication date",
    "Does the latest full inspection relate to the URN of the current school?",
    "URN at time of latest full inspection", "LAESTAB at time of latest full inspection",
    "School name at time of latest full inspection",
    "School type at time of latest full inspection", "Category of concern",
    "Safeguarding standards", "Safeguarding standards - date of grade",
    *(c for a in _AREAS_2025 for c in (a, f"{a} - date of grade")),
    "Early years (where applicable)", "Early years - date of grade",
    "Post-16 provision (where applicable)", "Post-16 provision - date of grade",
    "Leadership and governance", "Leadership and governance - date of grade",
    "Inspection number of latest OEIF graded inspection",
    "Inspection type of latest OEIF graded inspection",
    "Inspection type grouping of latest OEIF graded inspection",
    "Event type grouping of latest OEIF graded inspection",
    "Inspection start date of latest OEIF graded inspection",
    "Publication date of latest OEIF graded inspection",
    "Does the latest OEIF graded inspection relate to the URN of the current school?",
    "URN at time of latest OEIF graded inspection",
    "LAESTAB at time of latest OEIF graded inspection",
    "School name at time of latest OEIF graded inspection",
    "School type at time of latest OEIF graded inspection", "Latest OEIF category of concern",
    "Latest OEIF overall effectiveness", "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes", "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF  safeguarding is effective?",
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)", "Latest ungraded inspection number",
    "Date of latest ungraded inspection", "Ungraded inspection publication date",
    "Does the ungraded inspection relate to the URN of the current school?",
    "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
    "School name at time of the ungraded inspection",
    "School type at time of the ungraded inspection", "Ungraded inspection overall outcome",
    "Most recent category of concern",
)
_MI = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_"
EIF_NAME = f"{_MI}31_Aug_2024.csv"
REPORT_CARD_NAME = f"{_MI}31_Jan_2026.csv"
LA_NAMES = {"201": "City of London", "210": "Southwark"}
RELATES = "Does the latest full inspection relate to the URN of the current school?"


def _school(urn: int, name: str, la: str = "210") -> dict[str, str]:
    return {"Web link": f"http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/"
                        f"provider/ELS/{urn}", "URN": str(urn), "LAESTAB": f"{la}{urn % 10000:04d}",
            "School name": name, "Local authority": LA_NAMES[la], "Region": "London",
            "Ofsted region": "London"}


def _full(number: str, start: str, published: str, *, relates: str = "Yes", urn_then: str = "",
          category: str = "NULL", overall: str = "2", safeguarding: str = "Yes") -> dict[str, str]:
    grades = overall if overall in "1234" else "NULL"
    return {"Inspection number of latest full inspection": number,
            "Inspection type": "S5 Inspection", "Inspection type grouping": "Section 5",
            "Event type grouping": "Inspection", "Inspection start date": start,
            "Inspection end date": start, "Publication date": published, RELATES: relates,
            "URN at time of latest full inspection": urn_then, "Overall effectiveness": overall,
            "Category of concern": category, "Quality of education": grades,
            "Behaviour and attitudes": grades, "Personal development": grades,
            "Effectiveness of leadership and management": grades,
            "Safeguarding is effective?": safeguarding,
            "Early years provision (where applicable)": "NULL",
            "Sixth form provision (where applicable)": "NULL"}


def eif_rows() -> list[dict[str, str]]:
    return [
        {**_school(100000, "The Aldgate School", "201"),
         **_full("10012345", "07/12/2022", "24/01/2023", urn_then="100000")},
        {**_school(100834, "Bankside Primary School"),
         **_full("10234567", "12/03/2024", "18/04/2024", urn_then="100834")},
        {**_school(100835, "St Mary\u2019s CofE Primary School"),
         **_full("10234568", "06/02/2024", "22/03/2024", urn_then="100835", category="SM",
                 overall="4", safeguarding="No")},
        {**_school(100836, "St Thomas \u00e0 Becket Catholic Primary School"),
         **_full("10234569", "14/11/2023", "10/01/2024", urn_then="100836", category="SWK",
                 overall="4")},
        {**_school(100837, "Camberwell Grove School"),
         **_full("10234570", "20/06/2023", "01/09/2023", urn_then="100837", overall="3")},
        {**_school(100840, "Dulwich Learning Centre"),
         **_full("10234571", "05/07/2022", "20/09/2022", urn_then="100840")},
        {**_school(100842, "Camberwell Green Nursery School")},
        {**_school(100899, "Southwark Park Primary School"),
         **_full("10234572", "15/05/2024", "27/06/2024", urn_then="100899")},
        {**_school(139001, "Bermondsey Free School"),
         **_full("10234573", "03/10/2019", "11/11/2019", urn_then="139001")},
        {**_school(142001, "Rotherhithe Primary Academy"),
         **_full("10111111", "01/02/2015", "10/03/2015", relates="No", urn_then="100839")},
    ]


def _report_card(number: str, start: str, published: str, grades: dict[str, str], *,
                 safeguarding: str = "Met", category: str = "NULL") -> dict[str, str]:
    areas = {a: grades.get(a, "Expected standard") for a in (*_AREAS_2025,
                                                              "Leadership and governance")}
    dated = {f"{a} - date of grade": published for a in areas}
    return {"Inspection number of latest full inspection": number,
            "Inspection type": "S5 Inspection", "Inspection type grouping": "Section 5",
            "Event type grouping": "Inspection", "Inspection start date": start,
            "Publication date": published, RELATES: "Yes", "Category of concern": category,
            "Safeguarding standards": safeguarding,
            "Safeguarding standards - date of grade": published,
            "Early years (where applicable)": "NULL",
            "Post-16 provision (where applicable)": "NULL", **areas, **dated,
            "Most recent category of concern": category}


def _oeif(number: str, start: str, published: str, *, relates: str = "Yes", urn_then: str = "",
          category: str = "NULL", overall: str = "2",
          safeguarding: str = "Yes") -> dict[str, str]:
    return {"Inspection number of latest OEIF graded inspection": number,
            "Inspection type of latest OEIF graded inspection": "S5 Inspection",
            "Inspection start date of latest OEIF graded inspection": start,
            "Publication date of latest OEIF graded inspection": published,
            "Does the latest OEIF graded inspection relate to the URN of the current school?":
                relates, "URN at time of latest OEIF graded inspection": urn_then,
            "Latest OEIF category of concern": category,
            "Latest OEIF overall effectiveness": overall,
            "Latest OEIF quality of education": overall,
            "Latest OEIF effectiveness of leadership and management": overall,
            "Latest OEIF  safeguarding is effective?": safeguarding}


def report_card_rows() -> list[dict[str, str]]:
    urgent = "Urgent improvement"
    return [
        {**_school(100000, "The Aldgate School", "201"),
         **_oeif("10012345", "07/12/2022", "24/01/2023", urn_then="100000")},
        {**_school(100834, "Bankside Community Primary School"),
         **_report_card("10400001", "20/11/2025", "15/01/2026", {"Achievement":
                                                                 "Strong standard"}),
         **_oeif("10234567", "12/03/2024", "18/04/2024", urn_then="100834")},
        {**_school(100835, "St Mary\u2019s CofE Primary School"),
         **_oeif("10234568", "06/02/2024", "22/03/2024", urn_then="100835", category="SM",
                 overall="4", safeguarding="No"), "Most recent category of concern": "SM"},
        {**_school(100836, "St Thomas \u00e0 Becket Catholic Primary School"),
         **_report_card("10400002", "01/12/2025", "20/01/2026",
                        {"Achievement": urgent, "Leadership and governance": "Needs attention"},
                        category="RSI"),
         **_oeif("10234569", "14/11/2023", "10/01/2024", urn_then="100836", category="SWK",
                 overall="4")},
        {**_school(100840, "Dulwich Learning Centre"),
         **_report_card("10400003", "02/12/2025", "22/01/2026",
                        {"Inclusion": urgent, "Leadership and governance": urgent},
                        safeguarding="Not met", category="SM"),
         **_oeif("10234571", "05/07/2022", "20/09/2022", urn_then="100840")},
        {**_school(100899, "Southwark Park Primary School"),
         **_oeif("10234572", "15/05/2024", "27/06/2024", urn_then="100899")},
        {**_school(149901, "Camberwell Grove Academy"),
         **_oeif("10234570", "20/06/2023", "01/09/2023", relates="No", urn_then="100837",
                 overall="3")},
    ]


def ofsted_bytes(columns: tuple[str, ...], rows: list[dict[str, str]], *, title: str = "",
                 encoding: str = "cp1252") -> bytes:
    """An MI file: CSV with minimal quoting, CRLF, NULL for missing, an optional title row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    if title:
        writer.writerow([title] + [""] * (len(columns) - 1))
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "NULL") for c in columns])
    return out.getvalue().encode(encoding)


def _replace(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, old
    return data.replace(old, new)


def generate(dest: Path = FIXTURES) -> list[Path]:
    """Write every fixture under ``dest`` (gias/, ofsted/ and their malformed/); return them."""
    gias, ofsted = dest / "gias", dest / "ofsted"
    for folder in (gias / "malformed", ofsted / "malformed"):
        folder.mkdir(parents=True, exist_ok=True)
    written = [
        write_extract(gias / "edubasealldata20250422.csv", base_rows()),
        write_extract(gias / "edubasealldata20250520.csv", may_rows()),
        write_extract(gias / "edubasealldata20250902.csv", september_rows()),
        write_links(gias / "links_edubasealldata20250422.csv", base_links()),
        write_links(gias / "links_edubasealldata20250902.csv", september_links()),
    ]
    base = extract_bytes(base_rows())
    malformed = {
        "edubasealldata20250422_bad_date.csv":
            _replace(base, b'"Voluntary aided school","4","Local authority maintained schools",'
                           b'"1","Open","00","Not applicable","01-09-1972"',
                     b'"Voluntary aided school","4","Local authority maintained schools",'
                     b'"1","Open","00","Not applicable","1972-09-01"'),
        "edubasealldata20250422_unknown_type.csv":
            _replace(base, b'"02","Voluntary aided school","4","Local authority maintained '
                           b'schools","1","Open","00","Not applicable","01-09-1968"',
                     b'"02","Voluntary-aided school","4","Local authority maintained '
                     b'schools","1","Open","00","Not applicable","01-09-1968"'),
        "edubasealldata20250422_missing_header.csv":
            _replace(base, b'"TypeOfEstablishment (name)"', b'"TypeOfEstablishment"'),
        "edubasealldata20250422_utf8.csv":
            extract_bytes(base_rows(), columns=EXTRACT_COLUMNS, encoding="utf-8"),
    }
    for name, data in malformed.items():
        (gias / "malformed" / name).write_bytes(data)
        written.append(gias / "malformed" / name)
    eif = ofsted_bytes(EIF_COLUMNS, eif_rows(), title="Management information - state-funded "
                       "schools - latest inspections as at 31 August 2024")
    report_card = ofsted_bytes(REPORT_CARD_COLUMNS, report_card_rows(), encoding="utf-8-sig")
    for folder, name, data in (
            (ofsted, EIF_NAME, eif),
            (ofsted, REPORT_CARD_NAME, report_card),
            (ofsted / "malformed", "latest_inspections_bad_date.csv",
             _replace(eif, b"06/02/2024,06/02/2024", b"2024-02-06,06/02/2024")),
            (ofsted / "malformed", "latest_inspections_missing_header.csv",
             _replace(eif, b",Category of concern,", b",Category of Concern,")),
            (ofsted / "malformed", "latest_inspections_wrong_encoding.csv",
             _replace(eif, b"Bankside Primary School", b"Bankside Primary Sch\x81ol"))):
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(FIXTURES.parent.parent))
