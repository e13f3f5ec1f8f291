"""Wrong input on the wizard's pages: errors beside the fields (422), nothing typed lost, numbers shown masked."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN, jpeg_bytes
from lapak.market.sellers.tests.test_pages_seller_support import client_for, consent, photo, start, step, text
from lapak.market.sellers.vault import mask

pytestmark = pytest.mark.django_db


@pytest.fixture
def applying(region_tree, make_user):
    user = make_user(email="applicant@example.test")
    client = client_for(user)
    return client, user


def error_of(html: str, field: str) -> str:
    found = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert found, f"no inline error for {field}"
    return found.group(1)


def test_bad_nik_and_phone_are_shown_beside_their_fields_and_the_rest_is_kept(applying):
    client, _user = applying
    application = start(client)
    consent(client, application)
    response = client.post(step(application, "identity"), {
        "id_document_kind": "ktp", "full_name": "Sari Dewi", "nik": "31710112059", "phone": "021 555 1234",
        "birth_date": "1990-05-12", "sex": "F", "continue": "1",
    })
    assert response.status_code == 422
    html = text(response)
    assert "16 digits" in error_of(html, "nik")
    assert "starting with 08" in error_of(html, "phone")
    assert 'aria-invalid="true"' in html
    # What was typed comes back so it can be corrected; the valid fields were saved as a draft.
    assert 'value="021 555 1234"' in html and 'value="Sari Dewi"' in html
    application.refresh_from_db()
    assert application.full_name == "Sari Dewi" and application.sex == "F" and not application.nik_masked


def test_a_bad_npwp_is_shown_beside_its_field(applying):
    client, _user = applying
    application = start(client, "business", "PT Salah")
    consent(client, application)
    response = client.post(step(application, "identity"), {"company_name": "PT Salah",
                                                           "npwp": "01.312.166.9-091.000"})
    assert response.status_code == 422
    assert "check digit" in error_of(text(response), "npwp")
    application.refresh_from_db()
    assert application.company_name == "PT Salah" and not application.npwp_masked


def test_a_saved_nik_is_never_sent_back_only_its_mask(applying):
    client, _user = applying
    application = start(client)
    consent(client, application)
    # The NIK is right but the phone is not: the NIK is stored, and the page shown again must not echo it.
    response = client.post(step(application, "identity"), {"nik": NIK_MAN, "phone": "12", "full_name": "Budi"})
    assert response.status_code == 422
    application.refresh_from_db()
    assert application.nik_masked == mask("nik", NIK_MAN)
    for page in (response, client.get(step(application, "identity")), client.get(step(application, "review"))):
        html = text(page)
        assert NIK_MAN not in html
        assert mask("nik", NIK_MAN) in html
    assert re.search(r'<input type="text" name="nik"(?![^>]*value=)[^>]*>', text(client.get(step(application,
                                                                                                 "identity"))))
    # An empty NIK input keeps the stored number; typing a new one replaces it.
    client.post(step(application, "identity"), {"nik": "", "full_name": "Budi Santoso"})
    application.refresh_from_db()
    assert application.nik_masked == mask("nik", NIK_MAN) and application.full_name == "Budi Santoso"
    # Wrong in the form's own checks (too long a name): the right NIK is still saved, and not echoed.
    too_long = client.post(step(application, "identity"), {"nik": NIK_WOMAN, "full_name": "x" * 151})
    assert too_long.status_code == 422
    assert 'id="id_full_name_error"' in text(too_long) and NIK_WOMAN not in text(too_long)
    application.refresh_from_db()
    assert application.nik_masked == mask("nik", NIK_WOMAN) and application.full_name == "Budi Santoso"


def test_a_draft_is_resumed_where_it_was_left(applying):
    client, user = applying
    application = start(client)
    consent(client, application)
    left = client.post(step(application, "identity"), {"full_name": "Sari Dewi", "phone": "0812-3456-7890",
                                                       "finish_later": "1"})
    assert left["Location"] == "/seller/"
    again = client_for(user)  # another session, another day
    centre = text(again.get("/seller/"))
    assert f'href="{step(application, "review")}"' in centre
    assert 'id="missing-nik"' not in centre and 'id="missing-id_document_kind"' in centre
    page = text(again.get(step(application, "identity")))
    assert 'value="Sari Dewi"' in page and 'value="+6281234567890"' in page
    assert 'class="steps__item steps__item--done"' in page  # shop and consent are done


def test_required_consent_must_be_ticked_and_nothing_is_ticked_in_advance(applying):
    client, _user = applying
    application = start(client)
    page = text(client.get(step(application, "consent")))
    assert 'name="consent_kyc_verification"' in page and "checked" not in page
    refused = client.post(step(application, "consent"), {"policy_version": "2026-01",
                                                         "consent_fraud_prevention": "on", "continue": "1"})
    assert refused.status_code == 422
    assert "agree to this" in error_of(text(refused), "consent_kyc_verification")
    assert "agree to this" in error_of(text(refused), "consent_payout_processing")
    stale = client.post(step(application, "consent"), {"policy_version": "2020-01",
                                                       "consent_kyc_verification": "on", "continue": "1"})
    assert stale.status_code == 422 and "privacy notice has changed" in text(stale)


def test_an_upload_that_is_not_a_picture_is_refused_beside_its_field(applying):
    client, _user = applying
    application = start(client)
    consent(client, application)
    fake = SimpleUploadedFile("ktp.jpg", b"GIF89a this is not what it claims", content_type="image/jpeg")
    response = client.post(step(application, "documents"), {"ktp_photo": fake, "selfie": photo()})
    assert response.status_code == 422
    assert "not a picture" in error_of(text(response), "ktp_photo")
    # The selfie in the same form was good, and is kept.
    assert list(application.documents.values_list("kind", flat=True)) == ["selfie"]
    pdf_selfie = SimpleUploadedFile("me.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert "not a PDF" in error_of(text(client.post(step(application, "documents"), {"selfie": pdf_selfie})),
                                   "selfie")


def test_an_upload_too_large_is_refused(applying, settings):
    client, _user = applying
    application = start(client)
    consent(client, application)
    settings.SELLER_UPLOAD_MAX_BYTES = 20_000
    big = SimpleUploadedFile("ktp.jpg", jpeg_bytes(size=(1600, 1200)) + b"\0" * 30_000, content_type="image/jpeg")
    response = client.post(step(application, "documents"), {"ktp_photo": big})
    assert response.status_code == 422
    assert "larger than" in error_of(text(response), "ktp_photo")
    assert not application.documents.exists()
    # A body far beyond what the step can take is refused before it is read.
    huge = SimpleUploadedFile("ktp.jpg", b"\xff" * 400_000, content_type="image/jpeg")
    refused = client.post(step(application, "documents"), {"ktp_photo": huge})
    assert refused.status_code == 413
    assert not application.documents.exists()


def test_every_form_needs_its_csrf_token(applying):
    from django.test import Client

    client, user = applying
    application = start(client)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    # The wizard checks the body's size before the CSRF token (so it must run the CSRF check itself).
    for url, data in ((step(application, "identity"), {"full_name": "Forged"}),
                      (step(application, "documents"), {"selfie": photo()}),
                      ("/seller/my-data/deletion/", {"confirm": "on"}),
                      (f"/seller/shops/{application.organisation.public_id}/logo/", {"logo": photo()})):
        assert strict.post(url, data).status_code == 403, url
    application.refresh_from_db()
    assert application.full_name == "" and not application.documents.exists()
    page = strict.get(step(application, "consent"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)
    accepted = strict.post(step(application, "consent"), {"csrfmiddlewaretoken": token, "policy_version": "2026-01",
                                                          "consent_kyc_verification": "on",
                                                          "consent_payout_processing": "on", "continue": "1"})
    assert accepted.status_code == 302


def test_a_nik_another_seller_holds_is_refused_at_submission(build, people, make_user):
    build.submitted()  # the owner's shop holds NIK_MAN now
    other = make_user(email="copycat@example.test")
    theirs = build.individual(owner=other, shop="Toko Tiruan", nik=NIK_MAN)
    response = client_for(other).post(step(theirs, "review"), {"submit": "1"})
    assert response.status_code == 409
    html = text(response)
    assert 'id="submit-errors"' in html and 'id="missing-nik"' in html
    assert "already registered to another seller" in html and NIK_MAN not in html
    theirs.refresh_from_db()
    assert theirs.status == "draft"
