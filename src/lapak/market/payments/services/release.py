"""Escrow release (ADR 0011): a completed seller order whose return window has passed, with no open return and
no refund still waiting to take its money, gives what is left in its escrow to the seller, the platform
(commission), the tax office (PPh 22, ID-TAX-2) and creators, in one ledger entry.

Lock order, as every order writer: the buyer's Order row, then the seller order, then (inside ledger_post) the
ledger accounts. Returns and refund requests take the same Order lock, so none can open between the checks
here and the entry.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.explain import reason_fields
from lapak.compliance.services import DecisionResult, compliance_decide, compliance_keep_refusal
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, LapakError
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.lock_objects import order_for_update, seller_orders_for_update
from lapak.market.orders.models import (
    OrderLine,
    RefundRequest,
    RefundStatus,
    ReturnLine,
    ReturnStatus,
    SellerOrder,
    SellerOrderStatus,
)
from lapak.market.orders.returns.table import OPEN as OPEN_RETURN
from lapak.market.orders.shares import platform_voucher_share
from lapak.market.payments import attribution
from lapak.market.payments.commission import commission_table, pph22_bps_on
from lapak.market.payments.models_release import EscrowRelease, SellerTaxStatus
from lapak.market.payments.services.release_split import LineWeight, Split, release_split

BATCH = 100
# Refunds whose money may still be in escrow: release waits for them. The refunds part moves a refund's amount
# from escrow to refunds payable when it claims it (requested → executing). "failed" is ambiguous — a failed
# claim never moved the money, a failed gateway call did — so release waits for its retry too.
UNEXECUTED_REFUNDS = (RefundStatus.REQUESTED, "failed")

logger = logging.getLogger(__name__)


def release_key(seller_order: SellerOrder) -> str:
    return f"escrow-release:{seller_order.public_id}"


def release_blockers(seller_order: SellerOrder, *, now: datetime) -> list[str]:
    """Why the seller order's escrow may not be released at `now` (empty: it may). Read under the caller's lock."""
    reasons = []
    if seller_order.status != SellerOrderStatus.COMPLETED:
        reasons.append("not_completed")
    if seller_order.return_deadline is not None and seller_order.return_deadline >= now:
        reasons.append("return_window_open")
    if seller_order.returns.filter(status__in=OPEN_RETURN).exists():
        reasons.append("return_open")
    if RefundRequest.objects.filter(seller_order=seller_order, status__in=UNEXECUTED_REFUNDS).exists():
        reasons.append("refund_pending")
    return reasons


def _top_level_slug(line: OrderLine) -> str | None:
    category = line.variant.product.category
    while category is not None and category.parent_id is not None:
        category = category.parent
    return category.slug if category is not None else None


def _split(so: SellerOrder, balance: int, now: datetime) -> tuple[Split, bool]:
    lines = list(OrderLine.objects.filter(seller_order=so)
                 .select_related("variant__product__category__parent").order_by("pk"))
    returned = dict(ReturnLine.objects.filter(order_line__seller_order=so,
                                              return_request__status=ReturnStatus.REFUND_REQUESTED)
                    .values("order_line_id").annotate(units=Sum("quantity")).values_list("order_line_id", "units"))
    table = commission_table()
    weights = [LineWeight(value=line.unit_price * max(0, line.quantity - returned.get(line.pk, 0)),
                          commission_bps=table.bps_for(_top_level_slug(line))) for line in lines]
    sold = sum(line.value for line in weights)
    voucher = _voucher_on_goods_sold(so, sold_value=sold)
    # The goods gross release_split will divide: the creators' base scales with it (a refund by amount).
    share = attribution.goods_sold_share(goods_gross=balance - min(so.shipping_fee, balance) + voucher,
                                         sold_value=sold, seller_discount=so.seller_discount,
                                         goods_subtotal=so.goods_subtotal)
    claims = [claim for line in lines if (claim := attribution.creator_commission_for(
        line, returned=returned.get(line.pk, 0), share=share)) is not None]
    day = timezone.localdate(now)
    status = SellerTaxStatus.objects.filter(organisation_id=so.seller_id).first()
    exempt = status is not None and status.exempt_on(day)
    split = release_split(balance=balance, shipping_fee=so.shipping_fee, lines=weights,
                          default_bps=table.default_bps, pph22_bps=0 if exempt else pph22_bps_on(day),
                          creator_claims=claims, platform_voucher=voucher)
    return split, exempt


def _voucher_on_goods_sold(so: SellerOrder, *, sold_value: int) -> int:
    """The seller order's share of the platform voucher (`platform_voucher_share`, as escrow_shares splits it)
    for the goods still sold (`sold_value` at unit prices), rounded down."""
    if so.goods_subtotal <= 0:
        return 0
    return platform_voucher_share(so.order, so) * min(sold_value, so.goods_subtotal) // so.goods_subtotal


def _post(so: SellerOrder, split: Split) -> str:
    legs = [debit(ledger_account(kind=AccountKind.ESCROW, owner_ref=so.public_id), split.released)]
    if split.platform_voucher:
        legs.append(debit(ledger_account(kind=AccountKind.PLATFORM_VOUCHERS), split.platform_voucher))
    parts = [(AccountKind.SELLER_PAYABLE, so.seller.public_id, split.seller_net),
             (AccountKind.COMMISSION_REVENUE, "", split.commission),
             (AccountKind.PPH22_PAYABLE, "", split.pph22),
             *((AccountKind.CREATOR_PAYABLE, ref, amount) for ref, amount in sorted(split.creators.items()))]
    legs += [credit(ledger_account(kind=kind, owner_ref=owner), amount) for kind, owner, amount in parts if amount]
    entry = ledger_post(key=release_key(so), cause_type="escrow_release", cause_id=so.public_id,
                        memo=f"escrow release of {so.public_id}", postings=legs)
    return entry.public_id


def escrow_release(*, seller_order: SellerOrder, now: datetime | None = None) -> EscrowRelease:
    """Releases the seller order's escrow, once.

    Guarantees: at most one release and one ledger entry per seller order (key "escrow-release:<so>"; a second
    call, also a concurrent one, returns the first release); only when the seller order is completed, its return
    window has passed, no return is open and no refund of it is still unexecuted (else `Conflict`
    "escrow_not_due", nothing written); it moves exactly the escrow balance, never more (`Conflict`
    "escrow_empty" when nothing is held); the entry balances to the rupiah (commission and PPh 22 rounded down,
    the remainder to the seller); the release and an audit event commit with the entry."""
    return _release(seller_order, now or timezone.now())[0]


class EscrowReleaseRefused(Conflict):
    """The engine's `escrow.release` answer was not "allow"; the refusal is kept after the rollback."""

    code = "escrow_not_due"

    def __init__(self, decision: DecisionResult) -> None:
        super().__init__(_("This order's escrow cannot be released yet."), fields=reason_fields(decision.details))
        self.decision = decision


def _release(seller_order: SellerOrder, now: datetime) -> tuple[EscrowRelease, bool]:
    """The release, and whether this call made it."""
    try:
        return _release_locked(seller_order, now)
    except EscrowReleaseRefused as refused:
        compliance_keep_refusal(refused.decision)
        raise


def _release_locked(seller_order: SellerOrder, now: datetime) -> tuple[EscrowRelease, bool]:
    with transaction.atomic():
        order_for_update(seller_order.order_id).first()
        so = seller_orders_for_update(seller_order.order_id).filter(pk=seller_order.pk).select_related(
            "seller", "order").get()
        if (done := EscrowRelease.objects.filter(seller_order=so).first()) is not None:
            return done, False
        if blockers := release_blockers(so, now=now):
            raise Conflict(_("This order's escrow cannot be released yet."), code="escrow_not_due",
                           fields={"seller_order": blockers})
        balance = ledger_balance(kind=AccountKind.ESCROW, owner_ref=so.public_id)
        if balance <= 0:
            raise Conflict(_("Nothing is held in escrow for this order."), code="escrow_empty")
        decision = compliance_decide(
            event="escrow.release", jurisdiction=so.order.jurisdiction, subject_type="seller_order",
            subject_id=so.public_id, party=so.seller.public_id, actor="system",
            facts={"seller_order": so.public_id, "seller": so.seller.public_id, "escrow": balance,
                   "return_window_ends_at": so.return_deadline and so.return_deadline.isoformat(),
                   "at": now.isoformat()})
        if not decision.allowed:
            raise EscrowReleaseRefused(decision)
        split, exempt = _split(so, balance, now)
        entry_id = _post(so, split)
        try:
            with transaction.atomic():
                release = EscrowRelease.objects.create(
                    seller_order=so, seller=so.seller, entry_key=release_key(so), entry_public_id=entry_id,
                    released=split.released, gross=split.gross, shipping=split.shipping,
                    commission=split.commission, commission_bps=split.commission_bps, pph22=split.pph22,
                    pph22_exempt=exempt, creator=split.creator, creators=split.creators,
                    seller_net=split.seller_net, platform_voucher=split.platform_voucher, released_at=now)
        except IntegrityError:  # a release that did not take our lock (SQLite) got there first
            return EscrowRelease.objects.get(seller_order=so), False
        amounts = {"released": split.released, "platform_voucher": split.platform_voucher, "gross": split.gross,
                   "shipping": split.shipping,
                   "commission": split.commission, "pph22": split.pph22, "pph22_exempt": exempt,
                   "creators": split.creators, "seller_net": split.seller_net, "entry": entry_id}
        audit_append(actor="system", action="escrow.released", subject_type="seller_order",
                     subject_id=so.public_id, jurisdiction=so.order.jurisdiction, after=amounts,
                     decision=decision.as_dict())
    return release, True


def escrows_release_due(*, now: datetime | None = None, batch: int = BATCH) -> dict:
    """Releases every seller order that is due at `now`; returns {"released": n, "skipped": m}. Pages by primary
    key in batches of `batch`, each release in its own transaction (one failure does not stop the others, and
    the next run retries it). Safe to run twice at once: each release is once-only."""
    moment = now or timezone.now()
    released = skipped = last_pk = 0
    while True:
        due = list(SellerOrder.objects.filter(status=SellerOrderStatus.COMPLETED, pk__gt=last_pk,
                                              escrow_release__isnull=True)
                   .filter(Q(return_deadline__isnull=True) | Q(return_deadline__lt=moment))
                   .exclude(returns__status__in=OPEN_RETURN)
                   .exclude(refund_requests__status__in=UNEXECUTED_REFUNDS).order_by("pk")[:batch])
        if not due:
            return {"released": released, "skipped": skipped}
        for so in due:
            if ledger_balance(kind=AccountKind.ESCROW, owner_ref=so.public_id) <= 0:
                skipped += 1  # not paid through Lapak's escrow, or refunded in full
                continue
            try:
                made = _release(so, moment)[1]
            except LapakError:
                skipped += 1
                continue
            except Exception:  # one broken seller order must not hold back every release after it
                logger.exception("Escrow release of %s failed; the next run tries again", so.public_id)
                skipped += 1
                continue
            released += int(made)  # another worker's release of it is not ours to count
        last_pk = due[-1].pk
