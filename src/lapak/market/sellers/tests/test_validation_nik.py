from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapak.market.sellers.validation import nik_check
from lapak.regions.models import Region, RegionLevel
from lapak.regions.tests.conftest import regions, regions_session_load  # noqa: F401  (the session-loaded table)

TODAY = date(2025, 6, 1)
# Two-digit years name a century only within the last 100 years: older people decode as a century younger.
OLDEST = date(TODAY.year - 100, TODAY.month, TODAY.day) + timedelta(days=1)
FIXTURE_OK = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def districts(regions):  # noqa: F811
    rows = Region.objects.filter(level=RegionLevel.DISTRICT).select_related("parent__parent")
    return [(r.digits, r.parent.parent.name, r.parent.name, r.name) for r in rows.order_by("code")]


def make_nik(region: str, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "F" else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def parts(result) -> set[str]:
    return {issue.part for issue in result.errors}


valid_niks = st.tuples(st.dates(min_value=OLDEST, max_value=TODAY), st.sampled_from(["F", "M"]), st.integers(1, 9999))


@FIXTURE_OK
@given(data=st.data(), person=valid_niks)
def test_valid_niks_decode_back_to_their_region_date_and_sex(districts, data, person):
    region, province, regency, district = data.draw(st.sampled_from(districts))
    born, sex, serial = person
    result = nik_check(make_nik(region, born, sex, serial), today=TODAY)
    assert result.valid, result.errors
    assert (result.birth_date, result.sex) == (born, sex)
    assert (result.province, result.regency, result.district) == (province, regency, district)
    assert result.region_status == "current" and result.warnings == []


@FIXTURE_OK
@given(data=st.data(), person=valid_niks)
def test_each_kind_of_damage_names_its_part(districts, data, person):
    region = data.draw(st.sampled_from(districts))[0]
    nik = make_nik(region, *person)
    position = data.draw(st.integers(0, 15))
    letter = data.draw(st.sampled_from("AbxZ-./"))

    shorter = nik[:position] + nik[position + 1 :]
    assert parts(nik_check(shorter, today=TODAY)) == {"length"}
    assert parts(nik_check(nik + data.draw(st.sampled_from("0123456789")), today=TODAY)) == {"length"}
    assert parts(nik_check(nik[:position] + letter + nik[position + 1 :], today=TODAY)) == {"characters"}
    assert parts(nik_check(nik[:position] + letter + nik[position:], today=TODAY)) == {"characters", "length"}
    assert parts(nik_check(nik[:12] + "0000", today=TODAY)) == {"serial"}
    assert parts(nik_check(data.draw(st.sampled_from(["00", "99", "10", "20", "30", "66", "80"])) + nik[2:])) == {
        "province"
    }


@FIXTURE_OK
@given(data=st.data(), person=valid_niks)
def test_impossible_birth_dates_are_date_errors(districts, data, person):
    region = data.draw(st.sampled_from(districts))[0]
    nik = make_nik(region, *person)
    bad_day = data.draw(st.sampled_from([0, *range(32, 41), *range(72, 100)]))
    bad_month = data.draw(st.sampled_from([0, *range(13, 100)]))
    assert parts(nik_check(nik[:6] + f"{bad_day:02d}" + nik[8:], today=TODAY)) == {"date"}
    assert parts(nik_check(nik[:8] + f"{bad_month:02d}" + nik[10:], today=TODAY)) == {"date"}


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "310290",  # 31 February
        "300290",
        "710290",  # a woman born on 31 February
        "310490",  # 31 April
        "720190",  # day 72 = a woman born on the 32nd
        "290201",  # 29 February of 2001 and of 1901: neither is a leap year
    ],
)
def test_calendar_impossible_dates(regions, ddmmyy):  # noqa: F811
    result = nik_check(f"327601{ddmmyy}0001", today=TODAY)
    assert parts(result) == {"date"}
    assert result.errors[0].code == "nik_date"
    assert (result.birth_date, result.sex) == (None, None)


def test_leap_day_resolves_to_the_century_where_it_exists(regions):  # noqa: F811
    assert nik_check("327601290200" + "0001", today=TODAY).birth_date == date(2000, 2, 29)
    assert nik_check("327601690296" + "0001", today=TODAY).birth_date == date(1996, 2, 29)


def test_century_is_the_latest_not_in_the_future(regions):  # noqa: F811
    assert nik_check("3276010106250001", today=TODAY).birth_date == date(2025, 6, 1)  # born today: age 0
    assert nik_check("3276010206250001", today=TODAY).birth_date == date(1925, 6, 2)  # tomorrow: 1925
    assert nik_check("3276011508070001", today=TODAY).birth_date == date(2007, 8, 15)


def test_age_on_is_for_the_callers_business_rules(regions):  # noqa: F811
    result = nik_check("3276011508070001", today=TODAY)
    assert result.age_on(date(2025, 8, 14)) == 17
    assert result.age_on(date(2024, 8, 15)) == 17
    assert result.age_on(date(2024, 8, 14)) == 16
    assert nik_check("3276013109070001", today=TODAY).age_on(TODAY) is None  # 31 September


def test_a_known_nik_decodes_fully(regions):  # noqa: F811
    result = nik_check(" 3276 0155 0190 0001 ", today=TODAY)
    assert result.valid and result.nik == "3276015501900001"
    assert (result.province, result.regency, result.district) == ("Jawa Barat", "Kota Depok", "Pancoran Mas")
    assert (result.birth_date, result.sex, result.region_status) == (date(1990, 1, 15), "F", "current")


def test_only_whitespace_is_stripped(regions):  # noqa: F811
    assert parts(nik_check("3276-0155-0190-0001")) == {"characters", "length"}
    assert parts(nik_check("3276.0155.0190.001")) == {"characters", "length"}
    assert parts(nik_check("３２７６０１５５０１９００００１")) == {"characters"}  # full-width digits


def test_length_message_names_the_count(regions):  # noqa: F811
    result = nik_check("327601550190001")
    assert [(i.part, i.code, str(i.message)) for i in result.errors] == [
        ("length", "nik_length", "A NIK has 16 digits; this one has 15.")
    ]
    assert parts(nik_check("")) == {"length"}


def test_unknown_district_is_a_warning_not_an_error(regions):  # noqa: F811
    result = nik_check("3276991501900001", today=TODAY)
    assert result.valid and result.errors == []
    assert [(w.part, w.code) for w in result.warnings] == [("district", "nik_district_unknown")]
    assert (result.province, result.regency, result.district) == ("Jawa Barat", "Kota Depok", None)
    unknown_regency = nik_check("3299011501900001", today=TODAY)
    assert unknown_regency.valid and [w.code for w in unknown_regency.warnings] == ["nik_district_unknown"]
    assert (unknown_regency.province, unknown_regency.regency) == ("Jawa Barat", None)


def test_pre_split_papua_code_is_valid_and_reported_with_its_successor(regions):  # noqa: F811
    result = nik_check("9102031501900001", today=TODAY)
    assert result.valid and result.region_status == "historical"
    assert (result.province, result.district) == ("Papua Pegunungan", "Kurulu")
    assert [(w.part, w.code) for w in result.warnings] == [("district", "nik_region_historical")]
    assert "2022" in str(result.warnings[0].message) and "Kurulu" in str(result.warnings[0].message)


def test_pre_split_kaltara_regency_with_unknown_district_warns_twice(regions):  # noqa: F811
    result = nik_check("6473011501900001", today=TODAY)
    assert result.valid and result.region_status == "historical"
    assert (result.province, result.regency) == ("Kalimantan Utara", "Kota Tarakan")
    assert [w.code for w in result.warnings] == ["nik_region_historical", "nik_district_unknown"]


def test_several_errors_are_all_reported(regions):  # noqa: F811
    result = nik_check("9901003290" + "000000", today=TODAY)
    assert [i.code for i in result.errors] == ["nik_province", "nik_date", "nik_serial"]


def test_declared_values_that_differ_are_review_flags_not_errors(regions):  # noqa: F811
    nik = "3276015501900001"  # a woman born 15 January 1990
    same = nik_check(nik, declared_birth_date=date(1990, 1, 15), declared_sex="F", today=TODAY)
    assert same.valid and same.review_flags == [] and same.as_api_dict()["review_flags"] == []
    differ = nik_check(nik, declared_birth_date=date(1990, 1, 16), declared_sex="M", today=TODAY)
    assert differ.valid and differ.errors == []
    assert differ.review_flags == ["birth_date_mismatch", "sex_mismatch"]
    only_sex = nik_check(nik, declared_sex="M", today=TODAY)
    assert only_sex.review_flags == ["sex_mismatch"]
    assert "review_flags" not in nik_check(nik, today=TODAY).as_api_dict()
    with pytest.raises(ValueError):
        nik_check(nik, declared_sex="P")


def test_api_dict_shape(regions):  # noqa: F811
    body = nik_check("3276991501900001", today=TODAY).as_api_dict()
    assert set(body) == {"valid", "province", "regency", "district", "birth_date", "sex", "errors", "warnings"}
    assert body["birth_date"] == "1990-01-15" and body["sex"] == "M"
    assert set(body["warnings"][0]) == {"part", "code", "message"}
    bad = nik_check("32760115019").as_api_dict()
    assert bad["valid"] is False and bad["birth_date"] is None and bad["province"] is None


def test_nothing_identifying_leaks_into_repr_or_messages(regions):  # noqa: F811
    for nik in ("3276015501900001", "3276013202900000", "9902015501900001", "32760155019000011", "32760155O1900001"):
        result = nik_check(nik, today=TODAY)
        shown = repr(result) + str(result) + str(result.as_api_dict()["errors"]) + str(result.as_api_dict())
        assert nik not in shown and nik[4:12] not in shown and nik[6:12] not in shown
    assert "3276••••••••0001" in repr(nik_check("3276015501900001", today=TODAY))


def test_messages_translate(regions):  # noqa: F811
    result = nik_check("12")
    with translation.override("id"):
        # Lazy: resolved in whatever language is active when shown (falls back to English without a catalogue).
        assert isinstance(str(result.errors[0].message), str)
    assert str(result.errors[0].message) == "A NIK has 16 digits; this one has 2."
