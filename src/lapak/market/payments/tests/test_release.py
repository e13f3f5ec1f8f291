"""Escrow release: once, exactly, only when due — after completion and the return window, with no open return
and no refund still waiting for the money — to the seller, commission, PPh 22 and creators (ADR 0011)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import Conflict
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.payments.services.release import escrow_release, escrows_release_due
from lapak.market.payments.tests.release_support import (
    balance,
    close_window,
    completed,
    deliver,
    fresh,
    paid_order,
    pay,
    rename_top_categories,
)

__all__ = ["completed", "paid_order"]  # fixtures
pytestmark = pytest.mark.django_db


def _held(so) -> int:
    return balance("escrow", so.public_id)


def test_a_completed_order_past_its_window_releases_once_to_the_rupiah(completed, market):
    budi = close_window(completed.budi)
    ship = budi.shipping_fee
    assert _held(budi) == 270_000 + ship
    release = escrow_release(seller_order=budi)
    # By hand: shirts 150,000 at 5 % = 7,500 and tea 120,000 at 4 % = 4,800; PPh 22 0.5 % of 270,000 = 1,350.
    assert (release.gross, release.shipping, release.commission, release.pph22) == (270_000, ship, 12_300, 1_350)
    assert release.seller_net == 270_000 + ship - 12_300 - 1_350 and release.creator == 0
    assert _held(budi) == 0
    assert balance("seller_payable", market.budi.public_id) == release.seller_net
    assert balance("commission_revenue") == 12_300
    assert balance("pph22_payable") == 1_350
    assert _held(completed.sari) == 250_000 + completed.sari.shipping_fee  # the other shop's escrow waits
    [entry] = JournalEntry.objects.filter(key=f"escrow-release:{budi.public_id}")
    assert entry.public_id == release.entry_public_id and entry.cause_id == budi.public_id
    assert ledger_check() == []
    from lapak.core.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="escrow.released", subject_id=budi.public_id).count() == 1


def test_twice_is_one_release_and_one_entry(completed):
    budi = close_window(completed.budi)
    first = escrow_release(seller_order=budi)
    again = escrow_release(seller_order=fresh(budi))
    assert again.pk == first.pk
    assert JournalEntry.objects.filter(key=f"escrow-release:{budi.public_id}").count() == 1
    assert EscrowRelease.objects.count() == 1 and ledger_check() == []


def _refused(so, code="escrow_not_due") -> list[str]:
    with pytest.raises(Conflict) as caught:
        escrow_release(seller_order=fresh(so))
    assert caught.value.code == code
    assert not EscrowRelease.objects.filter(seller_order=so).exists()
    return caught.value.fields.get("seller_order", [])


def test_not_before_the_window_closes_nor_before_completion(paid_order, completed):
    assert _refused(completed.budi) == ["return_window_open"]
    budi = close_window(completed.budi)
    later = timezone.now() - timedelta(hours=1)  # a clock before the deadline
    with pytest.raises(Conflict):
        escrow_release(seller_order=budi, now=later)
    assert _held(budi) > 0 and JournalEntry.objects.filter(cause_type="escrow_release").count() == 0


def test_not_before_completion(midtrans, place, cart, buyer, catalogue):
    rename_top_categories(catalogue)
    order = place()
    pay(order, buyer, midtrans)
    budi, _sari = deliver(order, complete=False)
    assert _refused(close_window(budi)) == ["not_completed"]


def test_not_with_an_open_return(completed, buyer, market):
    from lapak.market.orders.returns.services import return_request_open

    return_request_open(seller_order=completed.budi, buyer=buyer, quantities={market.tea.public_id: 1},
                        reason="changed_mind")
    budi = close_window(completed.budi)
    assert _refused(budi) == ["return_open"]
    close_window(completed.sari)
    assert escrows_release_due() == {"released": 1, "skipped": 0}  # Toko Sari's, not Toko Budi's
    assert list(EscrowRelease.objects.values_list("seller_order", flat=True)) == [completed.sari.pk]


def _refund_tea(completed, buyer, market):
    """The buyer returns the tea; the seller accepts without the goods back: a refund of 120,000 requested."""
    from lapak.market.orders.models import RefundRequest
    from lapak.market.orders.returns.services import return_answer, return_request_open

    ret = return_request_open(seller_order=completed.budi, buyer=buyer, quantities={market.tea.public_id: 1},
                              reason="changed_mind")
    return_answer(return_request=ret, seller_actor=market.budi_owner, accept=True, goods_back=False)
    [refund] = RefundRequest.objects.filter(seller_order=completed.budi)
    assert (refund.status, refund.amount) == ("requested", 120_000)
    return refund


def _execute(refund) -> None:
    """What the refunds part does when it pays a refund back: escrow → refunds payable, then the status."""
    from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
    from lapak.market.orders.models import RefundRequest

    escrow = ledger_account(kind="escrow", owner_ref=refund.seller_order.public_id)
    payable = ledger_account(kind="refunds_payable", owner_ref=refund.order.public_id)
    ledger_post(key=f"test-refund:{refund.public_id}", cause_type="refund", cause_id=refund.public_id,
                postings=[debit(escrow, refund.amount), credit(payable, refund.amount)])
    RefundRequest.objects.filter(pk=refund.pk).update(status="paid")


def test_an_unexecuted_refund_holds_the_release_then_only_the_rest_is_released(completed, buyer, market):
    from lapak.market.orders.models import RefundRequest

    refund = _refund_tea(completed, buyer, market)
    budi = close_window(completed.budi)
    assert _refused(budi) == ["refund_pending"]
    assert escrows_release_due()["released"] == 0
    RefundRequest.objects.filter(pk=refund.pk).update(status="failed")  # to be retried: still holds it
    assert _refused(budi) == ["refund_pending"]
    _execute(refund)
    ship = budi.shipping_fee
    assert _held(budi) == 150_000 + ship
    release = escrow_release(seller_order=fresh(budi))
    # Only the shirts are still sold: 150,000 at 5 % = 7,500; PPh 22 0.5 % = 750.
    assert (release.released, release.gross, release.commission, release.pph22) == (150_000 + ship, 150_000,
                                                                                     7_500, 750)
    assert release.seller_net == 150_000 + ship - 8_250
    assert _held(budi) == 0 and ledger_check() == []


def test_an_exemption_on_record_withholds_no_pph22(completed, market, make_user):
    from lapak.core.audit.models import AuditEvent
    from lapak.market.payments.services.tax_status import seller_tax_status_record

    operator = make_user(email="pajak@example.test", roles=["operator"])
    seller_tax_status_record(actor=operator, organisation=market.budi, pph22_exempt=True, basis="certificate",
                             certificate_number="SKB-2026/001", valid_until=timezone.localdate() + timedelta(days=30))
    assert AuditEvent.objects.filter(action="seller.tax_status_recorded", subject_id=market.budi.public_id).exists()
    release = escrow_release(seller_order=close_window(completed.budi))
    assert (release.pph22, release.pph22_exempt, release.commission) == (0, True, 12_300)
    assert release.seller_net == 270_000 + release.shipping - 12_300
    assert balance("pph22_payable") == 0 and ledger_check() == []


def test_an_expired_exemption_no_longer_applies(completed, market, make_user):
    from lapak.market.payments.services.tax_status import seller_tax_status_record

    operator = make_user(email="pajak@example.test", roles=["operator"])
    seller_tax_status_record(actor=operator, organisation=market.budi, pph22_exempt=True, basis="certificate",
                             certificate_number="SKB-2025/009", valid_from=timezone.localdate() - timedelta(days=60),
                             valid_until=timezone.localdate() - timedelta(days=1))
    release = escrow_release(seller_order=close_window(completed.budi))
    assert (release.pph22, release.pph22_exempt) == (1_350, False)


def test_only_an_operator_outside_the_shop_records_tax_status_and_an_exemption_names_its_statement(market,
                                                                                                   make_user):
    from lapak.core.errors import PermissionDenied, ValidationFailed
    from lapak.market.payments.models_release import SellerTaxStatus
    from lapak.market.payments.services.tax_status import seller_tax_status_record

    with pytest.raises(PermissionDenied):
        seller_tax_status_record(actor=market.budi_owner, organisation=market.budi, pph22_exempt=True,
                                 certificate_number="SP-1")
    operator = make_user(email="pajak@example.test", roles=["operator"])
    with pytest.raises(ValidationFailed):
        seller_tax_status_record(actor=operator, organisation=market.budi, pph22_exempt=True)
    assert not SellerTaxStatus.objects.exists()


def test_a_creator_attributed_line_pays_the_creator_from_the_seller_share(completed, monkeypatch, market):
    from lapak.market.payments import attribution

    assert attribution.creator_commission_for(completed.budi.lines.first()) is None  # no attribution yet
    seen = []

    def attributed(line, **_context):
        seen.append(line.variant_id)
        return ("crt_video1", 9_000) if line.variant_id == market.shirt.pk else None

    monkeypatch.setattr(attribution, "creator_commission_for", attributed)
    release = escrow_release(seller_order=close_window(completed.budi))
    assert sorted(seen) == sorted(line.variant_id for line in completed.budi.lines.all())
    assert (release.creator, release.creators) == (9_000, {"crt_video1": 9_000})
    assert release.seller_net == 270_000 + release.shipping - 12_300 - 1_350 - 9_000
    assert balance("creator_payable", "crt_video1") == 9_000
    assert balance("seller_payable", market.budi.public_id) == release.seller_net and ledger_check() == []


def test_the_periodic_batch_releases_what_is_due_once(completed, market):
    from lapak.core.tasks.periodic import _jobs

    assert "payments.escrow_release" in _jobs
    assert escrows_release_due() == {"released": 0, "skipped": 0}  # windows still open
    close_window(completed.budi), close_window(completed.sari)
    assert escrows_release_due(batch=1) == {"released": 2, "skipped": 0}
    assert escrows_release_due(batch=1) == {"released": 0, "skipped": 0}
    assert EscrowRelease.objects.count() == 2
    assert _held(completed.budi) == _held(completed.sari) == 0 and ledger_check() == []
    assert balance("pph22_payable") == 1_350 + 1_250  # 0.5 % of 270,000 and of 250,000


def test_the_platform_pays_its_voucher_and_commission_and_tax_round_down_and_still_balance(
        midtrans, place, cart, buyer, catalogue, make_user, market):
    from lapak.market.promotions.services import voucher_create
    from lapak.market.promotions.tests.conftest import terms

    rename_top_categories(catalogue)
    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher_create(actor=operator, data=terms(code="GANJIL", amount=10_001))
    order = place(voucher_codes=["GANJIL"])
    pay(order, buyer, midtrans)
    budi, _sari = deliver(order)
    release = escrow_release(seller_order=close_window(budi))
    # Toko Budi's share of the voucher is 10,001 × 270,000 // 520,000 = 5,192: the buyer paid 264,808 for its goods
    # and the platform pays the 5,192 in at release, so the shop is paid on its own price, 270,000.
    # Commission 270,000 × (150,000 × 5 % + 120,000 × 4 %) / 270,000 = 12,300; PPh 22 0.5 % = 1,350.
    assert (release.platform_voucher, release.gross, release.commission, release.pph22) == (5_192, 270_000,
                                                                                           12_300, 1_350)
    assert release.released == 264_808 + budi.shipping_fee
    assert release.seller_net == release.released + 5_192 - 12_300 - 1_350
    assert ledger_balance(kind=AccountKind.PLATFORM_VOUCHERS) == 5_192
    assert _held(budi) == 0 and ledger_check() == []


def test_a_refund_after_release_gives_the_platform_its_voucher_back(
        midtrans, place, cart, buyer, catalogue, make_user, market):
    from lapak.market.orders.services.refunds import refund_request_add
    from lapak.market.payments.services.refunds import refund_execute
    from lapak.market.promotions.services import voucher_create
    from lapak.market.promotions.tests.conftest import terms

    operator = make_user(email="ops@example.test", roles=["operator"])
    voucher_create(actor=operator, data=terms(code="GANJIL", amount=10_001))
    order = place(voucher_codes=["GANJIL"])
    pay(order, buyer, midtrans)
    budi, _sari = deliver(order)
    commission = ledger_balance(kind=AccountKind.COMMISSION_REVENUE)  # the rupiah of rounding the platform bore
    release = escrow_release(seller_order=close_window(budi))
    payable = ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=budi.seller.public_id)
    # Every rupiah the buyer paid for the goods comes back: the platform's 5,192 goes back to the platform too.
    refund = refund_execute(refund_request=refund_request_add(seller_order=budi, amount=264_808))
    assert refund.status == "paid"
    assert ledger_balance(kind=AccountKind.PLATFORM_VOUCHERS) == 0
    assert ledger_balance(kind=AccountKind.COMMISSION_REVENUE) == commission
    assert ledger_balance(kind=AccountKind.PPH22_PAYABLE) == 0
    assert ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=budi.seller.public_id) == \
        payable - (release.seller_net - release.shipping)
    assert ledger_check() == []


def test_a_refusal_by_the_engine_moves_nothing_and_stays_on_record(completed, monkeypatch):
    """The engine is asked after the payments' own checks; were its rules (ID-CON-1) to see the window open when
    the blockers did not, the release is refused and the refusal kept although the transaction rolled back."""
    from lapak.compliance.models import Decision
    from lapak.compliance.services import compliance_decide
    from lapak.market.payments.services import release

    budi = close_window(completed.budi)

    def asked_inside_the_window(**kwargs):
        facts = {**kwargs["facts"], "at": kwargs["facts"]["return_window_ends_at"]}
        return compliance_decide(**{**kwargs, "facts": facts})

    monkeypatch.setattr(release, "compliance_decide", asked_inside_the_window)
    with pytest.raises(Conflict) as caught:
        escrow_release(seller_order=budi)
    assert caught.value.code == "escrow_not_due" and list(caught.value.fields) == ["rules.ID-CON-1"]
    assert not EscrowRelease.objects.exists() and _held(budi) > 0
    kept = Decision.objects.get(event="escrow.release", subject_id=budi.public_id)
    assert kept.outcome == "deny" and kept.reasons[0]["rule_id"] == "ID-CON-1"
