""""My data": download, correction and deletion requests with their due times, consent status and withdrawal."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from lapak.market.sellers.models import ApplicationStatus, DataSubjectRequest, RequestKind
from lapak.market.sellers.tests.conftest import NIK_MAN
from lapak.market.sellers.tests.test_pages_seller_support import client_for, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_shows_consent_per_purpose_and_the_forms(build, people, language):
    build.individual()
    page = client_for(people.owner, language).get("/seller/my-data/")
    assert page.status_code == 200
    html = text(page)
    for purpose in ("kyc_verification", "payout_processing", "fraud_prevention"):
        assert f'id="consent-{purpose}"' in html
        assert f'action="/seller/my-data/consent/{purpose}/withdraw/"' in html
    assert 'name="field_1"' in html and 'name="confirm"' in html and 'name="include_files"' in html


def test_my_data_downloads_as_an_attachment_nobody_caches(build, people):
    build.individual()
    client = client_for(people.owner)
    assert client.get("/seller/my-data/export/").status_code == 405  # a request is recorded: POST only
    response = client.post("/seller/my-data/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lapak-my-data-')
    assert "no-store" in response["Cache-Control"]
    export = json.loads(response.content)
    assert export["subject"]["email"] == "owner@example.test"
    assert export["applications"][0]["identity_numbers"]["nik"]["value"] == NIK_MAN
    access = DataSubjectRequest.objects.get(subject=people.owner, kind=RequestKind.ACCESS)
    assert access.status == "completed"
    assert f'id="request-{access.public_id}"' in text(client.get("/seller/my-data/"))


def test_a_deletion_request_needs_confirmation_and_shows_its_due_time(build, people):
    build.individual()
    client = client_for(people.owner)
    unconfirmed = client.post("/seller/my-data/deletion/", {"note": "Tutup toko"})
    assert unconfirmed.status_code == 422 and 'id="id_confirm_error"' in text(unconfirmed)
    assert not DataSubjectRequest.objects.filter(kind=RequestKind.DELETION).exists()
    assert client.post("/seller/my-data/deletion/", {"confirm": "on", "note": "Tutup toko"}).status_code == 302
    request = DataSubjectRequest.objects.get(subject=people.owner, kind=RequestKind.DELETION)
    assert request.status == "open" and request.due_at - request.created_at == timedelta(hours=72)
    html = text(client.get("/seller/my-data/"))
    assert f'id="request-{request.public_id}"' in html and "answer due by" in html


def test_a_correction_request_names_fields_and_checks_values(build, people):
    application = build.individual()
    client = client_for(people.owner)
    wrong = client.post("/seller/my-data/correction/", {"application": application.public_id,
                                                        "field_1": "phone", "value_1": "12345"})
    assert wrong.status_code == 422 and 'id="id_value_1_error"' in text(wrong)
    ok = client.post("/seller/my-data/correction/", {"application": application.public_id, "field_1": "full_name",
                                                     "value_1": "Budi Santoso Putra", "field_2": "nik",
                                                     "value_2": "3171011205900003"})
    assert ok.status_code == 302
    request = DataSubjectRequest.objects.get(kind=RequestKind.CORRECTION)
    assert request.correction_fields == ["full_name", "nik"]
    html = text(client.get("/seller/my-data/"))
    assert "3171011205900003" not in html and "Full name, NIK" in html


def test_withdrawing_identity_consent_withdraws_open_applications(build, people):
    application = build.individual()
    client = client_for(people.owner)
    assert client.post("/seller/my-data/consent/kyc_verification/withdraw/").status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    html = text(client.get("/seller/my-data/"))
    assert 'action="/seller/my-data/consent/kyc_verification/withdraw/"' not in html
    assert client.post("/seller/my-data/consent/nonsense/withdraw/").status_code == 404
