import pytest


@pytest.mark.django_db
def test_openapi_document_describes_the_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/token" in spec["paths"]
    assert "BearerToken" in spec["components"]["securitySchemes"]
    assert "ErrorOut" in spec["components"]["schemas"]


@pytest.mark.django_db
def test_interactive_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
