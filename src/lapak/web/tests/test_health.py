import pytest
from django.db import connections


@pytest.mark.django_db(databases=["default", "social"])
def test_healthz_reports_databases_and_tasks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["databases"]["default"]["ok"] is True
    assert body["databases"]["social"]["ok"] is True
    assert "ok" in body["tasks"]


@pytest.mark.django_db(databases=["default", "social"])
def test_healthz_is_503_when_a_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connections["social"].Database.OperationalError("connection refused")

    monkeypatch.setattr(connections["social"], "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["databases"]["social"] == {"ok": False, "error": "OperationalError"}
    assert response.json()["status"] == "unavailable"
