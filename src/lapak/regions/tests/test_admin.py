import pytest


@pytest.mark.parametrize("model", ["region", "historicalregioncode", "regiondataset"])
def test_admin_lists_are_read_only(regions, admin_client, model):
    listing = admin_client.get(f"/admin/regions/{model}/")
    assert listing.status_code == 200
    assert admin_client.get(f"/admin/regions/{model}/add/").status_code == 403


def test_admin_region_search_by_code(regions, admin_client):
    response = admin_client.get("/admin/regions/region/", {"q": "32.76.01.1006"})
    assert response.status_code == 200
    assert b"Depok" in response.content
    detail = admin_client.get("/admin/regions/region/32.76.01.1006/change/")
    assert detail.status_code == 200
    assert b"16431" in detail.content
    assert b'name="_save"' not in detail.content
