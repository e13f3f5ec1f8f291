"""The address picker: each level lists what lies under the level above, and the postcode follows the village."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lapak.market.sellers.tests.conftest import POSTCODE, VILLAGE
from lapak.market.sellers.tests.test_pages_seller_support import client_for, consent, start, step, text

pytestmark = pytest.mark.django_db


def test_changing_the_province_clears_the_levels_below(region_tree):
    html = text(Client().get("/seller/regions/pickup/", {
        "pickup_province": "32", "pickup_regency": "31.71", "pickup_district": "31.71.01",
        "pickup_region_code": VILLAGE, "pickup_postcode": POSTCODE,
    }))
    assert 'value="32" selected' in html
    assert 'value="31.71"' not in html and f'value="{VILLAGE}"' not in html
    assert 'name="pickup_postcode" id="id_pickup_postcode" value=""' in html
    for level in ("district", "region_code"):  # nothing to choose until a regency is chosen again
        assert re.search(rf'<select name="pickup_{level}"[^>]* disabled', html)


def test_choosing_the_village_fills_its_postcode(region_tree):
    html = text(Client().get("/seller/regions/address/", {
        "address_province": "31", "address_regency": "31.71", "address_district": "31.71.01",
        "address_region_code": VILLAGE,
    }))
    assert f'value="{VILLAGE}" selected' in html and f'value="{POSTCODE}"' in html
    assert Client().get("/seller/regions/elsewhere/").status_code == 404


def test_without_javascript_the_form_lists_the_choices_without_saving(region_tree, make_user):
    client = client_for(make_user())
    application = start(client)
    consent(client, application)
    response = client.post(step(application, "identity"), {
        "full_name": "Sari", "address_province": "31", "address_regency": "31.71", "_refresh": "address",
    })
    assert response.status_code == 200
    assert 'value="31.71.01"' in text(response) and 'value="Sari"' in text(response)
    application.refresh_from_db()
    assert application.full_name == ""
