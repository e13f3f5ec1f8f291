"""Daily reconciliation (issue 6, part 8; ADR 0013): the gateway's settlement records of one WIB day against the
ledger's entries on that gateway's clearing account, stored as one report per (day, gateway) with its mismatches.

Which ledger entries count: those that move gateway clearing because money crossed the gateway —
- a payment (a debit, cause payment_intent or payment_refund_needed): matched by the intent's gateway order id;
- a refund paid through the gateway (a credit, cause refund_request, route gateway): matched by the refund key.
A refund paid by bank transfer also credits gateway clearing, but the gateway never sees it: it is left out (the
operator's transfer reference is its proof). Any other cause on gateway clearing is not the gateway's to confirm.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lapak.core.workdays import LOCAL_TIME
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Posting
from lapak.market.ledger.selectors import account_find
from lapak.market.orders.models import RefundRequest, RefundRoute
from lapak.market.payments.gateways.base import SettlementKind, SettlementRecord
from lapak.market.payments.gateways.registry import MIDTRANS, gateway_for
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.models_reconciliation import ReconciliationItem, ReconciliationReport, ReportStatus
from lapak.market.payments.services.reconciliation_match import LedgerLine, reconciliation_match

PAYMENT_CAUSES = ("payment_intent", "payment_refund_needed")
REFUND_CAUSE = "refund_request"
WIB = LOCAL_TIME["ID"]


def wib_day(day: date) -> tuple[datetime, datetime]:
    """The first moment of `day` in WIB and of the day after."""
    start = datetime.combine(day, time.min, tzinfo=WIB)
    return start, start + timedelta(days=1)


def wib_yesterday(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(WIB).date() - timedelta(days=1)


def ledger_lines(*, provider: str, day: date, records: list[SettlementRecord]) -> list[LedgerLine]:
    """The gateway-clearing lines of the day's entries, and those of any day that match one of `records`."""
    clearing = account_find(kind=AccountKind.GATEWAY_CLEARING, owner_ref=provider)
    if clearing is None:
        return []
    start, end = wib_day(day)
    order_ids = {r.provider_order_id for r in records if r.kind is SettlementKind.PAYMENT}
    refund_keys = {r.refund_key for r in records if r.kind is SettlementKind.REFUND and r.refund_key}
    intents_matched = PaymentIntent.objects.filter(provider=provider, provider_order_id__in=order_ids)
    wanted = (Q(entry__created_at__gte=start, entry__created_at__lt=end)
              | Q(entry__cause_type__in=PAYMENT_CAUSES, entry__cause_id__in=intents_matched.values("public_id"))
              | Q(entry__cause_type=REFUND_CAUSE, entry__cause_id__in=refund_keys))
    rows = list(Posting.objects.filter(wanted, account=clearing).order_by("pk").values_list(
        "amount", "entry__public_id", "entry__cause_type", "entry__cause_id", "entry__created_at"))
    intent_ids = {cause_id for _a, _e, cause, cause_id, _t in rows if cause in PAYMENT_CAUSES}
    order_id_of = dict(PaymentIntent.objects.filter(public_id__in=intent_ids)
                       .values_list("public_id", "provider_order_id"))
    refund_ids = {cause_id for _a, _e, cause, cause_id, _t in rows if cause == REFUND_CAUSE}
    refunds = {public_id: (route, order_id) for public_id, route, order_id in RefundRequest.objects.filter(
        public_id__in=refund_ids).values_list("public_id", "route", "order__public_id")}
    refund_intents = _refund_order_ids(provider, {order for _r, order in refunds.values()})
    lines = []
    for amount, entry_id, cause, cause_id, created_at in rows:
        on_day = start <= created_at < end
        if amount > 0 and cause in PAYMENT_CAUSES:
            lines.append(LedgerLine(SettlementKind.PAYMENT, order_id_of.get(cause_id, cause_id),
                                    order_id_of.get(cause_id, ""), amount, entry_id, on_day))
        elif amount < 0 and cause == REFUND_CAUSE and refunds.get(cause_id, ("", ""))[0] == RefundRoute.GATEWAY:
            order = refunds[cause_id][1]
            lines.append(LedgerLine(SettlementKind.REFUND, cause_id, refund_intents.get(order, ""), -amount,
                                    entry_id, on_day))
    return lines


def _refund_order_ids(provider: str, order_public_ids: set[str]) -> dict[str, str]:
    """Order public id → the gateway order id of its paid intent (shown beside a refund's mismatch)."""
    rows = (PaymentIntent.objects.filter(provider=provider, order__public_id__in=order_public_ids)
            .exclude(paid_at=None).order_by("paid_at").values_list("order__public_id", "provider_order_id"))
    return dict(rows)


def reconciliation_run(*, day: date, provider: str = MIDTRANS, now: datetime | None = None) -> ReconciliationReport:
    """Reconciles `day` (WIB) for `provider` and stores the result. Guarantees: one report per (day, provider),
    ever — a second run rewrites that row in place (items replaced, counts and status recomputed, `runs` + 1,
    `created_at` kept), under the report's row lock, so concurrent runs leave one complete answer, never a mix.
    The gateway is asked before any transaction opens (GatewayUnavailable propagates; nothing is written)."""
    now = now or timezone.now()
    gateway = gateway_for(provider)
    day_records = gateway.settlements(day)
    near = [*gateway.settlements(day - timedelta(days=1)), *gateway.settlements(day + timedelta(days=1))]
    lines = ledger_lines(provider=provider, day=day, records=day_records)
    mismatches = reconciliation_match(day_records=day_records, near_records=near, ledger_lines=lines)
    ledger_day = [x for x in lines if x.on_day]
    fields = {
        "status": ReportStatus.MISMATCH if mismatches else ReportStatus.OK,
        "gateway_count": len(day_records), "ledger_count": len(ledger_day), "mismatch_count": len(mismatches),
        "gateway_paid": sum(r.amount for r in day_records if r.kind is SettlementKind.PAYMENT),
        "gateway_refunded": sum(r.amount for r in day_records if r.kind is SettlementKind.REFUND),
        "ledger_paid": sum(x.amount for x in ledger_day if x.kind is SettlementKind.PAYMENT),
        "ledger_refunded": sum(x.amount for x in ledger_day if x.kind is SettlementKind.REFUND),
    }
    with transaction.atomic():
        found, _created = ReconciliationReport.objects.get_or_create(
            day=day, provider=provider, defaults={"status": fields["status"], "runs": 0, "created_at": now})
        report = ReconciliationReport.objects.select_for_update().get(pk=found.pk)
        report.items.all().delete()
        ReconciliationItem.objects.bulk_create(ReconciliationItem(report=report, **vars(m)) for m in mismatches)
        for name, value in fields.items():
            setattr(report, name, value)
        report.runs, report.updated_at = report.runs + 1, now
        report.save()
    return report
