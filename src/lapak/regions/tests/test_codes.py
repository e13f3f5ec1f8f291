import pytest

from lapak.regions.codes import ancestor_codes, dotted_from_digits, normalize_region_code
from lapak.regions.sources import kind_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("32", "32"),
        ("32.76", "32.76"),
        ("3276", "32.76"),
        ("327601", "32.76.01"),
        ("3276011006", "32.76.01.1006"),
        ("32.76.01.1006", "32.76.01.1006"),
        ("abc", None),
        ("3", None),
        ("327", None),
        ("32.7", None),
        ("32.76.01.100", None),
        ("32767", None),
        ("32-76", None),
        ("３２", None),
        (" 32", None),
        ("1" * 200, None),
    ],
)
def test_normalize_region_code(raw, expected):
    assert normalize_region_code(raw) == expected


def test_helpers():
    assert dotted_from_digits("3276011006") == "32.76.01.1006"
    assert ancestor_codes("32.76.01.1006") == ["32", "32.76", "32.76.01"]
    assert ancestor_codes("32") == []


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("32", "Jawa Barat", "provinsi"),
        ("32.76", "Kota Depok", "kota"),
        ("32.01", "Kabupaten Bogor", "kabupaten"),
        ("31.71", "Kota Administrasi Jakarta Pusat", "kota_administrasi"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", "kabupaten_administrasi"),
        ("32.76.01", "Pancoran Mas", "kecamatan"),
        ("91.03.01", "Sentani", "distrik"),
        ("32.76.01.1006", "Depok", "kelurahan"),
        ("32.01.01.2001", "Some Desa", "desa"),
        ("91.03.01.3007", "Desa Adat Yoboi", "desa_adat"),
    ],
)
def test_kind_of(code, name, kind):
    assert kind_of(code, name) == kind
