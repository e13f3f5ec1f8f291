import pytest
from django.utils import translation

from lapak.core.errors import ValidationFailed
from lapak.market.sellers.validation import nib_check, npwp_check, passport_check, phone_check, phone_normalise
from lapak.regions.tests.conftest import regions, regions_session_load  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def codes(result) -> list[str]:
    return [issue.code for issue in result.errors]


# --- NIB ---------------------------------------------------------------------------------------------


def test_nib_is_thirteen_digits():
    assert nib_check("9120001234567").valid
    assert nib_check(" 9120 0012 3456 7 ").number == "9120001234567"
    assert codes(nib_check("912000123456")) == ["nib_length"]
    assert str(nib_check("912000123456").errors[0].message) == "A NIB has 13 digits; this one has 12."
    assert codes(nib_check("912000123456X")) == ["nib_characters"]
    assert codes(nib_check("9120-0012-3456")) == ["nib_characters", "nib_length"]
    assert codes(nib_check("")) == ["nib_length"]


# --- NPWP --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("npwp", "form"),
    [
        ("01.312.166.0-091.000", "npwp15"),
        ("013121660091000", "npwp15"),
        ("016090524017000", "npwp15"),
        ("01.300.066.6-091.000", "npwp15"),
        ("0013121660091000", "npwp16"),
        ("0 01.312.166.0-091.000", "npwp16"),
    ],
)
def test_valid_npwps(npwp, form):
    result = npwp_check(npwp)
    assert result.valid, result.errors
    assert result.form == form


@pytest.mark.parametrize(
    ("npwp", "code"),
    [
        ("01.312.166.1-091.000", "npwp_check_digit"),  # check digit changed
        ("01.312.167.0-091.000", "npwp_check_digit"),  # a digit before it changed
        ("0013121670091000", "npwp_check_digit"),
        ("01.312.166.0-091.00", "npwp_length"),
        ("01.312.166.0-091.00000", "npwp_length"),
        ("01.312.166.0-091.0000", "npwp_check_digit"),  # 16 digits: "0" + a wrong 15
        ("01/312/166/0/091/000", "npwp_characters"),
        ("O1.312.166.0-091.000", "npwp_characters"),
    ],
)
def test_invalid_npwps(npwp, code):
    result = npwp_check(npwp)
    assert not result.valid
    assert codes(result) == [code]


def test_sixteen_digit_npwp_of_a_resident_is_checked_as_her_nik(regions):  # noqa: F811
    ok = npwp_check("3276015501900001")
    assert ok.valid and ok.form == "npwp16_nik"
    bad = npwp_check("3276013202900000")
    assert not bad.valid and bad.form == "npwp16_nik"
    assert codes(bad) == ["nik_date", "nik_serial"]
    historical = npwp_check("9102031501900001")
    assert historical.valid and [w.code for w in historical.warnings] == ["nik_region_historical"]


def test_number_results_mask_their_repr():
    for result in (nib_check("9120001234567"), npwp_check("013121660091000"), passport_check("A1234567")):
        assert result.number not in repr(result) and result.number not in str(result)
        assert "•" in repr(result)


# --- passport ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["A1234567", "a1234567", " X 1234567", "E7654321", "AB123456"])
def test_valid_passports(number):
    assert passport_check(number).valid


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("A123456", "passport_length"),
        ("A12345678", "passport_length"),
        ("", "passport_length"),
        ("12345678", "passport_format"),
        ("ABC12345", "passport_format"),
        ("A123456B", "passport_format"),
        ("A-1234567", "passport_characters"),
        ("Ä1234567", "passport_characters"),
    ],
)
def test_invalid_passports(number, code):
    assert codes(passport_check(number)) == [code]


# --- phone -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["081234567890", "0812-3456-7890", "(0812) 3456 7890", "6281234567890", "+6281234567890", "+62 812.3456.7890"],
)
def test_indonesian_mobiles_normalise_to_e164(raw):
    assert phone_normalise(raw) == "+6281234567890"


def test_other_mobile_prefixes():
    assert phone_normalise("085712345678") == "+6285712345678"
    assert phone_normalise("0881234567") == "+62881234567"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0812345678901234", "phone_number"),  # too long
        ("08123", "phone_number"),  # too short
        ("0215551234", "phone_prefix"),  # a Jakarta landline
        ("+14155552671", "phone_prefix"),  # not Indonesian
        ("+6221555123", "phone_prefix"),
        ("812345678", "phone_prefix"),  # no trunk prefix
        ("0812-3456-789O", "phone_characters"),
        ("", "phone_characters"),
        ("08123456789+", "phone_characters"),
    ],
)
def test_rejected_numbers(raw, code):
    result = phone_check(raw)
    assert not result.valid and result.e164 is None
    assert codes(result) == [code]


def test_phone_normalise_raises_the_api_error_shape():
    with pytest.raises(ValidationFailed) as caught:
        phone_normalise("0215551234", field_name="contact_phone")
    assert caught.value.code == "phone_prefix"
    assert list(caught.value.fields) == ["contact_phone"]


def test_phone_check_repr_is_masked():
    result = phone_check("081234567890")
    assert "81234567890" not in repr(result)
