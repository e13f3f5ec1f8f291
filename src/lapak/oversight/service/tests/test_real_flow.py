"""The figures over facts written by the real flows: an order paid by QRIS through the gateway's notification,
delivered, a return refused by the shop and taken to Lapak's desk, accepted there without the goods (a refund
requested and paid back through the gateway), and the
other shop's escrow released with PPh 22 withheld. Rollup and source tables agree, and count what happened."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.market.orders.models import RefundRequest
from lapak.market.orders.returns.services import return_answer, return_decide, return_dispute, return_request_open
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.release_support import close_window
from lapak.oversight import rollups
from lapak.oversight.service.tests.support import compute, refresh_all

pytestmark = pytest.mark.django_db


def _both(key: str, by: tuple[str, ...]) -> list[dict]:
    today = timezone.localdate().isoformat()
    rollup = compute(key, source="rollup", by=by, date_from=today, date_to=today).rows
    assert rollup == compute(key, source="scratch", by=by, date_from=today, date_to=today).rows
    return rollup


def test_the_figures_count_a_real_order_its_complaint_refund_and_release(completed, market, buyer, midtrans,
                                                                         operator, monkeypatch):
    monkeypatch.setattr(rollups, "ROLLUP_LAG", timezone.timedelta(0))  # everything here happened just now
    # Toko Budi refuses the return, the buyer takes it to Lapak's desk (a complaint), an operator accepts it.
    ret = return_request_open(seller_order=completed.budi, buyer=buyer, quantities={market.shirt.public_id: 1},
                              reason="damaged", description="Jahitan lepas")
    ret = return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False, reason="Tidak rusak")
    ret = return_dispute(return_request=ret, buyer=buyer, note="Lihat fotonya")
    return_decide(return_request=ret, operator=operator, accept=True, note="Rusak", goods_back=False)
    refund = refund_execute(refund_request=RefundRequest.objects.get(return_request=ret))
    release = escrow_release(seller_order=close_window(completed.sari))
    assert release.pph22 > 0
    refresh_all()

    [payment] = _both("payment-methods", ("method",))
    assert (payment["method"], payment["payments"], payment["amount"], payment["_buyers"]) == (
        "qris", 1, completed.order.grand_total, 1)
    [tax] = _both("tax", ())
    assert (tax["withheld"], tax["seller_orders"], tax["sellers"]) == (release.pph22, 1, 1)
    service = {row["kind"]: row for row in _both("service", ("kind",))}
    assert (service["return"]["opened"], service["return"]["resolved"], service["return"]["within_sla"]) == (1, 1, 1)
    assert refund.status == "paid"
    assert (service["refund"]["opened"], service["refund"]["resolved"], service["refund"]["within_sla"]) == (1, 1, 1)
    complaint = service["complaint"]
    assert (complaint["opened"], complaint["resolved"], complaint["within_sla"], complaint["overdue"]) == (1, 1, 1, 0)
