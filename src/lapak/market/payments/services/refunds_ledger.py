"""The ledger entries of a refund (ADR 0009). Each is keyed by the refund's public id, so a retried or
concurrent execution posts nothing twice.

- reserve: the money to give back becomes refunds payable (to the buyer of the order). Before escrow release it
  comes out of the seller order's escrow; after release it is clawed back from what release paid out. Goods
  first: the refunds after release count against the released goods (`EscrowRelease.gross`) until those are
  all given back, and only then against the shipping (which `refund_for` gives back only with everything).
  The platform paid its own voucher on those goods at release: that part goes back to the platform too. The
  commission, the PPh 22 withheld (ID-TAX-2) and the creator's commission were computed on the goods, so
  each gives back its share of the refunded goods (rounded down); the seller gives back the rest — the
  seller's payable, then, when that is too low, a seller receivable netted at the next payout. A creator's
  commission already paid out likewise becomes a receivable of the creator, netted at their next payout.
- paid: refunds payable → gateway clearing, when the gateway confirms or the bank transfer is marked paid.

A refund of a payment that could not be used (payments.PaymentRefundNeeded) was put in refunds payable when
the money arrived (money.ledger_refund_needed_post): it has no reserve entry.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account, JournalEntry
from lapak.market.ledger.selectors import account_balance
from lapak.market.ledger.services import PostingLine, credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import RefundRequest
from lapak.market.payments.models_release import EscrowRelease

CAUSE = "refund_request"


def _reserve_key(refund: RefundRequest) -> str:
    return f"refunds.reserve:{refund.public_id}"


def ledger_refund_reserve(*, refund: RefundRequest) -> JournalEntry | None:
    """Moves the refund's amount into refunds payable (once per refund; see the module docstring). `Conflict`
    when neither escrow nor an escrow release can cover it (nothing is written; the refund is retried)."""
    if refund.seller_order_id is None:
        return None
    existing = JournalEntry.objects.filter(key=_reserve_key(refund)).first()
    if existing is not None:  # the route chosen first stands: the balances have moved since
        return existing
    so = refund.seller_order
    escrow = ledger_account(kind=AccountKind.ESCROW, owner_ref=so.public_id)
    payable = ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref=refund.order.public_id)
    if account_balance(escrow) >= refund.amount:
        legs = [debit(escrow, refund.amount), credit(payable, refund.amount)]
        memo = f"refund {refund.public_id} from escrow of {so.public_id}"
    else:
        legs = [*_clawback_legs(refund, escrow), credit(payable, refund.amount)]
        memo = f"refund {refund.public_id} clawed back after release of {so.public_id}"
    return ledger_post(key=_reserve_key(refund), cause_type=CAUSE, cause_id=refund.public_id, memo=memo,
                       postings=legs)


def _release_entry(escrow: Account) -> JournalEntry | None:
    """The escrow release of the seller order: the entry that debited its escrow and credited a seller payable."""
    return (JournalEntry.objects.filter(postings__account=escrow, postings__amount__gt=0)
            .filter(postings__account__kind=AccountKind.SELLER_PAYABLE.value).order_by("-pk").first())


def _goods_refunded(refund: RefundRequest, escrow: Account, gross: int) -> tuple[int, int]:
    """(goods given back by earlier refunds after release, goods this refund gives back), in what the buyer paid
    for them: goods first, so what earlier refunds after release took counts against the goods before this one.
    Read under the order's lock (refund_execute), so an earlier refund's entry is committed or not begun."""
    earlier_keys = [_reserve_key(other) for other in RefundRequest.objects.filter(
        seller_order_id=refund.seller_order_id).exclude(pk=refund.pk).only("public_id")]
    earlier = JournalEntry.objects.filter(key__in=earlier_keys).exclude(postings__account=escrow)
    taken = sum(r.amount for r in RefundRequest.objects.filter(
        seller_order_id=refund.seller_order_id, public_id__in=[e.cause_id for e in earlier]))
    before = min(taken, gross)
    return before, min(refund.amount, gross - before)


def _share(total: int, upto: int, whole: int) -> int:
    """`total` × upto / whole, rounded down: the share of `total` that the first `upto` of `whole` carry. Each
    refund takes share(after) − share(before), so refunds in parts add up to exactly what the whole would."""
    return total * upto // whole if whole > 0 else 0


def _clawback_legs(refund: RefundRequest, escrow: Account) -> list[PostingLine]:
    release = _release_entry(escrow)
    made = EscrowRelease.objects.filter(seller_order_id=refund.seller_order_id).first()
    if release is None or made is None:
        raise Conflict(_("The shop's escrow does not hold this refund and was not released."),
                       code="refund_escrow_short")
    legs = list(release.postings.select_related("account").order_by("pk"))
    paid_goods = made.gross - made.platform_voucher  # what the buyers paid for the goods released
    before, goods = _goods_refunded(refund, escrow, paid_goods)
    voucher_before = _share(made.platform_voucher, before, paid_goods)
    voucher = _share(made.platform_voucher, before + goods, paid_goods) - voucher_before
    # The goods at the price release divided, before this refund and with it.
    taken_before, taken_after = before + voucher_before, before + goods + voucher_before + voucher
    lines: list[PostingLine] = []
    if voucher:
        lines.append(credit(ledger_account(kind=AccountKind.PLATFORM_VOUCHERS), voucher))
    seller_part, seller_account = refund.amount + voucher, None
    for posting in legs:
        if posting.amount >= 0:
            continue
        if posting.account.kind == AccountKind.SELLER_PAYABLE:
            seller_account = posting.account
            continue
        part = _share(-posting.amount, taken_after, made.gross) - _share(-posting.amount, taken_before, made.gross)
        if part <= 0:
            continue
        seller_part -= part
        lines.extend(_take_back(posting.account, part))
    if seller_part > 0 and seller_account is not None:
        from_payable = min(max(account_balance(seller_account), 0), seller_part)
        if from_payable:
            lines.append(debit(seller_account, from_payable))
        if seller_part - from_payable:
            receivable = ledger_account(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=seller_account.owner_ref)
            lines.append(debit(receivable, seller_part - from_payable))
    return lines


def _take_back(account: Account, amount: int) -> list[PostingLine]:
    """Reverses `amount` of what release credited to `account`. Commission revenue simply goes down. A payable
    (PPh 22, a creator's commission) gives back at most what it still holds; the platform bears the rest."""
    if account.kind == AccountKind.CREATOR_PAYABLE:
        return creator_commission_clawback(account=account, amount=amount)
    if account.account_kind.rule.may_go_negative:
        return [debit(account, amount)]
    held = min(max(account_balance(account), 0), amount)
    lines = [debit(account, held)] if held else []
    if amount - held:
        lines.append(debit(ledger_account(kind=AccountKind.COMMISSION_REVENUE), amount - held))
    return lines


def creator_commission_clawback(*, account: Account, amount: int) -> list[PostingLine]:
    """The creator's commission on the refunded part goes back: from the creator's payable as far as it holds,
    and the rest — commission already taken by a payout — becomes what the creator owes Lapak, a receivable
    (kind SELLER_RECEIVABLE, whose owner may be a creator's account public id), set off against the creator's
    next payout (affiliates.services_payouts_netting). Guarantees: the legs debit exactly `amount`; the
    platform bears none of it."""
    held = min(max(account_balance(account), 0), amount)
    lines = [debit(account, held)] if held else []
    if amount - held:
        receivable = ledger_account(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=account.owner_ref)
        lines.append(debit(receivable, amount - held))
    return lines


def ledger_refund_paid(*, refund: RefundRequest, provider: str) -> JournalEntry:
    """Refunds payable → gateway clearing of `provider` (the money left Lapak). Once per refund."""
    payable = ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref=refund.order.public_id)
    clearing = ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=provider)
    return ledger_post(key=f"refunds.paid:{refund.public_id}", cause_type=CAUSE, cause_id=refund.public_id,
                       memo=f"refund {refund.public_id} paid", postings=[debit(payable, refund.amount),
                                                                        credit(clearing, refund.amount)])
