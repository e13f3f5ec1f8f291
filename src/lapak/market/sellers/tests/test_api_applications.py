"""`/api/v1/sellers/applications…` behaviour: start, draft saves, uploads, submission, withdrawal, history."""

from __future__ import annotations

import io
import os

import pytest
from django.test import override_settings
from PIL import Image

from lapak.accounts.selectors import user_roles
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN, PDF_BYTES, jpeg_bytes
from lapak.market.sellers.tests.test_api_support import call, error_of

URL = "/api/v1/sellers/applications"


@pytest.fixture
def owner(people, bearer, region_tree):
    return bearer(people.owner)


def start(headers, **body) -> dict:
    response = call("POST", URL, headers, json_body={"seller_type": "individual", "shop_name": "Toko Budi", **body})
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_starting_creates_the_shop_and_a_draft(people, owner):
    body = start(owner, umkm_class="micro")
    assert body["status"] == "draft"
    assert body["id"].startswith("kyc_") and body["organisation"]["id"].startswith("org_")
    assert body["organisation"] == {**body["organisation"], "shop_name": "Toko Budi", "shop_slug": "toko-budi",
                                    "seller_type": "individual", "jurisdiction": "ID", "status": "unverified"}
    assert body["allowed_actions"] == ["submit", "withdraw"]
    assert "consent" in body["missing"]  # nothing may be processed before consent
    assert body["identity_numbers"] == dict.fromkeys(["nik", "passport_number", "nib", "npwp", "responsible_nik"])
    assert "seller_member" in user_roles(people.owner)


@pytest.mark.django_db
def test_starting_with_bad_input_names_each_field(owner):
    response = call("POST", URL, owner, json_body={"seller_type": "pyramid", "shop_name": " ", "jurisdiction": "id"})
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"seller_type", "shop_name", "jurisdiction"}

    response = call("POST", URL, owner, json_body={"seller_type": "individual", "shop_name": 5, "rogue": 1})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"shop_name": ["Enter text."], "rogue": ["This field is not allowed."]}
    response = call("POST", URL, owner, json_body={"seller_type": "individual", "shop_name": "x" * 81})
    assert error_of(response)["fields"] == {"shop_name": ["The text is too long."]}


@pytest.mark.django_db
def test_a_draft_is_saved_step_by_step_and_numbers_come_back_masked(owner):
    application = start(owner)
    url = f"{URL}/{application['id']}"
    response = call("PATCH", url, owner, json_body={"id_document_kind": "ktp", "full_name": "Budi Santoso",
                                                    "nik": NIK_MAN, "birth_date": "1990-05-12", "sex": "M"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["identity_numbers"]["nik"] == "3171••••••••0001"
    assert NIK_MAN not in response.content.decode()
    assert body["declared"]["full_name"] == "Budi Santoso" and body["declared"]["birth_date"] == "1990-05-12"

    second = call("PATCH", url, owner, json_body={"phone": "0812-3456-7890"}).json()
    assert second["declared"]["phone"] == "+6281234567890"
    assert second["declared"]["full_name"] == "Budi Santoso"  # a step leaves the other steps alone
    cleared = call("PATCH", url, owner, json_body={"nik": None}).json()
    assert cleared["identity_numbers"]["nik"] is None
    assert call("GET", url, owner).json()["declared"]["phone"] == "+6281234567890"


@pytest.mark.django_db
def test_a_malformed_step_is_refused_whole_naming_the_fields(owner):
    application = start(owner)
    url = f"{URL}/{application['id']}"
    response = call("PATCH", url, owner, json_body={"full_name": "Budi", "nik": "3171011205900000",
                                                    "phone": "12", "birth_date": "12-05-1990"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"nik", "phone", "birth_date"}
    assert "3171011205900000" not in response.content.decode()
    assert call("GET", url, owner).json()["declared"]["full_name"] == ""  # nothing of the step was saved
    assert error_of(call("PATCH", url, owner, json_body={"colour": "red"}))["fields"] == {
        "colour": ["This field is not allowed."]}


@pytest.mark.django_db
def test_uploads_are_checked_by_content_and_summarised(owner):
    application = start(owner)
    url = f"{URL}/{application['id']}/documents"
    photo = call("POST", f"{url}/selfie", owner, file=jpeg_bytes())
    assert photo.status_code == 200, photo.content
    assert photo.json() == {**photo.json(), "kind": "selfie", "content_type": "image/jpeg", "width": 640,
                            "height": 480, "erased": False}
    deed = call("POST", f"{url}/deed", owner, file=PDF_BYTES)
    assert deed.status_code == 200 and deed.json()["content_type"] == "application/pdf"

    not_a_picture = call("POST", f"{url}/ktp_photo", owner, file=b"GIF89a this is not a photo")
    assert not_a_picture.status_code == 422
    assert error_of(not_a_picture)["code"] == "upload_not_image"
    assert list(error_of(not_a_picture)["fields"]) == ["file"]
    pdf_as_photo = call("POST", f"{url}/ktp_photo", owner, file=PDF_BYTES)
    assert error_of(pdf_as_photo)["code"] == "upload_not_image"
    assert error_of(call("POST", f"{url}/passport", owner, file=jpeg_bytes()))["fields"] == {
        "kind": ["Choose which document this is."]}
    missing = call("POST", f"{url}/selfie", owner, json_body={})
    assert missing.status_code == 422 and error_of(missing)["fields"] == {"file": ["Choose a file to upload."]}
    kinds = [d["kind"] for d in call("GET", f"{URL}/{application['id']}", owner).json()["documents"]]
    assert kinds == ["deed", "selfie"]


def _noisy_jpeg(size: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (size, size), os.urandom(size * size * 3)).save(out, format="JPEG", quality=95)
    return out.getvalue()


@pytest.mark.django_db
def test_too_large_uploads_are_refused(owner):
    application = start(owner)
    url = f"{URL}/{application['id']}/documents/selfie"
    big = _noisy_jpeg(200)
    with override_settings(SELLER_UPLOAD_MAX_BYTES=len(big) - 1):
        response = call("POST", url, owner, file=big)
    assert response.status_code == 422
    assert error_of(response)["code"] == "upload_too_large"
    assert list(error_of(response)["fields"]) == ["file"]
    with override_settings(API_MAX_UPLOAD_BYTES=len(big) - 1):  # the request guard, before anything is read
        assert call("POST", url, owner, file=big).status_code == 413
    assert call("GET", f"{URL}/{application['id']}", owner).json()["documents"] == []


@pytest.mark.django_db
def test_submitting_an_incomplete_application_names_what_is_missing(owner, build, people):
    application = start(owner)
    response = call("POST", f"{URL}/{application['id']}/submit", owner)
    assert response.status_code == 422
    assert error_of(response)["code"] == "application_incomplete"
    build.consent(people.owner)
    response = call("POST", f"{URL}/{application['id']}/submit", owner)
    assert {"full_name", "id_document_kind", "selfie", "phone", "bank_account"} <= set(error_of(response)["fields"])
    assert call("GET", f"{URL}/{application['id']}", owner).json()["status"] == "draft"


@pytest.mark.django_db
def test_submit_then_illegal_steps_are_409(build, people, owner):
    application = build.individual()
    url = f"{URL}/{application.public_id}"
    response = call("POST", f"{url}/submit", owner)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and response.json()["allowed_actions"] == ["withdraw"]
    assert response.json()["missing"] == {}
    again = call("POST", f"{url}/submit", owner)
    assert again.status_code == 409 and error_of(again)["code"] == "transition_not_allowed"
    edit = call("PATCH", url, owner, json_body={"full_name": "Someone Else"})
    assert edit.status_code == 409 and error_of(edit)["code"] == "application_not_editable"
    upload = call("POST", f"{url}/documents/selfie", owner, file=jpeg_bytes())
    assert upload.status_code == 409
    assert call("POST", f"{url}/withdraw", owner).json()["status"] == "withdrawn"
    assert error_of(call("POST", f"{url}/withdraw", owner))["code"] == "transition_not_allowed"


@pytest.mark.django_db
def test_a_nik_another_seller_holds_is_409_without_the_number(build, people, make_user, bearer, owner):
    first = build.individual()
    assert call("POST", f"{URL}/{first.public_id}/submit", owner).status_code == 200
    other = make_user(email="other@example.test")
    second = build.individual(owner=other, shop="Toko Kembar")  # the same NIK
    response = call("POST", f"{URL}/{second.public_id}/submit", bearer(other))
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "identity_already_registered" and list(error["fields"]) == ["nik"]
    assert NIK_MAN not in response.content.decode()
    assert SellerApplication.objects.get(pk=second.pk).status == "draft"


@pytest.mark.django_db
def test_an_mlm_company_is_rejected_at_submission_with_reasons_in_the_callers_language(build, people, owner):
    application = build.business(seller_type="mlm", responsible_nik=NIK_WOMAN)
    response = call("POST", f"{URL}/{application.public_id}/submit", owner)
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    history = call("GET", f"{URL}/{application.public_id}/history", owner, language="id").json()
    assert [(i["from_status"], i["to_status"], i["by"]) for i in history["items"]] == [
        ("draft", "submitted", "applicant"), ("submitted", "rejected", "system")]
    reason = history["items"][1]["reasons"][0]
    assert reason["code"] == "mlm_not_allowed" and reason["rule_id"] == "ID-SEL-5"
    assert reason["message"].startswith("Perusahaan MLM")


@pytest.mark.django_db
def test_history_is_paginated_and_bounded(build, people, owner):
    application = build.individual()
    url = f"{URL}/{application.public_id}"
    call("POST", f"{url}/submit", owner)
    call("POST", f"{url}/withdraw", owner)
    page = call("GET", f"{url}/history?limit=1&offset=1", owner).json()
    assert page["count"] == 2 and page["limit"] == 1 and page["offset"] == 1
    assert [i["to_status"] for i in page["items"]] == ["withdrawn"]
    too_many = call("GET", f"{url}/history?limit=101", owner)
    assert too_many.status_code == 422 and list(error_of(too_many)["fields"]) == ["limit"]


@pytest.mark.django_db
def test_draft_saves_are_idempotent_with_a_key(owner):
    application = start(owner)
    url = f"{URL}/{application['id']}"
    first = call("PATCH", url, owner, json_body={"full_name": "Budi"}, HTTP_IDEMPOTENCY_KEY="step-1")
    replay = call("PATCH", url, owner, json_body={"full_name": "Budi"}, HTTP_IDEMPOTENCY_KEY="step-1")
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
