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
