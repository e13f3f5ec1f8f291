"""The reference-data console pages (/operations/compliance/reference/): who may read and who may change, adding a
row with inline errors, CSV uploads with row-level errors that save nothing, activation and ending (POST, CSRF)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.accounts.tests.two_factor_support import sign_in
from lapak.compliance.models import CertificateRequirement, ExchangeRate, HolidayChange, HsListVersion, VersionStatus
from lapak.compliance.reference_services import (
    CertificateRow,
    HolidayRow,
    HsEntryRow,
    certificate_requirements_add,
    holiday_changes_add,
)
from lapak.compliance.reference_services import hs_list_version_create as create
from lapak.core import workdays

pytestmark = pytest.mark.django_db
BASE = "/operations/compliance/reference/"
READ_PAGES = ["", "hs-lists/", "rates/", "certificates/", "holidays/", "holidays/?jurisdiction=ID&year=2026"]
WRITE_PAGES = ["hs-lists/new/", "rates/new/", "rates/upload/", "certificates/new/", "certificates/upload/",
               "holidays/new/", "holidays/upload/"]


def browser(user=None, language="en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        sign_in(client, user)
    return client


@pytest.fixture
def people(make_user):
    return {"operator": make_user(roles=["operator"]), "regulator": make_user(roles=["regulator"], jurisdiction="ID"),
            "buyer": make_user(roles=["buyer"]), "seller": make_user(roles=["seller_member"])}


def version(jurisdiction="ID"):
    return create(jurisdiction=jurisdiction, label=f"list {jurisdiction}", source="Kepmendag 1998/2023",
                  effective_from=date(2026, 1, 1), entries=[HsEntryRow("49011000", "Books")], actor="usr_x")


def test_who_may_read_and_who_may_change(people):
    draft = version()
    anonymous = browser()
    for page in READ_PAGES + WRITE_PAGES:
        response = anonymous.get(BASE + page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for outsider in (people["buyer"], people["seller"]):
        client = browser(outsider)
        for page in READ_PAGES + WRITE_PAGES:
            assert client.get(BASE + page).status_code == 403, page
    regulator = browser(people["regulator"])
    for page in READ_PAGES:
        assert regulator.get(BASE + page).status_code == 200, page
    assert regulator.get(f"{BASE}hs-lists/{draft.public_id}/").status_code == 200
    for page in WRITE_PAGES:
        assert regulator.get(BASE + page).status_code == 403, page
    assert regulator.post(f"{BASE}hs-lists/{draft.public_id}/activate/").status_code == 403
    assert 'id="hs-activate"' not in regulator.get(f"{BASE}hs-lists/{draft.public_id}/").content.decode()
    operator = browser(people["operator"])
    for page in READ_PAGES + WRITE_PAGES:
        assert operator.get(BASE + page).status_code == 200, page
    assert operator.get(BASE + "nothing/new/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_regulator_sees_only_their_jurisdiction(people):
    own, other = version("ID"), version("GB")
    regulator = browser(people["regulator"])
    html = regulator.get(BASE + "hs-lists/").content.decode()
    assert f'id="hs-{own.public_id}"' in html and f'id="hs-{other.public_id}"' not in html
    assert f'href="{BASE}hs-lists/{own.public_id}/"' in html
    assert f'id="hs-{other.public_id}"' not in regulator.get(BASE + "hs-lists/?jurisdiction=GB").content.decode()
    assert regulator.get(f"{BASE}hs-lists/{other.public_id}/").status_code == 404


def test_a_positive_list_from_an_upload_then_activated(people):
    operator = browser(people["operator"])
    upload = SimpleUploadedFile("list.csv", b"hs_code,description\n4901.10.00,Books\n8523.49.14,Software\n")
    response = operator.post(BASE + "hs-lists/new/", {"jurisdiction": "ID", "label": "2026", "source": "Kepmendag",
                                                     "effective_from": "2026-01-01", "file": upload})
    created = HsListVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}hs-lists/{created.public_id}/"
    html = operator.get(response["Location"]).content.decode()
    assert "4901.10.00" in html and 'id="hs-activate"' in html
    response = operator.post(f"{BASE}hs-lists/{created.public_id}/activate/", follow=True)
    assert "is in force from 2026-01-01" in response.content.decode()
    created.refresh_from_db()
    assert created.status == VersionStatus.ACTIVE
    clash = version()
    response = operator.post(f"{BASE}hs-lists/{clash.public_id}/activate/", follow=True)
    assert "overlap the active version" in response.content.decode()


def test_a_bad_positive_list_shows_each_row_and_saves_nothing(people):
    operator = browser(people["operator"])
    response = operator.post(BASE + "hs-lists/new/", {
        "jurisdiction": "ID", "label": "2026", "source": "Kepmendag", "effective_from": "2026-01-01",
        "codes": "hs_code\n49011000\n4901.10\n49011000\n"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="row-error-3-hs_code"' in html and 'id="row-error-4-hs_code"' in html
    assert "has exactly eight digits" in html and not HsListVersion.objects.exists()
    response = operator.post(BASE + "hs-lists/new/", {"jurisdiction": "ID", "label": "", "effective_from": "x"})
    assert response.status_code == 422 and "Upload a CSV file or paste its rows." in response.content.decode()


def test_adding_a_rate_with_inline_errors_in_both_languages(people):
    form = {"currency": "USD", "idr_per_unit": "0", "valid_from": "2026-12-02", "valid_until": "2026-12-08",
            "source": "KMK 60/2026"}
    response = browser(people["operator"]).post(BASE + "rates/new/", form)
    assert response.status_code == 422 and "A rate is more than zero." in response.content.decode()
    response = browser(people["operator"], "id").post(BASE + "rates/new/", {**form, "valid_until": "2026-12-01"})
    assert response.status_code == 422 and 'id="id_valid_until_error"' in response.content.decode()
    assert not ExchangeRate.objects.exists()
    response = browser(people["operator"]).post(BASE + "rates/new/", {**form, "idr_per_unit": "16250.5"})
    assert response.status_code == 302 and ExchangeRate.objects.get().idr_per_unit == 16250.5
    assert 'id="rate-USD-2026-12-02"' in browser(people["regulator"]).get(BASE + "rates/?past=1").content.decode()


def test_uploads_are_all_or_nothing_with_row_errors(people):
    operator = browser(people["operator"])
    bad = SimpleUploadedFile("rates.csv", b"currency,idr_per_unit,valid_from,valid_until,source\n"
                                          b"USD,16000,2026-12-02,2026-12-08,KMK\nUSD,0,2026-12-09,2026-12-15,KMK\n")
    response = operator.post(BASE + "rates/upload/", {"file": bad})
    assert response.status_code == 422 and 'id="row-error-3-idr_per_unit"' in response.content.decode()
    assert not ExchangeRate.objects.exists()
    empty = SimpleUploadedFile("rates.csv", b"currency,idr_per_unit\n")
    response = operator.post(BASE + "rates/upload/", {"file": empty})
    assert response.status_code == 422 and "first row must name the columns" in response.content.decode()
    good = SimpleUploadedFile("h.csv", b"day,change,name\n2026-12-24,add,Cuti bersama\n")
    response = operator.post(BASE + "holidays/upload/", {"jurisdiction": "ID", "file": good})
    assert response.status_code == 302 and HolidayChange.objects.count() == 1
    assert not workdays.is_working_day(date(2026, 12, 24))


def test_certificates_added_and_ended(people):
    operator = browser(people["operator"])
    response = operator.post(BASE + "certificates/new/", {"jurisdiction": "ID", "category_slug": "kosmetik",
                                                         "kind": "bpom", "effective_from": "2026-01-01"})
    assert response.status_code == 302
    req = CertificateRequirement.objects.get()
    response = operator.post(BASE + "certificates/new/", {"jurisdiction": "ID", "category_slug": "kosmetik",
                                                         "kind": "bpom", "effective_from": "2026-06-01"})
    assert response.status_code == 422 and "already required" in response.content.decode()
    response = operator.post(f"{BASE}certificates/{req.public_id}/end/", {"effective_until": "2025-01-01"})
    assert response.status_code == 422 and "before the start date" in response.content.decode()
    response = operator.post(f"{BASE}certificates/{req.public_id}/end/", {"effective_until": "2026-12-31"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.effective_until == date(2026, 12, 31)


def test_a_holiday_change_is_withdrawn_by_post_with_csrf(people):
    operator = browser(people["operator"])
    operator.post(BASE + "holidays/new/", {"jurisdiction": "ID", "day": "2026-12-24", "change": "add",
                                           "name": "Cuti bersama Natal"})
    change = HolidayChange.objects.get()
    html = operator.get(BASE + "holidays/?jurisdiction=ID&year=2026").content.decode()
    assert 'id="holiday-2026-12-24"' in html and "Added here" in html
    assert operator.get(f"{BASE}holidays/{change.public_id}/remove/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, people["operator"])
    assert strict.post(f"{BASE}holidays/{change.public_id}/remove/").status_code == 403
    assert operator.post(f"{BASE}holidays/{change.public_id}/remove/").status_code == 302
    assert not HolidayChange.objects.exists() and workdays.is_working_day(date(2026, 12, 24))


def test_the_index_shows_what_is_in_force(people):
    certificate_requirements_add(rows=[CertificateRow("ID", "kosmetik", "bpom", date(2020, 1, 1))], actor="usr_x")
    html = browser(people["regulator"], "id").get(BASE).content.decode()
    assert 'id="today-ID"' in html and 'id="today-GB"' not in html


@pytest.mark.parametrize("kind", ["primary key", "unknown", "other type", "lower case", "too long"])
def test_an_unknown_or_malformed_id_is_a_404_page(people, kind):
    draft = version()
    (req,) = certificate_requirements_add(rows=[CertificateRow("ID", "kosmetik", "bpom", date(2026, 1, 1))],
                                          actor="usr_x")
    (change,) = holiday_changes_add(rows=[HolidayRow("ID", date(2026, 12, 24), True, "Cuti", "")], actor="usr_x")
    bad = {"primary key": str(draft.pk), "unknown": "hsl_" + "0" * 26, "other type": req.public_id,
           "lower case": draft.public_id.lower(), "too long": draft.public_id + "0" * 100}[kind]
    operator = browser(people["operator"])
    html = operator.get(BASE + "certificates/").content.decode()
    assert f'href="{BASE}certificates/{req.public_id}/end/"' in html and f'id="certificate-{req.public_id}"' in html
    assert f'action="{BASE}holidays/{change.public_id}/remove/"' in operator.get(
        BASE + "holidays/?jurisdiction=ID&year=2026").content.decode()
    assert operator.get(f"{BASE}hs-lists/{bad}/").status_code == 404
    assert operator.post(f"{BASE}hs-lists/{bad}/activate/").status_code == 404
    assert operator.get(f"{BASE}certificates/{draft.public_id if kind == 'other type' else bad}/end/").status_code \
        == 404
    assert operator.post(f"{BASE}holidays/{req.public_id if kind == 'other type' else bad}/remove/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and HolidayChange.objects.filter(pk=change.pk).exists()
