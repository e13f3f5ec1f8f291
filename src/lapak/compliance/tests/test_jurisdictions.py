"""The jurisdictions Lapak runs, with their currency and language defaults."""

import pytest

from lapak.compliance.models import Jurisdiction, Rule

pytestmark = pytest.mark.django_db


def test_id_and_gb_are_configured_with_their_defaults(api_client):
    body = api_client.get("/api/v1/compliance/jurisdictions").json()
    assert [(j["code"], j["currency"], j["language"], j["time_zone"]) for j in body] == [
        ("GB", "GBP", "en", "Europe/London"), ("ID", "IDR", "id", "Asia/Jakarta")]
    assert all(j["summary_id"] and j["summary_en"] for j in body)


def test_every_rule_of_a_pack_belongs_to_its_jurisdiction_and_has_an_active_version():
    for rule in Rule.objects.all():
        assert rule.rule_id.startswith(f"{rule.jurisdiction}-")
        assert Jurisdiction.objects.filter(code=rule.jurisdiction).exists()
        assert rule.versions.filter(status="active").exists(), rule.rule_id
        assert rule.title_id and rule.title_en and rule.explanation_id and rule.explanation_en and rule.legal_basis
