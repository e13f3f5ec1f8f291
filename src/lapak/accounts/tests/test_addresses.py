"""The address book's services: nesting regions, postcodes, phones, exactly one default, owners only."""

from __future__ import annotations

import pytest

from lapak.accounts.models import Address
from lapak.accounts.selectors import address_of, addresses_of
from lapak.accounts.services import address_create, address_delete, address_set_default, address_update
from lapak.accounts.services_addresses import MAX_ADDRESSES
from lapak.accounts.tests.address_support import NO_POSTCODE_VILLAGE, POSTCODE, VILLAGE, address_data, regions_fixture  # noqa: F401
from lapak.core.errors import Conflict, NotFound, ValidationFailed


@pytest.fixture
def sari(make_user, regions):
    return make_user(email="sari@example.test")


def test_the_village_brings_its_district_regency_and_province(sari):
    address = address_create(user=sari, data=address_data())
    assert address.village_id == VILLAGE
    assert (address.district_id, address.regency_id, address.province_id) == ("31.71.01", "31.71", "31")
    assert address.phone == "+6281234567890"
    assert address.is_default  # the first address is the default


def test_a_blank_postcode_takes_the_villages(sari):
    assert address_create(user=sari, data=address_data(postcode="")).postcode == POSTCODE


@pytest.mark.parametrize("code", ["31", "31.71", "31.71.01", "99.99.99.9999", "31.71.01.1001.5", "abc", "", "3" * 500])
def test_a_region_that_is_not_a_known_village_is_refused(sari, code):
    with pytest.raises(ValidationFailed) as caught:
        address_create(user=sari, data=address_data(region_code=code))
    assert list(caught.value.fields) == ["region_code"]
    assert Address.objects.count() == 0


@pytest.mark.parametrize("postcode", ["10111", "1011", "101100", "abcde", "１０１１０"])
def test_a_postcode_that_is_not_the_villages_is_refused(sari, postcode):
    with pytest.raises(ValidationFailed) as caught:
        address_create(user=sari, data=address_data(postcode=postcode))
    assert list(caught.value.fields) == ["postcode"]
    assert Address.objects.count() == 0


def test_a_village_without_a_postcode_takes_any_five_digits_but_needs_some(sari):
    assert address_create(user=sari, data=address_data(region_code=NO_POSTCODE_VILLAGE, postcode="10150")).postcode \
        == "10150"
    with pytest.raises(ValidationFailed) as caught:
        address_create(user=sari, data=address_data(region_code=NO_POSTCODE_VILLAGE, postcode=""))
    assert list(caught.value.fields) == ["postcode"]


def test_every_problem_is_reported_at_once_and_nothing_is_written(sari):
    with pytest.raises(ValidationFailed) as caught:
        address_create(user=sari, data={"label": "", "recipient_name": "x" * 101, "phone": "021 555 1234",
                                         "region_code": "31.71", "street": "  ", "postcode": "1"})
    assert set(caught.value.fields) == {"label", "recipient_name", "phone", "region_code", "street", "postcode"}
    assert Address.objects.count() == 0


def test_asking_for_a_new_default_moves_it(sari):
    home = address_create(user=sari, data=address_data())
    office = address_create(user=sari, data=address_data(label="Kantor"), make_default=True)
    home.refresh_from_db()
    assert office.is_default and not home.is_default
    assert [a.label for a in addresses_of(sari)] == ["Kantor", "Rumah"]
    address_set_default(address=home, actor=sari)
    assert list(Address.objects.filter(is_default=True).values_list("label", flat=True)) == ["Rumah"]


def test_deleting_the_default_promotes_the_newest_other(sari):
    first = address_create(user=sari, data=address_data(label="Satu"))
    address_create(user=sari, data=address_data(label="Dua"))
    third = address_create(user=sari, data=address_data(label="Tiga"))
    address_delete(address=first, actor=sari)
    third.refresh_from_db()
    assert third.is_default and Address.objects.filter(user=sari, is_default=True).count() == 1


def test_update_changes_only_what_is_sent_and_checks_the_postcode_against_the_stored_village(sari):
    address = address_create(user=sari, data=address_data())
    address = address_update(address=address, actor=sari, data={"street": "Jl. Baru 1"})
    assert (address.street, address.label) == ("Jl. Baru 1", "Rumah")
    with pytest.raises(ValidationFailed) as caught:
        address_update(address=address, actor=sari, data={"postcode": "99999"})
    assert list(caught.value.fields) == ["postcode"]
    address.refresh_from_db()
    assert address.postcode == POSTCODE


def test_another_users_address_is_not_found(sari, make_user):
    address = address_create(user=sari, data=address_data())
    other = make_user(email="other@example.test")
    for call in (lambda: address_update(address=address, actor=other, data={"label": "Hack"}),
                 lambda: address_delete(address=address, actor=other),
                 lambda: address_set_default(address=address, actor=other),
                 lambda: address_of(other, address.public_id)):
        with pytest.raises(NotFound):
            call()
    address.refresh_from_db()
    assert address.label == "Rumah"


def test_the_book_has_a_bound(sari):
    for index in range(MAX_ADDRESSES):
        address_create(user=sari, data=address_data(label=f"A{index}"))
    with pytest.raises(Conflict):
        address_create(user=sari, data=address_data(label="One too many"))
    assert Address.objects.filter(user=sari).count() == MAX_ADDRESSES
