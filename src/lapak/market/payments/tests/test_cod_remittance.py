"""The courier's settlement arrives later: remittance lines that match collected parcels move the cash from the
COD receivable to the clearing account, once; unknown parcels, other amounts and second remittances are kept as
mismatches and post nothing; importing again changes nothing; a full COD flow leaves the ledger clean."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from lapak.core.errors import ValidationFailed
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.models_cod import CodRemittanceLine, CodStatus
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_remittance import cod_remittance_record
from lapak.market.payments.tests.cod_support import deliver, parcel, parts, place_cod, remittance_of
from lapak.market.payments.tests.refund_support import balance
from lapak.market.shipping.cod import RemittanceLine

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 28)


@pytest.fixture
def delivered(place, market, buyer, django_capture_on_commit_callbacks):
    """A COD order whose two parcels were both delivered (collected by the sandbox courier)."""
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    return [deliver(so, market, django_capture_on_commit_callbacks) for so in parts(order)]


def record(lines, reference="RMT-1", provider="sandbox"):
    return cod_remittance_record(provider=provider, reference=reference, remitted_on=DAY, lines=lines)


def test_a_matching_remittance_settles_the_receivable_once(delivered):
    budi, sari = delivered
    result = record(remittance_of(budi, sari))
    assert (result.matched, result.repeated, result.mismatches) == (2, 0, [])
    total = parcel(budi).amount + parcel(sari).amount
    assert balance(AccountKind.COD_RECEIVABLE, "sandbox") == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "cod:sandbox") == total == budi.order.grand_total
    assert {parcel(so).status for so in delivered} == {CodStatus.REMITTED}
    assert parcel(budi).intent.status == "paid"  # all the cash reached Lapak
    again = record(remittance_of(budi, sari))  # the same file imported twice
    assert (again.matched, again.repeated) == (0, 2)
    assert JournalEntry.objects.filter(cause_type="cod_remittance_line").count() == 2
    assert ledger_check() == []


def test_mismatches_are_kept_and_post_nothing(delivered):
    budi, _sari = delivered
    good = remittance_of(budi)[0]
    lines = [RemittanceLine(good.tracking_number, good.amount - 1_000),  # the courier kept a fee
             RemittanceLine("SBX999999999999", 50_000)]  # no such parcel
    result = record(lines)
    assert result.matched == 0
    assert [(r.outcome, r.expected_amount) for r in result.mismatches] == [
        ("amount_mismatch", good.amount), ("unknown_parcel", None)]
    assert not JournalEntry.objects.filter(cause_type="cod_remittance_line").exists()
    assert parcel(budi).status == CodStatus.COLLECTED
    assert record(remittance_of(budi), reference="RMT-2").matched == 1  # the corrected remittance
    second = record(remittance_of(budi), reference="RMT-3")  # the same parcel remitted again elsewhere
    assert [r.outcome for r in second.mismatches] == ["already_remitted"]
    assert balance(AccountKind.GATEWAY_CLEARING, "cod:sandbox") == good.amount
    assert parcel(budi).intent.status == "pending"  # Toko Sari's cash has not arrived yet
    assert CodRemittanceLine.objects.count() == 4 and ledger_check() == []


def test_a_parcel_not_yet_delivered_does_not_match(place, market, buyer, django_capture_on_commit_callbacks):
    from lapak.market.payments.tests.cod_support import ship

    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    budi = ship(parts(order)[0], market)
    from lapak.market.shipping.models import Shipment

    awb = Shipment.objects.get(seller_order_ref=budi.public_id).tracking_number
    result = record([RemittanceLine(awb, parcel(budi).amount)])
    assert [r.outcome for r in result.mismatches] == ["unknown_parcel"] and not JournalEntry.objects.exists()


def test_a_malformed_remittance_writes_nothing(delivered):
    line = remittance_of(delivered[0])[0]
    for lines in ([line, line], [RemittanceLine("x", 1)], [RemittanceLine(line.tracking_number, -5)], []):
        with pytest.raises(ValidationFailed):
            record(lines)
    with pytest.raises(ValidationFailed):
        record([line], provider="Not A Code")
    assert not CodRemittanceLine.objects.exists()


def test_the_command_reads_a_csv_and_the_sandbox(delivered, tmp_path, capsys):
    budi, sari = delivered
    path = tmp_path / "remit.csv"
    first = remittance_of(budi)[0]
    path.write_text(f"awb,amount,note\n{first.tracking_number},{first.amount},ok\n")
    call_command("cod_remittance_import", str(path), courier="sandbox", reference="CSV-1", date=DAY)
    assert "1 matched" in capsys.readouterr().out and parcel(budi).status == CodStatus.REMITTED
    from django.utils import timezone

    from lapak.market.shipping.models import Shipment

    delivered_on = timezone.localdate(Shipment.objects.get(seller_order_ref=sari.public_id).status_occurred_at)
    with pytest.raises(SystemExit) as exited:  # the sandbox remits both parcels; Budi's was remitted by the CSV
        call_command("cod_remittance_import", sandbox=True, date=delivered_on)
    assert exited.value.code == 1 and parcel(sari).status == CodStatus.REMITTED
    out = capsys.readouterr().out
    assert "1 matched" in out and "already_remitted" in out
    call_command("cod_remittance_import", sandbox=True, date=delivered_on)  # asked again: nothing new
    assert "0 matched, 2 already recorded, 0 mismatches" in capsys.readouterr().out
    assert ledger_check() == []
