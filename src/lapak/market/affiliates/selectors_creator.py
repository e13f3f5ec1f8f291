"""A creator's own figures (issue 8, part 5): clicks, attributed sales, commission, and the statement of their
creator payable. Aggregates only: no buyer, no order id, no address ever leaves here (ID-SOC-2).

Period figures (`start` to `end`, whole days in the site's time zone): clicks by click time; attributed orders
and sales by placement, counting seller orders that were paid (not awaiting payment, not cancelled); earned
and clawed back by ledger entry; paid by the payouts the gateway confirmed (paid_at). Point-in-time figures:
`pending` (commission on paid attributed lines whose escrow is not released yet, at today's returns and refunds) and
`balance` (the creator payable now).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from lapak.market.affiliates.models_attribution import HandoffClick
from lapak.market.affiliates.models_payouts import CreatorPayout
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import account_find, account_postings, ledger_balance
from lapak.market.orders.models import OrderLine, RefundRequest, ReturnLine, ReturnStatus, SellerOrderStatus
from lapak.market.payments.attribution import creator_commission_amount, goods_sold_share
from lapak.market.payments.models_payouts import PayoutStatus

MAX_DAYS = 366
STATEMENT_MAX_ROWS = 2_000
NOT_SALES = (SellerOrderStatus.AWAITING_PAYMENT, SellerOrderStatus.CANCELLED)
RELEASE_CAUSE, REFUND_CAUSE = "escrow_release", "refund_request"
NETTING_CAUSE = "creator_receivable_netting"  # services_payouts_netting.CAUSE


@dataclass
class SourceFigures:
    source: str  # "post", "live" or "showcase"
    source_id: str  # the post's, live's or showcase owner's public id
    clicks: int = 0
    orders: int = 0
    units: int = 0
    gross: int = 0
    commission_released: int = 0
    commission_pending: int = 0


@dataclass(frozen=True)
class StatementRow:
    at: datetime
    kind: str  # "earned", "clawed_back", "paid" or "adjustment"
    amount: int  # rupiah, positive for what the creator gains, negative for what goes back or out
    sources: tuple[str, ...]  # "post:pst_…" labels of the attributed lines behind the entry


@dataclass
class CreatorSummary:
    creator: str
    start: date
    end: date
    clicks: int = 0
    orders: int = 0
    lines: int = 0
    units: int = 0
    gross: int = 0
    earned: int = 0
    clawed_back: int = 0
    paid: int = 0
    pending: int = 0
    balance: int = 0
    sources: list[SourceFigures] = field(default_factory=list)


def creator_period(*, start: date | None, end: date | None, today: date | None = None) -> tuple[date, date]:
    """The period asked for, defaulting to the 30 days up to today; ValueError when it is reversed or longer
    than MAX_DAYS."""
    last = end or today or timezone.localdate()
    first = start or last - timedelta(days=29)
    if first > last:
        raise ValueError("reversed")
    if (last - first).days >= MAX_DAYS:
        raise ValueError("too_long")
    return first, last


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=zone), datetime.combine(end + timedelta(days=1), time.min,
                                                                                tzinfo=zone))


def _returned_units(line_ids: list[int]) -> dict[int, int]:
    refunded = ReturnLine.objects.filter(order_line_id__in=line_ids,
                                         return_request__status=ReturnStatus.REFUND_REQUESTED)
    return dict(refunded.values("order_line_id").annotate(units=Sum("quantity")).values_list("order_line_id", "units"))


def _commission(line: OrderLine, returned: dict[int, int], shares: dict[int, tuple[int, int]] | None = None) -> int:
    if not line.attribution_rate_bps:
        return 0
    so = line.seller_order
    amount = creator_commission_amount(unit_price=line.unit_price, units=line.quantity - returned.get(line.pk, 0),
                                       seller_discount=so.seller_discount, goods_subtotal=so.goods_subtotal,
                                       rate_bps=line.attribution_rate_bps)
    numerator, denominator = (shares or {}).get(line.seller_order_id, (1, 1))
    return amount * numerator // denominator if denominator > 0 else amount


def _pending_shares(lines: list[OrderLine]) -> dict[int, tuple[int, int]]:
    """Per unreleased seller order, the share of its goods a refund by amount (no returned units) leaves, as
    release will scale the commission (payments.attribution.goods_sold_share): the goods still sold after
    returns, net of the shop's voucher, less the refunds by amount. Three queries (none for no lines)."""
    ids = {line.seller_order_id for line in lines}
    if not ids:
        return {}
    by_amount = dict(RefundRequest.objects.filter(seller_order_id__in=ids, return_request__isnull=True)
                     .values("seller_order_id").annotate(total=Sum("amount")).values_list("seller_order_id", "total"))
    if not by_amount:
        return {}
    every = list(OrderLine.objects.filter(seller_order_id__in=list(by_amount))
                 .values_list("pk", "seller_order_id", "unit_price", "quantity"))
    returned = _returned_units([pk for pk, *_rest in every])
    sold: dict[int, int] = defaultdict(int)
    for pk, so_id, unit_price, quantity in every:
        sold[so_id] += unit_price * max(0, quantity - returned.get(pk, 0))
    orders = {line.seller_order_id: line.seller_order for line in lines}
    shares = {}
    for so_id, refunded in by_amount.items():
        so = orders[so_id]
        voucher = so.seller_discount * sold[so_id] // so.goods_subtotal if so.goods_subtotal > 0 else 0
        shares[so_id] = goods_sold_share(goods_gross=sold[so_id] - voucher - refunded, sold_value=sold[so_id],
                                         seller_discount=so.seller_discount, goods_subtotal=so.goods_subtotal)
    return shares


def _sales(creator: str) -> Q:
    return Q(attribution_creator=creator) & ~Q(seller_order__status__in=NOT_SALES)


def creator_summary(*, creator: str, start: date, end: date) -> CreatorSummary:
    """The creator's figures for the period (see the module docstring). A fixed number of queries."""
    low, high = _bounds(start, end)
    summary = CreatorSummary(creator=creator, start=start, end=end)
    sources: dict[tuple[str, str], SourceFigures] = {}

    def row(source: str, source_id: str) -> SourceFigures:
        return sources.setdefault((source, source_id), SourceFigures(source=source, source_id=source_id))

    for source, source_id, clicks in (HandoffClick.objects.filter(creator=creator, clicked_at__gte=low,
                                                                  clicked_at__lt=high)
                                      .values("source", "source_id").annotate(n=Count("pk"))
                                      .values_list("source", "source_id", "n")):
        row(source, source_id).clicks = clicks
        summary.clicks += clicks
    in_period = list(OrderLine.objects.filter(_sales(creator), seller_order__order__placed_at__gte=low,
                                              seller_order__order__placed_at__lt=high)
                     .select_related("seller_order").only(*_LINE_FIELDS).order_by("pk"))
    unreleased = list(OrderLine.objects.filter(_sales(creator), seller_order__escrow_release__isnull=True,
                                               attribution_rate_bps__isnull=False)
                      .select_related("seller_order").only(*_LINE_FIELDS).order_by("pk"))
    released_ids = set(OrderLine.objects.filter(pk__in=[line.pk for line in in_period],
                                                seller_order__escrow_release__isnull=False)
                       .values_list("pk", flat=True))
    returned = _returned_units([line.pk for line in in_period + unreleased])
    shares = _pending_shares([line for line in in_period + unreleased if line.pk not in released_ids])
    seen_orders: dict[tuple[str, str], set[int]] = defaultdict(set)
    for line in in_period:
        figures = row(line.attribution_source, line.attribution_source_id)
        seen_orders[(line.attribution_source, line.attribution_source_id)].add(line.seller_order_id)
        figures.units += line.quantity
        figures.gross += line.line_total
        if line.pk in released_ids:
            figures.commission_released += _commission(line, returned)
        else:
            figures.commission_pending += _commission(line, returned, shares)
    for key, orders in seen_orders.items():
        sources[key].orders = len(orders)
    summary.orders = len({line.seller_order_id for line in in_period})
    summary.lines = len(in_period)
    summary.units = sum(line.quantity for line in in_period)
    summary.gross = sum(line.line_total for line in in_period)
    summary.pending = sum(_commission(line, returned, shares) for line in unreleased)
    summary.earned, summary.clawed_back, summary.paid = _ledger_totals(creator, low, high)
    summary.balance = ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
    summary.sources = sorted(sources.values(), key=lambda s: (-s.gross, -s.clicks, s.source, s.source_id))
    return summary


_LINE_FIELDS = ("pk", "unit_price", "quantity", "line_total", "attribution_source", "attribution_source_id",
                "attribution_rate_bps", "seller_order_id", "seller_order__seller_discount",
                "seller_order__goods_subtotal")


def _ledger_totals(creator: str, low: datetime, high: datetime) -> tuple[int, int, int]:
    """(earned, clawed back, paid) in [low, high). Earned: escrow releases credited to the creator payable.
    Clawed back: refunds' debits of the payable and of the creator's receivable (commission already paid out
    that the creator owes back). Paid: payouts the gateway confirmed in the period — a payout still on its way
    is not paid, and one the bank returned is not either (its money is back in the payable). Three queries."""
    earned = clawed = 0
    account = account_find(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
    if account is not None:
        totals = (account_postings(account).filter(entry__created_at__gte=low, entry__created_at__lt=high)
                  .order_by().aggregate(earned=Sum("amount", filter=Q(entry__cause_type=RELEASE_CAUSE, amount__lt=0)),
                                        clawed=Sum("amount", filter=Q(entry__cause_type=REFUND_CAUSE, amount__gt=0))))
        earned, clawed = -(totals["earned"] or 0), totals["clawed"] or 0
    receivable = account_find(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=creator)
    if receivable is not None:
        clawed += (account_postings(receivable).filter(entry__created_at__gte=low, entry__created_at__lt=high,
                                                       entry__cause_type=REFUND_CAUSE, amount__gt=0)
                   .order_by().aggregate(total=Sum("amount"))["total"] or 0)
    paid = (CreatorPayout.objects.filter(creator=creator, status=PayoutStatus.PAID, paid_at__gte=low,
                                         paid_at__lt=high).aggregate(total=Sum("amount"))["total"] or 0)
    return earned, clawed, paid


def creator_statement(*, creator: str, start: date, end: date) -> list[StatementRow]:
    """The postings of the creator's payable in the period, oldest first (at most STATEMENT_MAX_ROWS), each
    with the sources of the attributed lines behind it. Escrow releases are "earned", refunds and the netting of
    a receivable (a clawback after a payout) "clawed_back", other debits (payouts) "paid", anything else
    "adjustment"."""
    account = account_find(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
    if account is None:
        return []
    low, high = _bounds(start, end)
    postings = list(account_postings(account).filter(entry__created_at__gte=low, entry__created_at__lt=high)
                    .order_by("pk")[:STATEMENT_MAX_ROWS])
    labels = _source_labels(creator, postings)
    rows = []
    for posting in postings:
        entry = posting.entry
        gained = -posting.amount  # a credit raises what Lapak owes the creator
        if entry.cause_type == RELEASE_CAUSE and gained > 0:
            kind = "earned"
        elif entry.cause_type in (REFUND_CAUSE, NETTING_CAUSE) and gained < 0:
            kind = "clawed_back"  # a netting: commission clawed back after a payout, settled from this payable
        elif gained < 0:
            kind = "paid"
        else:
            kind = "adjustment"
        rows.append(StatementRow(at=entry.created_at, kind=kind, amount=gained,
                                 sources=labels.get((entry.cause_type, entry.cause_id), ())))
    return rows


def _source_labels(creator: str, postings: list) -> dict[tuple[str, str], tuple[str, ...]]:
    """(cause type, cause id) → the creator's source labels on the seller order behind it. Two queries."""
    released = {p.entry.cause_id for p in postings if p.entry.cause_type == RELEASE_CAUSE}
    refunds = dict(RefundRequest.objects.filter(public_id__in=[p.entry.cause_id for p in postings
                                                               if p.entry.cause_type == REFUND_CAUSE])
                   .values_list("public_id", "seller_order__public_id"))
    by_order: dict[str, set[str]] = defaultdict(set)
    lines = OrderLine.objects.filter(attribution_creator=creator,
                                     seller_order__public_id__in=released | set(refunds.values()))
    for so_id, source, source_id in lines.values_list("seller_order__public_id", "attribution_source",
                                                      "attribution_source_id"):
        by_order[so_id].add(f"{source}:{source_id}")
    labels = {(RELEASE_CAUSE, so_id): tuple(sorted(found)) for so_id, found in by_order.items()}
    labels.update({(REFUND_CAUSE, refund_id): tuple(sorted(by_order.get(so_id, ())))
                   for refund_id, so_id in refunds.items()})
    return labels
