"""Rate quotes: chargeable weight (actual vs volumetric, rounding), routes served, same-day, bad input."""

from __future__ import annotations

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.shipping.quotes import chargeable_grams, shipping_quote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("parcel", "tolerance", "expected"), [
    ((200, 100, 100, 100), 300, 1000),  # light: the 1 kg minimum
    ((1000, 100, 100, 100), 300, 1000),
    ((1300, 100, 100, 100), 300, 1000),  # 1.3 kg: within the tolerance, charged as 1 kg
    ((1301, 100, 100, 100), 300, 2000),  # one gram more: 2 kg
    ((1301, 100, 100, 100), 0, 2000),
    ((1001, 100, 100, 100), 0, 2000),  # no tolerance: any gram over rounds up
    ((2300, 100, 100, 100), 300, 2000),
    ((500, 400, 300, 200), 300, 4000),  # volumetric 40x30x20/6000 = 4 kg beats 0.5 kg actual
    ((5000, 400, 300, 200), 300, 5000),  # actual 5 kg beats volumetric 4 kg
    ((500, 410, 300, 200), 300, 4000),  # volumetric 4.1 kg: within the tolerance
    ((500, 450, 300, 200), 300, 5000),  # volumetric 4.5 kg: rounds up
])
def test_chargeable_weight(parcel, tolerance, expected):
    assert chargeable_grams(parcel, divisor=6000, tolerance_grams=tolerance) == expected


def test_the_divisor_is_per_courier():
    parcel = (500, 400, 300, 200)
    assert chargeable_grams(parcel, divisor=6000, tolerance_grams=0) == 4000
    assert chargeable_grams(parcel, divisor=4000, tolerance_grams=0) == 6000


def _by_service(quotes):
    return {(q.courier, q.service): q for q in quotes}


def test_jakarta_to_bandung_uses_the_jawa_zone_rate(villages, couriers):
    quotes = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                        parcels=[(1301, 100, 100, 100)]))
    jne = quotes[("jne", "REG")]
    assert (jne.price, jne.chargeable_grams, jne.eta_min_days, jne.eta_max_days) == (22_000, 2000, 2, 3)
    assert jne.level == "regular" and quotes[("jne", "YES")].level == "express"
    assert ("sandbox", "SAMEDAY") not in quotes  # same-day never leaves the city
    listed = shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                            parcels=[(1301, 100, 100, 100)])
    assert [q.price for q in listed] == sorted(q.price for q in listed)


def test_same_city_gets_the_city_rate_and_same_day(villages, couriers):
    quotes = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["kemayoran"],
                                        parcels=[(800, 100, 100, 100)]))
    assert quotes[("jne", "REG")].price == 9_000
    assert quotes[("sandbox", "SAMEDAY")].eta_max_days == 0


def test_same_province_other_city_has_no_same_day(villages, couriers):
    quotes = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["kebayoran"],
                                        parcels=[(800, 100, 100, 100)]))
    assert ("sandbox", "SAMEDAY") not in quotes
    assert quotes[("jne", "REG")].price == 11_000  # the Jawa-Jawa zone rate


def test_several_parcels_are_charged_one_by_one(villages, couriers):
    one = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                     parcels=[(1200, 100, 100, 100)]))
    two = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                     parcels=[(1200, 100, 100, 100), (1200, 100, 100, 100)]))
    assert two[("jne", "REG")].chargeable_grams == 2000  # 1 kg + 1 kg, not 2.4 kg -> 3 kg
    assert two[("jne", "REG")].price == 2 * one[("jne", "REG")].price


def test_only_services_that_serve_the_destination_are_offered(villages, couriers):
    from lapak.market.shipping.models import Courier

    assert ("sandbox", "REG") in _by_service(shipping_quote(  # the sandbox serves every route, so demos always ship
        origin_region=villages["jayapura"], destination_region=villages["gambir"], parcels=[(1000, 100, 100, 100)]))
    Courier.objects.filter(code="sandbox").update(is_active=False)  # the real couriers' tables, alone
    quotes = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["jayapura"],
                                        parcels=[(1000, 100, 100, 100)]))
    assert set(quotes) == {("jne", "REG")}  # only JNE's table reaches Maluku & Papua
    assert shipping_quote(origin_region=villages["jayapura"], destination_region=villages["gambir"],
                          parcels=[(1000, 100, 100, 100)]) == []  # and nobody picks up there


def test_an_inactive_courier_is_not_offered(villages, couriers):
    from lapak.market.shipping.models import Courier

    Courier.objects.filter(code="jne").update(is_active=False)
    quotes = _by_service(shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"],
                                        parcels=[(1000, 100, 100, 100)]))
    assert quotes and not any(courier == "jne" for courier, _service in quotes)


@pytest.mark.parametrize(("origin", "code"), [
    ("31.71", "region_not_village"),
    ("31.71.01", "region_not_village"),
    ("31.71.99.9999", "region_not_found"),
    ("jakarta", "region_code_invalid"),
    ("", "region_code_invalid"),
])
def test_bad_region_codes_are_clear_errors(villages, couriers, origin, code):
    with pytest.raises(ValidationFailed) as caught:
        shipping_quote(origin_region=origin, destination_region=villages["bandung"], parcels=[(1000, 1, 1, 1)])
    assert caught.value.code == code and "origin" in caught.value.fields


def test_bad_destination_names_the_destination(villages, couriers):
    with pytest.raises(ValidationFailed) as caught:
        shipping_quote(origin_region=villages["gambir"], destination_region="32", parcels=[(1000, 1, 1, 1)])
    assert set(caught.value.fields) == {"destination"}


@pytest.mark.parametrize("parcels", [[], [(0, 1, 1, 1)], [(1000, 0, 1, 1)], [(200_000, 1, 1, 1)], [(1000, 1, 1)],
                                     [(True, 1, 1, 1)], [(1000, 1, 1, 5000)]])
def test_bad_parcels_are_refused(villages, couriers, parcels):
    with pytest.raises(ValidationFailed):
        shipping_quote(origin_region=villages["gambir"], destination_region=villages["bandung"], parcels=parcels)
