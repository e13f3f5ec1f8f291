"""The reports pages: the list of quarters and months, the forms that check a period inline, the downloads (each
logged), the operators' headcount entry, and the scoping of a regulator to their own jurisdiction."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from lapak.core.audit.models import AuditEvent
from lapak.oversight.reports.models import WorkforceCount
from lapak.oversight.reports.periods import recent_months, recent_quarters

pytestmark = pytest.mark.django_db
HOME = "/oversight/reports/"


def _client(user, *, second_factor: bool = False) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    if second_factor:  # as after a TOTP code was accepted
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _downloads(channel: str = "download") -> list[AuditEvent]:
    return [event for event in AuditEvent.objects.filter(action="oversight.query", subject_id__startswith="report:")
            if event.after["params"]["channel"] == channel]


def test_the_page_lists_quarters_and_months_with_their_downloads(operator):
    page = _client(operator).get(HOME)
    assert page.status_code == 200
    html = page.content.decode()
    quarter, month = recent_quarters("ID")[1], recent_months("ID")[1]
    assert f"quarterly.csv?jurisdiction=ID&amp;quarter={quarter}" in html
    assert f"quarterly.json?jurisdiction=ID&amp;quarter={quarter}" in html
    assert f"monthly.pdf?jurisdiction=ID&amp;month={month}&amp;lang=en" in html
    assert 'id="workforce-form"' in html  # operators enter the headcount
    assert "commission_charged" in html  # the field list, from the one definition


@pytest.mark.parametrize(("params", "message"), [
    ({"q-quarter": "2026-Q5", "q-format": "csv"}, "YYYY-Qn"),
    ({"q-quarter": "1999-Q4", "q-format": "csv"}, "2000"),
    ({"q-quarter": "2099-Q1", "q-format": "json"}, "not begun"),
    ({"m-month": "2026-13", "m-lang": "id"}, "YYYY-MM"),
    ({"m-month": "2099-01", "m-lang": "en"}, "not begun"),
])
def test_a_bad_period_is_shown_inline(operator, params, message):
    page = _client(operator).get(HOME, params)
    assert page.status_code == 400
    assert 'class="field__errors"' in page.content.decode() and message in page.content.decode()
    assert _downloads() == []


def test_a_good_period_goes_to_its_download(operator):
    client = _client(operator)
    response = client.get(HOME, {"q-quarter": "2025-q3", "q-format": "json"})
    assert response.status_code == 302
    assert response["Location"] == "/oversight/reports/quarterly.json?jurisdiction=ID&quarter=2025-Q3"
    response = client.get(HOME, {"m-month": "2025-08", "m-lang": "en"})
    assert response["Location"] == "/oversight/reports/monthly.pdf?jurisdiction=ID&month=2025-08&lang=en"


def test_each_download_is_made_and_logged(operator, market):
    client = _client(operator)
    csv_response = client.get(f"{HOME}quarterly.csv", {"quarter": market.quarter.label})
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    assert "sellers_with_sales,,25,count" in csv_response.content.decode()
    json_response = client.get(f"{HOME}quarterly.json", {"quarter": market.quarter.label})
    assert json_response.json()["header"]["quarter"] == market.quarter.label
    pdf = client.get(f"{HOME}monthly.pdf", {"month": market.quarter.month, "lang": "en"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Sellers with sales" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    logged = _downloads()
    assert [event.subject_id for event in logged] == ["report:quarterly", "report:quarterly", "report:monthly"]
    assert all(event.actor == operator.public_id for event in logged)


def test_a_bad_period_on_a_download_link_is_shown_on_the_page(operator):
    client = _client(operator)
    for url, params, message in ((f"{HOME}quarterly.json", {"quarter": "1999-Q1"}, "2000"),
                                 (f"{HOME}quarterly.csv", {"quarter": "soon"}, "YYYY-Qn"),
                                 (f"{HOME}monthly.pdf", {"month": "2099-01"}, "not begun")):
        page = client.get(url, params)
        assert page.status_code == 400 and message in page.content.decode()
    assert _downloads() == []


def test_a_regulator_reads_their_own_jurisdiction_only(gb_regulator, regulator):
    client = _client(gb_regulator, second_factor=True)
    assert client.get(HOME).status_code == 200
    assert client.get(HOME, {"jurisdiction": "ID"}).status_code == 403
    assert client.get(f"{HOME}quarterly.csv", {"quarter": "2025-Q1", "jurisdiction": "ID"}).status_code == 403
    assert client.get(f"{HOME}monthly.pdf", {"month": "2025-01", "jurisdiction": "ID"}).status_code == 403
    assert _downloads() == []
    own = client.get(f"{HOME}quarterly.json", {"quarter": "2025-Q1"})
    assert own.status_code == 200 and own.json()["header"]["jurisdiction"] == "GB"
    assert 'id="workforce-form"' not in client.get(HOME).content.decode()  # regulators read, never write
    # Without the second factor, a regulator does not get in.
    assert _client(regulator).get(f"{HOME}quarterly.csv", {"quarter": "2025-Q1"}).status_code == 302


def test_an_operator_naming_a_malformed_jurisdiction_gets_400(operator):
    client = _client(operator)
    assert client.get(HOME, {"jurisdiction": "<b>x</b>"}).status_code == 400
    response = client.post(f"{HOME}workforce/", {"jurisdiction": "IDN", "w-quarter": "2025-Q3", "w-employees": "1"})
    assert response.status_code == 400 and not WorkforceCount.objects.exists()


def test_nobody_else_gets_the_pages(make_user):
    assert Client().get(HOME).status_code == 302  # to the login page
    assert _client(make_user()).get(HOME).status_code == 403


def test_an_operator_enters_the_headcount_and_a_regulator_cannot(operator, regulator):
    client = _client(operator)
    response = client.post(f"{HOME}workforce/", {"jurisdiction": "ID", "w-quarter": "2025-Q3", "w-employees": "412"})
    assert response.status_code == 302
    client.post(f"{HOME}workforce/", {"jurisdiction": "ID", "w-quarter": "2025-Q3", "w-employees": "415"})
    entry = WorkforceCount.objects.get(jurisdiction="ID", quarter="2025-Q3")
    assert entry.employees == 415 and entry.entered_by == operator.public_id
    events = AuditEvent.objects.filter(action="oversight.workforce_record").order_by("id")
    assert [(e.before, e.after) for e in events] == [
        (None, {"employees": 412}), ({"employees": 412, "entered_by": operator.public_id}, {"employees": 415})]
    bad = client.post(f"{HOME}workforce/", {"jurisdiction": "ID", "w-quarter": "2099-Q1", "w-employees": "-3"})
    assert bad.status_code == 400 and "not begun" in bad.content.decode()
    denied = _client(regulator, second_factor=True).post(
        f"{HOME}workforce/", {"jurisdiction": "ID", "w-quarter": "2025-Q3", "w-employees": "1"})
    assert denied.status_code == 403
    assert WorkforceCount.objects.get(jurisdiction="ID", quarter="2025-Q3").employees == 415
