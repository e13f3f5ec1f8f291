"""The operator's legal-request page: operators record with inline errors; everyone else is refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from lapak.core.audit.models import AuditEvent
from lapak.oversight.pricing.models import LegalRequest
from lapak.oversight.pricing.selectors import local_today

pytestmark = [pytest.mark.django_db, pytest.mark.urls("lapak.oversight.pricing.tests.urls")]

URL = "/operations/oversight/legal-requests/"


def browser(user=None, *, csrf: bool = False) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


def form(seller, **changes) -> dict:
    data = {"jurisdiction": "ID", "authority": "Satgas Perdagangan Daring", "reference_number": "B-17/SATGAS/2026",
            "legal_basis": "Permendag 31/2023", "received_on": (local_today("ID") - timedelta(days=1)).isoformat(),
            "expires_on": "", "seller_id": seller.public_id, "scope_note": ""}
    data.update(changes)
    return data


def field_error(html: str, name: str) -> str:
    match = re.search(rf'id="id_{name}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


def test_an_operator_records_a_request_and_sees_it_listed(catalogue, operator):
    seller = catalogue.seller()
    client = browser(operator)
    page = client.get(URL)
    assert page.status_code == 200 and 'id="legal-request-form"' in page.content.decode()
    response = client.post(URL, form(seller, expires_on=(local_today("ID") + timedelta(days=30)).isoformat()))
    assert response.status_code == 302
    request = LegalRequest.objects.get()
    assert (request.seller_id, request.recorded_by) == (seller.public_id, operator.public_id)
    assert AuditEvent.objects.filter(action="oversight.legal_request.record", subject_id=request.public_id).exists()
    listed = client.get(URL).content.decode()
    assert f'id="request-{request.public_id}"' in listed and "B-17/SATGAS/2026" in listed


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"received_on": "2026-13-40"}, "received_on", "Enter a date as YYYY-MM-DD."),
    ({"received_on": ""}, "received_on", "Enter the date the request was received."),
    ({"received_on": "2999-01-01"}, "received_on", "cannot have been received in the future"),
    ({"received_on": "2024-05-01", "expires_on": "2024-04-30"}, "expires_on", "cannot expire before"),
    ({"seller_id": "org_01JD3Q6Y8W9M2K4N7P5R0S1T2V"}, "seller_id", "There is no seller with this id."),
    ({"seller_id": ""}, "seller_id", "Enter the seller organisation id"),
    ({"jurisdiction": "ZZ"}, "jurisdiction", "Choose a configured jurisdiction."),
    ({"authority": ""}, "authority", "This field is required."),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_recorded(catalogue, operator, changes, field, message):
    response = browser(operator).post(URL, form(catalogue.seller(), **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in field_error(html, field)
    assert 'id="form-errors"' in html
    assert not LegalRequest.objects.exists()


def test_a_duplicate_reference_is_refused_inline(catalogue, operator):
    seller = catalogue.seller()
    client = browser(operator)
    assert client.post(URL, form(seller)).status_code == 302
    response = client.post(URL, form(seller))
    assert response.status_code == 400
    assert "already names this seller" in field_error(response.content.decode(), "reference_number")
    assert LegalRequest.objects.count() == 1


def test_regulators_buyers_and_visitors_cannot_record(catalogue, make_user, regulator):
    seller = catalogue.seller()
    for user in (regulator, make_user()):
        client = browser(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, form(seller)).status_code == 403
    assert browser().get(URL).status_code == 302
    assert browser().post(URL, form(seller)).status_code == 302
    assert not LegalRequest.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(catalogue, operator):
    assert browser(operator, csrf=True).post(URL, form(catalogue.seller())).status_code == 403
    assert not LegalRequest.objects.exists()
