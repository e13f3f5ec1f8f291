"""Review: malformed input to the oversight evidence API and pages is a clear 4xx, never a 500."""

from __future__ import annotations

import pytest

from lapak.accounts.tests.two_factor_support import sign_in

pytestmark = pytest.mark.django_db
API = "/api/v1/oversight/audit"



@pytest.mark.parametrize("query", ["x=%00", "%00=1", "page=%00", "event=aud%00x", "jurisdiction=I%00"])
def test_nul_bytes_in_evidence_api_parameters(api_client, bearer, regulator, query):
    path = "/proofs/inclusion" if "event" in query else "/heads"
    response = api_client.get(f"{API}{path}?{query}", **bearer(regulator))
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize("url", [
    "/oversight/audit/heads/99999999999999999999999999.json",
    "/oversight/audit/inclusion/?event=aud_x&size=99999999999999999999999999",
    "/oversight/audit/inclusion.json?event=aud_x&size=99999999999999999999999999",
    "/oversight/audit/segment.json?first=99999999999999999999999998&second=99999999999999999999999999",
    "/oversight/audit/consistency.json?first=99999999999999999999999998&second=99999999999999999999999999",
    "/oversight/audit/?x=%00",
])
def test_huge_sizes_and_nul_bytes_on_the_evidence_pages(client, regulator, url):
    sign_in(client, regulator)
    response = client.get(url)
    assert 400 <= response.status_code < 500, (response.status_code, url)


@pytest.mark.parametrize("query", ["from=%00", "by=%00", "x%00=1", "jurisdiction=%00", "from=9999999999-01",
                                   "to=2026-13", "by=month&by=month", "source=%00", "to=0001-01",
                                   "to=0001-01-05", "from=0001-01", "to=9999-12-31", "from=9999-12"])
def test_figure_parameters(api_client, bearer, regulator, query):
    response = api_client.get(f"/api/v1/oversight/figures/sales?{query}", **bearer(regulator))
    assert response.status_code in {200, 400, 403, 422}, (query, response.content[:300])
