"""Reading the published files as they are: encodings, headers, dates, line numbers."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.gias_files import (
    EXTRACT_COLUMNS,
    establishment_row,
    extract_bytes,
    write_benchmark_extract,
)
from sela_workflow.aggregates.calendar import ofsted_framework
from sela_workflow.imports import (
    ImportFileError,
    plan_gias,
    read_gias_extract,
    read_links,
    read_ofsted_mi,
    successions,
)
from sela_workflow.imports.reading import BadValue, gias_date, ofsted_date

from .import_fixtures import EIF_NAME, FIXTURES, REPORT_CARD_NAME, generate

GIAS = FIXTURES / "gias"
OFSTED = FIXTURES / "ofsted"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SAMPLE_SHA256 = "4c63909d43bf1a61fc3ff98a88bc94fae53b45227d6d3addc42b9d69e4e5ef41"


def test_committed_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    for path in generate(tmp_path):
        committed = FIXTURES / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), committed.name


def test_the_extract_fixture_has_the_published_bytes() -> None:
    data = (GIAS / "edubasealldata20250422.csv").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 18  # CRLF only: header + 17 rows
    assert b"St Mary\x92s CofE" in data and b"St Thomas \xe0 Becket" in data  # cp1252
    header = data.split(b"\r\n")[0].decode("ascii")
    assert header == ",".join(f'"{c}"' for c in EXTRACT_COLUMNS)
    assert b'\r\n100834,"210","Southwark","0834","Bankside Primary School","01",' in data
    if (SHARED / "gias_edubasealldata_columns.txt").exists():
        listed = [line[2:].split("  #")[0].strip() for line in
                  (SHARED / "gias_edubasealldata_columns.txt").read_text().splitlines()
                  if line.startswith("+ ")]
        assert tuple(listed) == EXTRACT_COLUMNS


def test_an_extract_of_several_las_yields_only_the_chosen_las_rows_typed() -> None:
    ex = read_gias_extract(GIAS / "edubasealldata20250422.csv")
    assert ex.extract_date == dt.date(2025, 4, 22)
    assert ex.la_codes == {"210"} and ex.rows == 17 and ex.outside == 4
    assert {e.la_code for e in ex.establishments} == {"210"}
    by_urn = {e.urn: e for e in ex.establishments}
    assert sorted(by_urn) == ["100834", "100835", "100836", "100837", "100838", "100839",
                              "100840", "100842", "139001", "142001", "150001"]
    mary = by_urn["100835"]
    assert (mary.name, mary.establishment_type, mary.religious_character, mary.diocese) == (
        "St Mary\u2019s CofE Primary School", "voluntary-aided", "cofe", "Diocese of Southwark")
    assert mary.maintained and not mary.academy and mary.open_date == dt.date(1972, 9, 1)
    assert by_urn["100836"].name == "St Thomas \u00e0 Becket Catholic Primary School"
    assert by_urn["100840"].establishment_type == "pru"
    assert by_urn["100840"].phase == "not-applicable"
    assert by_urn["139001"].status == "open-proposed-to-close"
    academy = by_urn["142001"]
    assert (academy.establishment_type, academy.academy, academy.academy_trust,
            academy.trust_code) == ("academy-converter", True, "Thames Bank Learning Trust",
                                    "16001")
    assert by_urn["100838"].status == "closed"
    assert by_urn["100838"].close_date == dt.date(2019, 8, 31)
    assert by_urn["100834"].open_date is None and by_urn["100834"].diocese == ""
    assert [(s.line, s.urn, s.malformed) for s in ex.skipped] == [
        (11, "100841", False), (13, "100843", False)]
    assert "independent" in ex.skipped[0].detail and "SEED-002" in ex.skipped[0].detail
    assert ex.source.encoding == "cp1252"
    assert ex.source.sha256 == hashlib.sha256(
        (GIAS / "edubasealldata20250422.csv").read_bytes()).hexdigest()


def test_several_las_can_be_chosen() -> None:
    ex = read_gias_extract(GIAS / "edubasealldata20250422.csv", la_codes=["201", "210"])
    assert {e.la_code for e in ex.establishments} == {"201", "210"}
    assert ex.outside == 2
    with pytest.raises(ValueError, match="three digits"):
        read_gias_extract(GIAS / "edubasealldata20250422.csv", la_codes=["Southwark"])


def test_the_extract_date_comes_from_the_name_or_is_given(tmp_path: Path) -> None:
    data = (GIAS / "edubasealldata20250422.csv").read_bytes()
    copy = tmp_path / "edubasealldata20250422 (1).csv"
    copy.write_bytes(data)
    assert read_gias_extract(copy).extract_date == dt.date(2025, 4, 22)
    assert read_gias_extract(copy, extract_date=dt.date(2025, 4, 23)).extract_date == \
        dt.date(2025, 4, 23)
    renamed = tmp_path / "southwark.csv"
    renamed.write_bytes(data)
    with pytest.raises(ImportFileError, match="extract date is not in the file name"):
        read_gias_extract(renamed)


def test_a_bad_date_skips_its_row_with_the_line_number() -> None:
    ex = read_gias_extract(GIAS / "malformed" / "edubasealldata20250422_bad_date.csv")
    [bad] = [s for s in ex.skipped if s.malformed]
    assert (bad.line, bad.urn, bad.reason) == (5, "100835", "bad date")
    assert "OpenDate '1972-09-01' is not a date written dd-mm-yyyy" in bad.detail
    assert "line 5 URN 100835: bad date" in str(bad)
    assert "100835" not in {e.urn for e in ex.establishments}
    assert len(ex.establishments) == 10


def test_an_unknown_type_skips_its_row_with_the_line_number() -> None:
    ex = read_gias_extract(GIAS / "malformed" / "edubasealldata20250422_unknown_type.csv")
    [bad] = [s for s in ex.skipped if s.malformed]
    assert (bad.line, bad.urn, bad.reason) == (6, "100836", "unknown establishment type")
    assert "'Voluntary-aided school'" in bad.detail


def test_a_missing_required_header_is_refused_naming_the_column() -> None:
    with pytest.raises(ImportFileError) as e:
        read_gias_extract(GIAS / "malformed" / "edubasealldata20250422_missing_header.csv")
    assert str(e.value) == (
        "edubasealldata20250422_missing_header.csv: line 1: missing required column "
        "'TypeOfEstablishment (name)' (the file has 'TypeOfEstablishment'); column names are "
        "checked exactly as published")


def test_an_extract_re_saved_as_utf8_is_refused_with_the_line() -> None:
    with pytest.raises(ImportFileError) as e:
        read_gias_extract(GIAS / "malformed" / "edubasealldata20250422_utf8.csv")
    assert e.value.problem.line == 5  # the first non-ASCII byte: St Mary's apostrophe
    assert "is UTF-8, not cp1252" in str(e.value) and "--encoding utf-8" in str(e.value)
    named = read_gias_extract(GIAS / "malformed" / "edubasealldata20250422_utf8.csv",
                              encoding="utf-8")
    assert "St Mary\u2019s CofE Primary School" in {e.name for e in named.establishments}
    with_bom = b"\xef\xbb\xbf" + (GIAS / "malformed" / "edubasealldata20250422_utf8.csv"
                                   ).read_bytes()
    assert read_gias_extract("edubasealldata20250422.csv", data=with_bom,
                             encoding="utf-8").establishments == named.establishments


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"\xff\xfeU\x00R\x00N\x00", "UTF-16 or binary"),
    (b'\xef\xbb\xbf"URN"\r\n', "byte-order mark"),
    (b'"Name","Town"\r\n"A","B"\r\n', "no column named 'URN'"),
    (b'"URN"\r\n"caf\x81"\r\n', "byte 0x81 is not cp1252"),
])
def test_unreadable_files_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_gias_extract("edubasealldata20250422.csv", data=data)


def test_broken_csv_is_refused_with_the_line_it_starts_on() -> None:
    data = b'"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n1,2,"x\r\n'
    with pytest.raises(ImportFileError, match="line 2: not valid CSV"):
        read_links("links_edubasealldata20250422.csv", data=data)


def test_a_row_cut_short_is_reported_not_raised() -> None:
    lines = (GIAS / "edubasealldata20250422.csv").read_bytes().split(b"\r\n")
    assert lines[3].startswith(b"100834,")
    cut = [i for i in range(len(lines[3])) if lines[3].startswith(b'","', i)][40]
    lines[3] = lines[3][:cut + 1]  # the row ends after a closing quote, 40-odd fields in
    ex = read_gias_extract("edubasealldata20250422.csv", data=b"\r\n".join(lines))
    [bad] = [s for s in ex.skipped if s.malformed]
    assert (bad.line, bad.urn, bad.reason) == (4, "100834", "malformed row")
    assert "fields but the header has 135" in bad.detail


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_no_bytes_make_a_reader_raise_anything_but_a_file_error(data: bytes) -> None:
    for read in (lambda: read_gias_extract("edubasealldata20250422.csv", data=data),
                 lambda: read_links("links_edubasealldata20250422.csv", data=data),
                 lambda: read_ofsted_mi("mi.csv", data=data)):
        with contextlib.suppress(ImportFileError):
            read()


def _reads_as_utf8(text: str) -> bool:
    """Whether cp1252 bytes of ``text`` happen to be UTF-8 too (e.g. "Ã©", mojibake itself):
    the reader takes such a file for a re-saved one, as nearly always it is."""
    try:
        decoded = text.encode("cp1252").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not text.isascii() and not any("\x80" <= c <= "\x9f" for c in decoded)


_EXTRACT = (GIAS / "edubasealldata20250422.csv").read_bytes()
_MI = (OFSTED / EIF_NAME).read_bytes()


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([("edubasealldata20250422.csv", _EXTRACT), ("mi.csv", _MI)]),
       st.lists(st.tuples(st.integers(0, 8000), st.binary(min_size=0, max_size=3)),
                max_size=4), st.integers(50, 25000))
def test_damaged_real_files_give_rows_or_a_file_error_never_a_traceback(
        file: tuple[str, bytes], edits: list[tuple[int, bytes]], keep: int) -> None:
    name, data = file
    for at, new in edits:  # overwrite a few bytes, then cut the file short
        data = data[:at] + new + data[at + len(new):]
    data = data[:keep]
    read = read_ofsted_mi if name == "mi.csv" else read_gias_extract
    with contextlib.suppress(ImportFileError):
        read(name, data=data)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="cp1252", exclude_characters='\r\n\x00'),
               min_size=1, max_size=40).filter(lambda s: s.strip() and s.strip() != "NULL"
                                               and not _reads_as_utf8(s)))
def test_any_cp1252_name_survives_the_published_encoding(name: str) -> None:
    data = extract_bytes([establishment_row(100834, name, "Community school")])
    [row] = read_gias_extract("edubasealldata20250422.csv", data=data).establishments
    assert row.name == name.strip()


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_read_in_each_publishers_format(day: dt.date) -> None:
    assert gias_date(day.strftime("%d-%m-%Y"), "OpenDate") == day
    assert ofsted_date(day.strftime("%d/%m/%Y"), "Publication date") == day
    with pytest.raises(BadValue):
        gias_date(day.isoformat(), "OpenDate")
    with pytest.raises(BadValue):
        ofsted_date(day.strftime("%d-%m-%Y"), "Publication date")


def test_missing_dates_are_none_and_impossible_ones_refused() -> None:
    assert gias_date("", "CloseDate") is None and ofsted_date("", "x") is None
    with pytest.raises(BadValue, match="'31-02-2020' is not a date"):
        gias_date("31-02-2020", "CloseDate")


def test_the_real_links_sample_is_read_byte_for_byte() -> None:
    path = GIAS / "gias_links_sample_20250422.csv"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SAMPLE_SHA256
    links = read_links(path)
    assert links.rows == 64 and len(links.links) == 64 and links.skipped == ()
    assert links.source.sha256 == SAMPLE_SHA256 and links.source.encoding == "cp1252"
    names = {link.link_name for link in links.links}
    assert {"St Thomas \u00e0 Becket Catholic Secondary School, A Voluntary Academy",
            "North Star 82\u00b0", "Awel Y M\u00f4r Primary School"} <= names
    kinds = {link.kind for link in links.links}
    assert {"successor", "predecessor", "successor-split-school", "sixth-form-centre-link",
            "result-of-amalgamation", "merged-expansion-and-age-range", "closure"} <= kinds
    assert sum(link.date is None for link in links.links) == 8
    pairs = {(s.predecessor, s.successor): s for s in successions(links.links)}
    becket = pairs[("108299", "138950")]
    assert (becket.last_day, becket.first_day, becket.reciprocal, becket.date) == (
        dt.date(2012, 10, 31), dt.date(2012, 11, 1), True, dt.date(2012, 11, 1))
    assert becket.lines == (26, 55)
    assert not pairs[("100016", "132245")].reciprocal  # its Predecessor row is not in the sample
    if (SHARED / "gias_links_sample_20250422.csv").exists():
        assert path.read_bytes() == (SHARED / "gias_links_sample_20250422.csv").read_bytes()


def test_the_eif_era_file_with_its_title_row() -> None:
    mi = read_ofsted_mi(OFSTED / EIF_NAME)
    assert (mi.layout, mi.title_rows, mi.source.encoding, mi.as_at) == (
        "eif", 1, "cp1252", dt.date(2024, 8, 31))
    rows = {r.urn: r for r in mi.rows}
    assert rows["100835"].line == 5 and rows["100835"].la_code == "210"
    assert rows["100835"].school_name == "St Mary\u2019s CofE Primary School"
    [sm] = rows["100835"].inspections
    assert (sm.number, sm.start_date, sm.publication_date, sm.category, sm.safeguarding,
            sm.framework) == ("10234568", dt.date(2024, 2, 6), dt.date(2024, 3, 22), "SM",
                              "INEFFECTIVE", "EIF_PRE_2024_09")
    assert dict(sm.grades)["Overall effectiveness"] == "4"
    assert "Early years provision (where applicable)" not in dict(sm.grades)  # NULL is missing
    [swk] = rows["100836"].inspections
    assert (swk.category, swk.category_as_published) == ("RSI", "SWK")
    [earlier] = rows["142001"].inspections
    assert (earlier.relates_to_current_urn, earlier.urn_at_inspection) == (False, "100839")
    assert rows["100842"].inspections == ()


def test_the_report_card_file_with_its_oeif_columns() -> None:
    mi = read_ofsted_mi(OFSTED / REPORT_CARD_NAME)
    assert (mi.layout, mi.title_rows, mi.source.encoding) == ("report-card", 0, "utf-8-sig")
    rows = {r.urn: r for r in mi.rows}
    assert rows["100834"].line == 3
    oeif, card = rows["100834"].inspections
    assert (oeif.which, oeif.number, oeif.framework, oeif.safeguarding) == (
        "latest OEIF graded inspection", "10234567", "EIF_PRE_2024_09", "EFFECTIVE")
    assert dict(oeif.grades)["Overall effectiveness"] == "2"
    assert (card.which, card.number, card.framework, card.safeguarding) == (
        "latest full inspection", "10400001", "RENEWED_2025_11", "MET")
    assert dict(card.grades)["Achievement"] == "Strong standard"
    [_, pru_card] = rows["100840"].inspections
    assert (pru_card.category, pru_card.safeguarding) == ("SM", "NOT_MET")
    assert dict(pru_card.grades)["Leadership and governance"] == "Urgent improvement"
    assert rows["100836"].inspections[1].category == "RSI"
    assert rows["100835"].most_recent_category == "SM"
    [academy] = rows["149901"].inspections
    assert (academy.relates_to_current_urn, academy.urn_at_inspection) == (False, "100837")


def test_ofsted_files_in_either_encoding_read_the_same(tmp_path: Path) -> None:
    text = (OFSTED / REPORT_CARD_NAME).read_bytes().decode("utf-8-sig")
    as_cp1252 = read_ofsted_mi("mi.csv", data=text.encode("cp1252"))
    as_utf8 = read_ofsted_mi("mi.csv", data=text.encode("utf-8"))
    assert as_cp1252.source.encoding == "cp1252" and as_utf8.source.encoding == "utf-8"
    assert as_cp1252.rows == as_utf8.rows


def test_a_bad_ofsted_date_skips_its_row_with_the_line_number() -> None:
    mi = read_ofsted_mi(OFSTED / "malformed" / "latest_inspections_bad_date.csv")
    [bad] = mi.skipped
    assert (bad.line, bad.urn, bad.malformed) == (5, "100835", True)
    assert "'2024-02-06' is not a date written dd/mm/yyyy" in bad.detail


def test_a_near_miss_ofsted_header_is_refused_not_guessed() -> None:
    with pytest.raises(ImportFileError) as e:
        read_ofsted_mi(OFSTED / "malformed" / "latest_inspections_missing_header.csv")
    assert e.value.problem.line == 2  # the header, below the title row
    assert "'Category of concern' (the file has 'Category of Concern')" in str(e.value)


def test_an_ofsted_file_in_no_known_encoding_is_refused_with_the_line() -> None:
    with pytest.raises(ImportFileError) as e:
        read_ofsted_mi(OFSTED / "malformed" / "latest_inspections_wrong_encoding.csv")
    assert e.value.problem.line == 4
    assert "byte 0x81 is not cp1252" in str(e.value)


def test_the_in_year_file_is_named_as_the_wrong_file() -> None:
    with pytest.raises(ImportFileError, match="in-year inspections file"):
        read_ofsted_mi("mi.csv", data=b"URN,Inspection number,Inspection start date\r\n")


@pytest.mark.parametrize("start, period", [
    (dt.date(2024, 9, 1), "EIF_PRE_2024_09"), (dt.date(2024, 9, 2), "EIF_2024_25"),
    (dt.date(2025, 11, 9), "EIF_2024_25"), (dt.date(2025, 11, 10), "RENEWED_2025_11")])
def test_framework_periods_by_start_date(start: dt.date, period: str) -> None:
    assert ofsted_framework(start) == period  # rulebook §4.2, as the reader assigns them


def test_the_benchmark_extract_is_the_same_format(tmp_path: Path) -> None:
    path = write_benchmark_extract(tmp_path, 300, on=dt.date(2026, 11, 20))
    assert path.name == "edubasealldata20261120.csv"
    data = path.read_bytes()
    assert data.split(b"\r\n")[0] == ",".join(f'"{c}"' for c in EXTRACT_COLUMNS).encode()
    ex = read_gias_extract(path)
    assert len(ex.establishments) == 300 and ex.skipped == ()
    assert plan_gias(ex, {}).counts.new == 300
    newer = write_benchmark_extract(tmp_path, 300, on=dt.date(2026, 12, 1), changed=5)
    from sela_workflow.imports import apply_plan

    plan = plan_gias(read_gias_extract(newer), apply_plan({}, plan_gias(ex, {})))
    assert plan.counts.changed == 5 and {s.field for s in plan.steps} == {"name"}
