import csv
import re
from pathlib import Path

import pytest

from lapak.regions.models import HistoricalRegionCode
from lapak.regions.selectors import NikRegionLevel, NikRegionStatus, nik_region_lookup
from lapak.regions.sources import HISTORICAL_CSV


def test_every_source_key_in_the_csv_is_documented():
    readme = (Path(HISTORICAL_CSV).parent / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, flags=re.MULTILINE))
    with HISTORICAL_CSV.open() as handle:
        used = {row["source"] for row in csv.DictReader(handle)}
    assert used <= documented


def test_historical_codes_are_loaded_with_their_successors(regions):
    tarakan = HistoricalRegionCode.objects.select_related("successor").get(code="6473")
    assert (tarakan.level, tarakan.successor_id, tarakan.successor.name, tarakan.changed_in) == (
        2,
        "65.71",
        "Kota Tarakan",
        2012,
    )


def test_current_code_resolves_to_the_district(regions):
    match = nik_region_lookup("327601")
    assert match.status == NikRegionStatus.CURRENT
    assert match.level == NikRegionLevel.DISTRICT and match.district_known
    assert (match.province.name, match.regency.name, match.district.name) == (
        "Jawa Barat",
        "Kota Depok",
        "Pancoran Mas",
    )
    assert match.historical is None


def test_pre_2022_papua_district_resolves_to_its_successor_in_papua_pegunungan(regions):
    # Kurulu was 91.02.03 in Papua's Jayawijaya; after the split it is 95.01.02, renumbered, not just re-prefixed.
    match = nik_region_lookup("910203")
    assert match.status == NikRegionStatus.HISTORICAL
    assert match.level == NikRegionLevel.DISTRICT
    assert (match.province.code, match.regency.code, match.district.code) == ("95", "95.01", "95.01.02")
    assert match.district.name == "Kurulu"
    assert (match.historical.code, match.historical.name, match.historical.changed_in) == ("910203", "Kurulu", 2022)
    assert match.historical.successor.code == "95.01.02"


def test_pre_2022_papua_barat_code_resolves_to_papua_barat_daya(regions):
    match = nik_region_lookup("927101")
    assert match.status == NikRegionStatus.HISTORICAL
    assert (match.province.name, match.regency.name, match.district.name) == (
        "Papua Barat Daya",
        "Kota Sorong",
        "Sorong",
    )


def test_old_papua_regency_with_unknown_district_is_a_partial_historical_match(regions):
    match = nik_region_lookup("910299")
    assert match.status == NikRegionStatus.HISTORICAL
    assert match.level == NikRegionLevel.REGENCY and not match.district_known
    assert (match.province.name, match.regency.code, match.district) == ("Papua Pegunungan", "95.01", None)
    assert match.historical.code == "9102"


@pytest.mark.parametrize(
    ("prefix", "province", "regency"),
    [("647301", "65", "65.71"), ("640401", "65", "65.01"), ("640501", "65", "65.03"), ("732101", "76", "76.02")],
)
def test_kaltara_and_sulbar_pre_split_codes_resolve_to_the_regency(regions, prefix, province, regency):
    match = nik_region_lookup(prefix)
    assert match.status == NikRegionStatus.HISTORICAL
    assert match.level == NikRegionLevel.REGENCY
    assert (match.province.code, match.regency.code, match.district) == (province, regency, None)


def test_unchanged_papua_code_is_current(regions):
    match = nik_region_lookup("917101")
    assert match.status == NikRegionStatus.CURRENT
    assert (match.regency.name, match.district.name) == ("Kota Jayapura", "Jayapura Utara")


def test_partial_current_matches_say_how_far_they_got(regions):
    regency_only = nik_region_lookup("327699")
    assert (regency_only.status, regency_only.level, regency_only.district) == (
        NikRegionStatus.CURRENT,
        NikRegionLevel.REGENCY,
        None,
    )
    province_only = nik_region_lookup("329999")
    assert (province_only.status, province_only.level, province_only.regency) == (
        NikRegionStatus.CURRENT,
        NikRegionLevel.PROVINCE,
        None,
    )
    assert province_only.province.name == "Jawa Barat"


@pytest.mark.parametrize("prefix", ["999999", "000000", "100101"])
def test_unknown_province_is_unknown(regions, prefix):
    match = nik_region_lookup(prefix)
    assert (match.status, match.level, match.province, match.province_known) == (
        NikRegionStatus.UNKNOWN,
        NikRegionLevel.NONE,
        None,
        False,
    )


@pytest.mark.parametrize("prefix", ["32760", "3276011", "32760a", "３２７６０１", "", None])
def test_malformed_prefix_is_a_programming_error(prefix):
    with pytest.raises(ValueError, match="six digits"):
        nik_region_lookup(prefix)


@pytest.mark.parametrize(("prefix", "queries"), [("327601", 1), ("327699", 2), ("910203", 3), ("999999", 2)])
def test_lookup_takes_a_bounded_number_of_queries(regions, django_assert_num_queries, prefix, queries):
    with django_assert_num_queries(queries):
        nik_region_lookup(prefix)
