"""What the seller money API answers (api_seller_money.py): whole rupiah integers, opaque public ids only."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from lapak.market.payments.models_payouts import HoldReason, Payout
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.payments.selectors_payouts import StatementRow, StatementSummary


class HoldReasonOut(Schema):
    code: str
    message: str


class BalanceOut(Schema):
    payable: int = Field(..., description="Released to the shop and not yet paid out (its seller payable).")
    owed_to_lapak: int = Field(..., description="What the shop owes Lapak (its seller receivable), set off "
                                                "against the payable before the next payout.")
    in_transit: int = Field(..., description="Taken by payouts and not yet confirmed paid by the bank.")
    pending_escrow: int = Field(..., description="Paid by buyers for the shop's seller orders and still held in "
                                                 "escrow (not yet released).")
    payout_minimum: int = Field(..., description="A payout is made once the payable reaches this.")
    payouts_on_hold: bool = Field(..., description="Whether a payout made now would be held.")
    payout_hold_reasons: list[HoldReasonOut]


class ReleaseOut(Schema):
    id: str = Field(..., description="The release's ledger entry (the `entry` of its statement rows).")
    seller_order: str
    released: int = Field(..., description="Taken out of escrow: goods + shipping − platform voucher.")
    gross: int = Field(..., description="The goods.")
    shipping: int
    commission: int
    commission_bps: int = Field(..., description="The commission rate in basis points (weighted over lines).")
    pph22: int = Field(..., description="PPh 22 withheld.")
    pph22_exempt: bool
    platform_voucher: int = Field(..., description="The platform's voucher on this seller order, paid by Lapak.")
    creator: int = Field(..., description="Creator commission.")
    seller_net: int = Field(..., description="What went to the shop's payable.")
    released_at: datetime


class PayoutOut(Schema):
    id: str
    batch_date: date
    amount: int
    status: str
    status_label: str
    hold_reasons: list[HoldReasonOut]
    failure: str = Field(..., description="The gateway's last error, empty when none.")
    created_at: datetime
    paid_at: datetime | None


class StatementRowOut(Schema):
    at: datetime
    entry: str
    cause_type: str
    cause_id: str
    memo: str
    amount: int = Field(..., description="The change of `account` as the shop reads it: + it grew.")
    balance_after: int
    account: str = Field(..., description="`balance` (what Lapak owes the shop) or `owed` (what it owes Lapak).")
    reversal: bool


class StatementSummaryOut(Schema):
    opening_balance: int
    closing_balance: int
    opening_owed: int
    closing_owed: int
    releases: int = Field(..., description="How many escrow releases in the period.")
    goods: int
    commission: int
    pph22: int
    pph22_returned: int
    netted: int


class StatementOut(Schema):
    organisation: str
    start: date = Field(..., description="The first day (`from`), in the site's time zone.")
    end: date = Field(..., description="The last day (`to`), included.")
    summary: StatementSummaryOut
    rows: list[StatementRowOut]


def reasons_out(codes: list[str]) -> list[dict]:
    labels = dict(HoldReason.choices)
    return [{"code": code, "message": str(labels.get(code, code))} for code in codes]


def release_out(release: EscrowRelease) -> dict:
    return {"id": release.entry_public_id, "seller_order": release.seller_order.public_id,
            "released": release.released, "gross": release.gross, "shipping": release.shipping,
            "commission": release.commission, "commission_bps": release.commission_bps, "pph22": release.pph22,
            "pph22_exempt": release.pph22_exempt, "platform_voucher": release.platform_voucher,
            "creator": release.creator, "seller_net": release.seller_net, "released_at": release.released_at}


def payout_out(payout: Payout) -> dict:
    return {"id": payout.public_id, "batch_date": payout.batch_date, "amount": payout.amount,
            "status": payout.status, "status_label": str(payout.get_status_display()),
            "hold_reasons": reasons_out(list(payout.hold_reasons or [])), "failure": payout.error,
            "created_at": payout.created_at, "paid_at": payout.paid_at}


def row_out(row: StatementRow) -> dict:
    return {"at": row.at, "entry": row.entry, "cause_type": row.cause_type, "cause_id": row.cause_id,
            "memo": row.memo, "amount": row.amount, "balance_after": row.balance_after, "account": row.account,
            "reversal": row.reversal}


def summary_out(summary: StatementSummary) -> dict:
    return {name: getattr(summary, name) for name in StatementSummaryOut.model_fields}
