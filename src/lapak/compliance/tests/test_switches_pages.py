"""The console's switch pages: who may read and change, the confirmation step, inline errors, history."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.accounts.tests.two_factor_support import sign_in
from lapak.compliance.models import FeatureSwitch
from lapak.compliance.switch_services import compliance_switch_set
from lapak.compliance.tests.switch_support import PILOT_SELLER
from lapak.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
LIST = "/operations/compliance/switches/"
LIVE_ID = f"{LIST}ID/live_shopping/"


def browser(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        sign_in(client, user)
    return client


@pytest.fixture
def operator(make_user):
    return make_user(roles=("operator",))


@pytest.fixture
def regulator(make_user):
    return make_user(roles=("regulator",), jurisdiction="ID")


def test_anonymous_visitors_log_in_and_buyers_are_refused(make_user):
    assert browser().get(LIST).status_code == 302
    buyer = browser(make_user())
    assert buyer.get(LIST).status_code == 403 and buyer.get(LIVE_ID).status_code == 403
    assert buyer.post(f"{LIVE_ID}change/", {"state": "off", "reason": "x", "confirmed": "on"}).status_code == 403
    assert not FeatureSwitch.objects.exists()


def test_the_list_shows_each_jurisdiction_with_state_reason_who_and_history(operator):
    compliance_switch_set(actor="usr_op1", jurisdiction="ID", feature="live_shopping", state="off",
                          reason="Paused for three days")
    response = browser(operator).get(LIST)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert 'id="switches-ID"' in html and 'id="switches-GB"' in html
    assert 'class="switch switch--off"' in html and "Paused for three days" in html and "usr_op1" in html
    assert "payment_method:qris" in html and 'id="history-ID"' in html


def test_a_regulator_reads_its_own_jurisdiction_and_changes_nothing(regulator):
    client = browser(regulator)
    html = client.get(LIST).content.decode()
    assert 'id="switches-ID"' in html and 'id="switches-GB"' not in html
    page = client.get(LIVE_ID)
    assert page.status_code == 200 and 'id="switch-form"' not in page.content.decode()
    assert client.get(f"{LIST}GB/live_shopping/").status_code == 404
    assert client.post(f"{LIVE_ID}change/", {"state": "off", "reason": "x", "confirmed": "on"}).status_code == 403
    assert not FeatureSwitch.objects.exists()


def test_an_operator_confirms_the_reason_before_the_change_applies(operator):
    client = browser(operator)
    assert 'id="switch-form"' in client.get(LIVE_ID).content.decode()
    first = client.post(f"{LIVE_ID}change/", {"state": "off", "reason": "Unrest: paused for three days"})
    html = first.content.decode()
    assert first.status_code == 200 and 'id="switch-confirm"' in html and 'id="switch-preview"' in html
    assert "Unrest: paused for three days" in html and not FeatureSwitch.objects.exists()
    done = client.post(f"{LIVE_ID}change/", {"state": "off", "reason": "Unrest: paused for three days",
                                             "confirmed": "on"})
    assert done.status_code == 302 and done["Location"] == LIVE_ID
    row = FeatureSwitch.objects.get(jurisdiction="ID", feature="live_shopping")
    assert (row.state, row.reason, row.changed_by) == ("off", "Unrest: paused for three days", operator.public_id)
    page = client.get(LIVE_ID).content.decode()
    assert 'id="switch-history"' in page and "Unrest: paused for three days" in page
    assert AuditEvent.objects.filter(action="compliance.switch.changed", actor=operator.public_id).count() == 1


def test_a_pilot_takes_its_sellers_from_the_form(operator):
    response = browser(operator).post(f"{LIST}ID/cross_border/change/", {
        "state": "pilot", "reason": "Two merchants", "pilot_sellers": f"{PILOT_SELLER},\n{PILOT_SELLER}",
        "confirmed": "on"})
    assert response.status_code == 302
    assert FeatureSwitch.objects.get(feature="cross_border").pilot_sellers == [PILOT_SELLER]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"state": "off", "reason": ""}, "reason", "Say why"),
    ({"state": "pilot", "reason": "x", "pilot_sellers": ""}, "pilot_sellers", "at least one seller"),
    ({"state": "pilot", "reason": "x", "pilot_sellers": "toko-budi"}, "pilot_sellers", "Not a seller organisation id"),
    ({"state": "sideways", "reason": "x"}, "state", "Choose on, off or pilot"),
])
def test_errors_show_next_to_their_field_and_change_nothing(operator, data, field, message):
    for confirmed in ("", "on"):
        response = browser(operator).post(f"{LIVE_ID}change/", {**data, "confirmed": confirmed})
        html = response.content.decode()
        assert response.status_code == 422 and f'id="id_{field}_error"' in html and message in html
    assert not FeatureSwitch.objects.exists()


def test_unknown_features_and_jurisdictions_are_404(operator):
    client = browser(operator)
    assert client.get(f"{LIST}ID/teleport/").status_code == 404
    assert client.get(f"{LIST}XX/live_shopping/").status_code == 404
    assert client.post(f"{LIST}ID/teleport/change/", {"state": "on", "confirmed": "on"}).status_code == 404
