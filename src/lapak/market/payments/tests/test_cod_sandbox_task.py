"""The sandbox courier's remittance arrives by itself: the daily job `payments.cod_sandbox_remittance` records
yesterday's (WIB) remittance as `cod_remittance_import --sandbox --date <yesterday>` does, once however often it
runs, and does nothing when no courier books through the sandbox. The admin shows parcels and remittance lines
read-only."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command

from lapak.core.tasks.periodic import periodic_jobs
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.payments.models_cod import CodRemittanceLine, CodStatus
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.reconciliation import WIB, wib_yesterday
from lapak.market.payments.tasks_cod import cod_sandbox_remittance_task
from lapak.market.payments.tests.cod_support import deliver, parcel, parts, place_cod
from lapak.market.payments.tests.refund_support import balance
from lapak.market.shipping.models import Courier, Shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(place, market, buyer, django_capture_on_commit_callbacks):
    """A COD order whose two parcels the sandbox courier delivered (cash collected, not remitted)."""
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    return [deliver(so, market, django_capture_on_commit_callbacks) for so in parts(order)]


def _delivered_at(so, moment: datetime) -> None:
    Shipment.objects.filter(seller_order_ref=so.public_id).update(status_occurred_at=moment)


def _yesterday_wib(hour: int) -> datetime:
    return datetime.combine(wib_yesterday(), time(hour), tzinfo=WIB)


def test_the_job_is_declared_daily():
    jobs = {job.name: job for job in periodic_jobs()}
    job = jobs["payments.cod_sandbox_remittance"]
    assert job.every == timedelta(days=1) and job.task is cod_sandbox_remittance_task


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "UTC"])  # the day is WIB's whatever TIME_ZONE says
def test_yesterdays_deliveries_are_remitted_once(collected, settings, zone):
    settings.TIME_ZONE = zone
    budi, sari = collected
    _delivered_at(budi, _yesterday_wib(0) + timedelta(minutes=5))  # 00:05 WIB is still the day before in UTC
    _delivered_at(sari, _yesterday_wib(23) + timedelta(minutes=55))
    day = wib_yesterday().isoformat()
    result = cod_sandbox_remittance_task.enqueue().return_value
    assert result == {"day": day, "reference": f"SANDBOX-COD-{day}", "lines": 2, "matched": 2, "repeated": 0,
                      "mismatches": 0}
    assert {parcel(so).status for so in collected} == {CodStatus.REMITTED}
    assert balance(AccountKind.COD_RECEIVABLE, "sandbox") == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "cod:sandbox") == parcel(budi).amount + parcel(sari).amount
    again = cod_sandbox_remittance_task.enqueue().return_value  # a slot run twice
    assert (again["matched"], again["repeated"]) == (0, 2)
    assert CodRemittanceLine.objects.count() == 2 and ledger_check() == []


def test_the_job_and_the_command_record_the_same_remittance(collected, capsys):
    budi, sari = collected
    _delivered_at(budi, _yesterday_wib(12))
    call_command("cod_remittance_import", sandbox=True, date=wib_yesterday())
    assert "1 matched, 0 already recorded, 0 mismatches" in capsys.readouterr().out
    result = cod_sandbox_remittance_task.enqueue().return_value
    assert (result["lines"], result["matched"], result["repeated"]) == (1, 0, 1)
    assert parcel(budi).status == CodStatus.REMITTED and parcel(sari).status == CodStatus.COLLECTED


def test_parcels_delivered_today_wait_for_tomorrows_remittance(collected):
    result = cod_sandbox_remittance_task.enqueue().return_value  # both were delivered just now (today)
    assert (result["lines"], result["matched"]) == (0, 0)
    assert {parcel(so).status for so in collected} == {CodStatus.COLLECTED}
    assert not CodRemittanceLine.objects.exists()


def test_nothing_happens_without_the_sandbox_courier(collected):
    for so in collected:
        _delivered_at(so, _yesterday_wib(12))
    Courier.objects.filter(booking="sandbox").update(is_active=False)
    assert cod_sandbox_remittance_task.enqueue().return_value == {"skipped": "no courier books through the sandbox"}
    assert not CodRemittanceLine.objects.exists()
    assert {parcel(so).status for so in collected} == {CodStatus.COLLECTED}


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root@example.test", "correct horse battery", full_name="Root")
    client.force_login(root)
    return client


def test_the_admin_shows_parcels_and_remittance_lines_read_only(collected, admin_client):
    budi = collected[0]
    _delivered_at(budi, _yesterday_wib(12))
    cod_sandbox_remittance_task.enqueue()
    line = CodRemittanceLine.objects.get()
    for model, pk in (("codparcel", parcel(budi).pk), ("codremittanceline", line.pk)):
        listing = admin_client.get(f"/admin/payments/{model}/")
        assert listing.status_code == 200 and parcel(budi).tracking_number in listing.content.decode()
        assert admin_client.get(f"/admin/payments/{model}/{pk}/change/").status_code == 200
        assert admin_client.get(f"/admin/payments/{model}/add/").status_code == 403
        assert admin_client.post(f"/admin/payments/{model}/{pk}/delete/").status_code == 403
    assert admin_client.get("/admin/payments/codremittanceline/", {"outcome": "matched"}).status_code == 200
