"""GIAS files in exactly the published format, for fixtures and the import benchmark.

The extract is written as GIAS writes ``edubasealldata<YYYYMMDD>.csv`` from 22 April 2025:
the 135 columns in file order (../shared/data/gias_edubasealldata_columns.txt), cp1252, CRLF,
every text field quoted, the few numeric columns unquoted when they have a value, codes as
quoted strings with their leading zeros, dates dd-mm-yyyy. The links file likewise
(``links_edubasealldata<YYYYMMDD>.csv``). Values are fictional; the format is not.

``write_benchmark_extract`` writes the ~25,000-row extract the benchmark suite imports.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping
from pathlib import Path

from sela_workflow.aggregates.establishments import GIAS_TYPES, SELA_TYPES

EXTRACT_COLUMNS: tuple[str, ...] = (
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
    "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity",
    "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate", "NumberOfPupils",
    "NumberOfBoys", "NumberOfGirls", "PercentageFSM", "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)", "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)", "Federations (name)",
    "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "LastChangedDate", "Street",
    "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite",
    "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName",
    "HeadPreferredJobTitle", "BSOInspectorateName (name)", "InspectorateReport",
    "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces",
    "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", "SEN1 (name)", "SEN2 (name)",
    "SEN3 (name)", "SEN4 (name)", "SEN5 (name)", "SEN6 (name)", "SEN7 (name)", "SEN8 (name)",
    "SEN9 (name)", "SEN10 (name)", "SEN11 (name)", "SEN12 (name)", "SEN13 (name)",
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)",
    "GOR (name)", "DistrictAdministrative (code)", "DistrictAdministrative (name)",
    "AdministrativeWard (code)", "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)", "UrbanRural (code)",
    "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)",
    "LSOA (name)", "InspectorateName (name)", "SENStat", "SENNoStat",
    "BoardingEstablishment (name)", "PropsName", "PreviousLA (code)", "PreviousLA (name)",
    "PreviousEstablishmentNumber", "Country (name)", "UPRN", "SiteName", "QABName (code)",
    "QABName (name)", "EstablishmentAccredited (code)", "EstablishmentAccredited (name)",
    "QABReport", "CHNumber", "MSOA (code)", "LSOA (code)", "FSM", "AccreditationExpiryDate",
)
#: Columns GIAS writes without quotes when they hold a value (as in the real rows).
UNQUOTED = frozenset({"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN",
                      "Easting", "Northing", "SENStat", "SENNoStat"})
LINKS_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")

LAS = {"201": ("City of London", "E09000001"), "208": ("Lambeth", "E09000022"),
       "209": ("Lewisham", "E09000023"), "210": ("Southwark", "E09000028")}
PHASE_CODES = {"Not applicable": "0", "Nursery": "1", "Primary": "2",
               "Middle deemed primary": "3", "Secondary": "4", "Middle deemed secondary": "5",
               "16 plus": "6", "All-through": "7"}
STATUS_CODES = {"Open": "1", "Closed": "2", "Open, but proposed to close": "3",
                "Proposed to open": "4"}
RELIGION_CODES = {"Does not apply": "00", "Church of England": "02", "Roman Catholic": "03",
                  "None": "06"}
GROUP_CODES = {"Colleges": "1", "Universities": "2", "Independent schools": "3",
               "Local authority maintained schools": "4", "Special schools": "5",
               "Welsh schools": "6", "Other types": "9", "Academies": "10", "Free Schools": "11",
               "Online provider": "13"}
AGES = {"Nursery": (2, 5), "Primary": (3, 11), "Secondary": (11, 18), "All-through": (3, 19),
        "16 plus": (16, 19), "Not applicable": (5, 16)}


def gias_date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def establishment_row(urn: int | str, name: str, type_name: str, *, la_code: str = "210",
                      status: str = "Open", phase: str = "Primary",
                      religious_character: str = "Does not apply",
                      diocese: str = "Not applicable", trust: tuple[str, str] = ("", ""),
                      open_date: dt.date | None = None, close_date: dt.date | None = None,
                      opened_reason: str = "Not applicable",
                      closed_reason: str = "Not applicable",
                      last_changed: dt.date | None = None,
                      **columns: str) -> dict[str, str]:
    """One extract row: the named values, plausible ones for the columns an LA reads, and
    whatever ``columns`` (exact GIAS names) overrides."""
    kind = GIAS_TYPES.get(type_name)
    la_name, gss = LAS.get(la_code, ("Elsewhere", "E09000099"))
    low, high = AGES.get(phase, (4, 11))
    academy = bool(kind and kind.academy)
    row = dict.fromkeys(EXTRACT_COLUMNS, "")
    row.update({
        "URN": str(urn), "LA (code)": la_code, "LA (name)": la_name,
        "EstablishmentNumber": f"{int(urn) % 10000:04d}", "EstablishmentName": name,
        "TypeOfEstablishment (code)": f"{int(kind.code):02d}" if kind and kind.code else "",
        "TypeOfEstablishment (name)": type_name,
        "EstablishmentTypeGroup (code)": GROUP_CODES.get(kind.group, "") if kind else "",
        "EstablishmentTypeGroup (name)": kind.group if kind else "",
        "EstablishmentStatus (code)": STATUS_CODES.get(status, ""),
        "EstablishmentStatus (name)": status,
        "ReasonEstablishmentOpened (code)": "00" if opened_reason == "Not applicable" else "10",
        "ReasonEstablishmentOpened (name)": opened_reason, "OpenDate": gias_date(open_date),
        "ReasonEstablishmentClosed (code)": "00" if closed_reason == "Not applicable" else "10",
        "ReasonEstablishmentClosed (name)": closed_reason, "CloseDate": gias_date(close_date),
        "PhaseOfEducation (code)": PHASE_CODES.get(phase, ""), "PhaseOfEducation (name)": phase,
        "StatutoryLowAge": str(low), "StatutoryHighAge": str(high),
        "Boarders (code)": "1", "Boarders (name)": "No boarders",
        "NurseryProvision (name)": "No Nursery Classes", "OfficialSixthForm (code)": "2",
        "OfficialSixthForm (name)": "Does not have a sixth form", "Gender (code)": "3",
        "Gender (name)": "Mixed",
        "ReligiousCharacter (code)": RELIGION_CODES.get(religious_character, "99"),
        "ReligiousCharacter (name)": religious_character,
        "ReligiousEthos (name)": "Does not apply" if religious_character in (
            "Does not apply", "None") else religious_character,
        "Diocese (code)": "0000" if diocese == "Not applicable" else
            ("CE26" if "Archdiocese" not in diocese else "RC23"),
        "Diocese (name)": diocese, "AdmissionsPolicy (code)": "0",
        "AdmissionsPolicy (name)": "Not applicable", "SchoolCapacity": "420",
        "SpecialClasses (code)": "2", "SpecialClasses (name)": "No Special Classes",
        "CensusDate": "16-01-2025", "NumberOfPupils": "398", "NumberOfBoys": "201",
        "NumberOfGirls": "197", "PercentageFSM": "31.2",
        "TrustSchoolFlag (code)": "5" if academy else "0",
        "TrustSchoolFlag (name)": "Supported by a multi-academy trust" if academy
            else "Not applicable",
        "Trusts (code)": trust[0], "Trusts (name)": trust[1],
        "SchoolSponsorFlag (name)": "Not applicable",
        "FederationFlag (name)": "Not under a federation", "UKPRN": f"1{int(urn):07d}",
        "FurtherEducationType (name)": "Not applicable", "LastChangedDate":
            gias_date(last_changed), "Street": f"{int(urn) % 97 + 1} Example Road",
        "Town": "London", "Postcode": "SE1 0AA", "HeadTitle (name)": "Ms",
        "HeadFirstName": "[removed]", "HeadLastName": "[removed]",
        "HeadPreferredJobTitle": "Headteacher", "BSOInspectorateName (name)": "Not applicable",
        "TeenMoth (name)": "Not applicable", "CCF (name)": "Not applicable",
        "SENPRU (name)": "Not applicable", "EBD (name)": "Not applicable",
        "FTProv (name)": "Not applicable", "EdByOther (name)": "Not applicable",
        "Section41Approved (name)": "Not applicable", "GOR (code)": "H", "GOR (name)": "London",
        "DistrictAdministrative (code)": gss, "DistrictAdministrative (name)": la_name,
        "UrbanRural (code)": "A1", "UrbanRural (name)": "(England/Wales) Urban major conurbation",
        "GSSLACode (name)": gss, "Easting": "532000", "Northing": "179000",
        "Country (name)": "United Kingdom", "QABName (code)": "0",
        "QABName (name)": "Not applicable", "EstablishmentAccredited (code)": "0",
        "EstablishmentAccredited (name)": "Not applicable",
    })
    row.update(columns)
    return row


def _field(column: str, text: str) -> str:
    if column in UNQUOTED and text:
        return text
    return '"' + text.replace('"', '""') + '"'


def extract_bytes(rows: Iterable[Mapping[str, str]], *,
                  columns: tuple[str, ...] = EXTRACT_COLUMNS, encoding: str = "cp1252") -> bytes:
    """The extract's bytes: a quoted header, then each row with GIAS's quoting, CRLF."""
    lines = [",".join(f'"{c}"' for c in columns)]
    lines.extend(",".join(_field(c, row.get(c, "")) for c in columns) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def write_extract(path: Path, rows: Iterable[Mapping[str, str]], *,
                  columns: tuple[str, ...] = EXTRACT_COLUMNS, encoding: str = "cp1252") -> Path:
    path.write_bytes(extract_bytes(rows, columns=columns, encoding=encoding))
    return path


def link_row(urn: int | str, link_urn: int | str, link_name: str, link_type: str,
             date: dt.date | None) -> dict[str, str]:
    return {"URN": str(urn), "LinkURN": str(link_urn), "LinkName": link_name,
            "LinkType": link_type, "LinkEstablishedDate": gias_date(date)}


def write_links(path: Path, rows: Iterable[Mapping[str, str]]) -> Path:
    """The links file as GIAS writes it: URN and LinkURN unquoted, the rest quoted."""
    lines = [",".join(f'"{c}"' for c in LINKS_COLUMNS)]
    for r in rows:
        lines.append(",".join([r["URN"], r["LinkURN"],
                               *(_field(c, r[c]) for c in LINKS_COLUMNS[2:])]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def benchmark_rows(n: int = 25_000, *, la_code: str = "210", on: dt.date | None = None,
                   changed: int = 0, seed: int = 2026) -> list[dict[str, str]]:
    """``n`` open schools of ``la_code`` with the benchmark generator's type mix and URNs
    (200000 onwards); the first ``changed`` of every thousand are renamed, as a newer extract
    would show them."""
    from benchmarks.generator import PHASES, TODAY, TYPES, urn_of

    rng = random.Random(seed)
    slugs, weights = [t for t, _ in TYPES], [w for _, w in TYPES]
    day = on or TODAY
    rows = []
    for i in range(n):
        slug = rng.choices(slugs, weights=weights)[0]
        kind = SELA_TYPES[slug]
        church = slug in ("voluntary-aided", "voluntary-controlled")
        rc = church and rng.random() < 0.4
        phase = {"nursery": "Nursery", "all-through": "All-through", "secondary": "Secondary",
                 "primary": "Primary"}[PHASES.get(slug, rng.choice(("primary", "secondary")))]
        name = f"Benchmark School {i}" + (" (renamed)" if i % 1000 < changed else "")
        rows.append(establishment_row(
            urn_of(i), name, kind.gias_name, la_code=la_code, phase=phase,
            religious_character="Roman Catholic" if rc else
                ("Church of England" if church else "Does not apply"),
            diocese="Archdiocese of Southwark" if rc else
                ("Diocese of Southwark" if church else "Not applicable"),
            trust=(f"{17000 + i % 300}", f"Bench Trust {i % 300}") if kind.academy else ("", ""),
            open_date=dt.date(2000, 9, 1) + dt.timedelta(days=rng.randint(0, 9000)),
            last_changed=day - dt.timedelta(days=rng.randint(1, 400))))
    return rows


def write_benchmark_extract(folder: Path, n: int = 25_000, *, la_code: str = "210",
                            on: dt.date | None = None, changed: int = 0,
                            seed: int = 2026) -> Path:
    """Write ``edubasealldata<YYYYMMDD>.csv`` with ``n`` rows into ``folder``; return its path.

    Call it twice, with ``changed=0`` and then e.g. ``changed=10`` and a later ``on``, for an
    unchanged re-import and an import of a newer extract with 1% of the rows renamed.
    """
    from benchmarks.generator import TODAY

    day = on or TODAY
    path = folder / f"edubasealldata{day:%Y%m%d}.csv"
    return write_extract(path, benchmark_rows(n, la_code=la_code, on=day, changed=changed,
                                              seed=seed))
