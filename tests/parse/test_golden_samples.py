"""Golden parses of the five sample reports.

The expectations were written by reading each source file by eye, not by copying the parser's output:
every value of tables 三 and 四 and of table 二, and the metadata. ``_`` stands for a blank cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.fields import table_rows
from auditor.reader import read_report

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_ = None
ZERO_ROW = [0] * 7


def rows_2019(**overrides):
    keys = [spec.key for spec in table_rows("applications", "2019")]
    return {key: overrides.get(key.replace(".", "__"), ZERO_ROW) for key in keys}


def rows_2021(**overrides):
    keys = [spec.key for spec in table_rows("applications", "2021")]
    return {key: overrides.get(key.replace(".", "__"), ZERO_ROW) for key in keys}


BLANK6_ZERO = [_, _, _, _, _, _, 0]


def only_person(n):
    return [n, _, _, _, _, _, n]


EXPECTED = {
    "2019-macheng-city.txt": {
        "meta": dict(agency="麻城市", year=2019, format_version="2019", publish_date=dt.date(2020, 1, 15),
                     organ_kind="government", organ_level="county_or_above"),
        "applications": rows_2019(
            new_received=[421, _, _, _, _, 1, 422],
            carried_over=only_person(127),
            results__granted=[212, _, _, _, _, 1, 213],
            results__partial=only_person(8),
            results__denied__state_secret=only_person(29),
            results__denied__prohibited=BLANK6_ZERO,
            results__denied__three_security=only_person(35),
            results__denied__third_party=BLANK6_ZERO,
            results__denied__internal=only_person(26),
            results__denied__process=BLANK6_ZERO,
            results__denied__enforcement_file=only_person(19),
            results__denied__inquiry=BLANK6_ZERO,
            results__unavailable__not_held=only_person(6),
            results__unavailable__need_create=BLANK6_ZERO,
            results__unavailable__unclear=BLANK6_ZERO,
            results__not_processed__petition=only_person(12),
            results__not_processed__repeated=only_person(31),
            results__not_processed__publication=BLANK6_ZERO,
            results__not_processed__mass=BLANK6_ZERO,
            results__not_processed__confirm=BLANK6_ZERO,
            results__other=only_person(267),
            results__total=[220, _, _, _, _, 1, 221],
            carried_forward=only_person(1),
        ),
        "review_values": 9,  # only 9 of the 15 cells are printed: none can be placed
        "active": {
            "regulations.rules": [0, 0, 0], "regulations.normative": [5, 5, 11],
            "licensing": [2749, -766, 3092], "other_services": [143453, -28932, 123263],
            "penalty": [6413, -1121, 4752], "coercion": [419, -8, 393], "fees": [732, 226],
            "procurement": [392, Decimal("3189.657")],
        },
        "units": {"procurement.amount": "万元"},
    },
    "2020-huajia-township.txt": {
        "meta": dict(agency="花戛乡人民政府", year=2020, format_version="2019", publish_date=dt.date(2021, 1, 28),
                     organ_kind="government", organ_level="township"),
        "applications": rows_2019(),
        "review": [0] * 15,
        "active": {
            "regulations.rules": [0, 0, 0], "regulations.normative": [0, 0, 0],
            "licensing": [0, 0, 0], "other_services": [0, 0, 0], "penalty": [0, 0, 0],
            "coercion": [0, 0, 0], "fees": [0, 0], "procurement": [4, 790000],
        },
        "units": {"procurement.amount": None},
    },
    "2020-bengshan-disabled-federation.txt": {
        "meta": dict(agency="区残联", organ="蚌山区残疾人联合会", year=2020, format_version="2019",
                     publish_date=dt.date(2021, 1, 19), organ_kind="department"),
        "applications": rows_2019(
            new_received=[1, 0, 0, 0, 0, 0, 1],
            results__unavailable__not_held=[1, 0, 0, 0, 0, 0, 1],
            results__total=[1, 0, 0, 0, 0, 0, 1],
        ),
        "review": [0] * 15,
        "active": {
            "regulations.rules": [0, 0, 0], "regulations.normative": [0, 0, 0],
            "licensing": [0, 0, 0], "other_services": [0, 0, 0], "penalty": [0, 0, 0],
            "coercion": [0, 0, 0], "fees": [0, 0], "procurement": [1, 1700],
        },
        "units": {"procurement.amount": None},
        "cell_units": {"active.procurement.amount": "元"},
    },
    "2021-shangdian-town.md": {
        "meta": dict(agency="舞钢市尚店镇人民政府", year=2021, format_version="2021", publish_date=None,
                     organ_kind="government", organ_level="township"),
        # Rows （一） to （六）3 print six values for seven columns: recorded as read, not placed.
        "applications": rows_2021(
            new_received=[1, 0, 0, 0, 0, 0, 1],
            results__total=[1, 0, 0, 0, 0, 0, 1],
        ),
        "short_rows": {
            "results.granted": [1, 0, 0, 0, 0, 1],
            **{key: [0] * 6 for key in (
                "results.partial", "results.denied.state_secret", "results.denied.prohibited",
                "results.denied.three_security", "results.denied.third_party", "results.denied.internal",
                "results.denied.process", "results.denied.enforcement_file", "results.denied.inquiry",
                "results.unavailable.not_held", "results.unavailable.need_create",
                "results.unavailable.unclear", "results.not_processed.petition",
                "results.not_processed.repeated", "results.not_processed.publication",
                "results.not_processed.mass", "results.not_processed.confirm",
                "results.other.no_correction", "results.other.no_fee", "results.other.other")},
        },
        "review": [0] * 15,
        "active": {
            "regulations.rules": [0, 0, 0], "regulations.normative": [0, 0, 0],
            "licensing": [0], "penalty": [0], "coercion": [0], "fees": [0],
        },
        "units": {"fees.amount": "万元"},
    },
    "2021-shangying-town-traditional.txt": {
        "meta": dict(agency="上英镇", organ="陆丰市上英镇人民政府", year=2021, format_version=None,
                     publish_date=dt.date(2022, 1, 15), organ_kind="government", organ_level="township"),
        "absent_tables": ["active", "applications", "review_litigation"],
        "damaged_lines": [7, 8],
    },
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def sample(request):
    return request.param, read_report(SAMPLES / request.param, f"samples/{request.param}")


def test_metadata(sample):
    name, report = sample
    for attribute, value in EXPECTED[name]["meta"].items():
        assert getattr(report, attribute) == value, attribute
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_table_three_values(sample):
    name, report = sample
    expected = EXPECTED[name].get("applications")
    if expected is None:
        pytest.skip("no table 三 in this sample")
    table = report.tables["applications"]
    short = EXPECTED[name].get("short_rows", {})
    assert set(table.rows) == set(expected)
    for key, values in expected.items():
        row = table.rows[key]
        if key in short:
            assert [c.value for c in row.values] == short[key], key
            assert row.cells == {}, key
        else:
            assert [c.value for c in row.values] == values, key
            assert [c.value for c in row.cells.values()] == values, key
            assert all(c.line for c in row.values), key
    assert table.missing_rows == []


def test_table_four_values(sample):
    name, report = sample
    table = report.tables["review_litigation"]
    if "review" in EXPECTED[name]:
        values = [c.value for row in table.rows.values() for c in row.cells.values()]
        assert values == EXPECTED[name]["review"]
    elif "review_values" in EXPECTED[name]:
        assert table.value_count() == EXPECTED[name]["review_values"]
        assert table.rows == {}
    else:
        assert not table.present


def test_table_two_values_and_units(sample):
    name, report = sample
    expected = EXPECTED[name].get("active")
    if expected is None:
        assert not report.tables["active"].present
        return
    table = report.tables["active"]
    assert {key: [c.value for c in row.values] for key, row in table.rows.items()} == expected
    assert table.units == EXPECTED[name]["units"]
    for key, unit in EXPECTED[name].get("cell_units", {}).items():
        assert report.cell(key).unit == unit


def test_missing_tables_and_damage(sample):
    name, report = sample
    for table in EXPECTED[name].get("absent_tables", []):
        assert not report.tables[table].present
    assert [d.line for d in report.damaged_lines] == EXPECTED[name].get("damaged_lines", [])
    assert not any(p.code == "not-a-report" for p in report.problems)
