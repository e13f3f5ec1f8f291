import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/auth/tokens/%00", "/%00", "/api/v1/regions/provinces?q=%00"])
def test_nul_in_the_address_is_a_clear_400(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


@pytest.mark.django_db
def test_nul_in_body_text_is_a_422_not_a_database_error(api_client):
    response = api_client.post(
        "/api/v1/auth/token", {"email": "a\u0000@b.test", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.django_db
def test_uploads_may_be_larger_than_json_bodies_but_only_on_upload_paths(api_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("ktp.jpg", b"\xff\xd8" + b"0" * (settings.API_MAX_BODY_BYTES + 1000), "image/jpeg")
    upload = api_client.post("/api/v1/sellers/applications/kyc_X/documents/ktp_photo", {"file": photo})
    assert upload.status_code == 401  # reached the API (no token), not refused for size
    photo.seek(0)
    elsewhere = api_client.post("/api/v1/auth/token", {"file": photo})
    assert elsewhere.status_code == 413
    too_big = SimpleUploadedFile("ktp.jpg", b"0" * (settings.API_MAX_UPLOAD_BYTES + 10), "image/jpeg")
    refused = api_client.post("/api/v1/sellers/applications/kyc_X/documents/ktp_photo", {"file": too_big})
    assert refused.status_code == 413
