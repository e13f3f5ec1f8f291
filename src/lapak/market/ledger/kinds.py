"""The kinds of ledger account, each with its normal side and who may own one.

Django-free on purpose: the rules about which accounts may go negative are read by the write path, by
`ledger_check` and by the tests alike.

Signs: a posting's amount is positive for a debit and negative for a credit. An account stores its net debit
(debits − credits); `Side.sign` turns that into the balance on the account's normal side, which is what
people mean by "the seller's payable is Rp95.000".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    REVENUE = "revenue"
    EXPENSE = "expense"

    @property
    def sign(self) -> int:
        """+1 when the normal balance is a debit (assets, expenses), −1 when it is a credit."""
        return 1 if self in (Side.ASSET, Side.EXPENSE) else -1


class Owner(StrEnum):
    NONE = "none"  # one platform-wide account; owner_ref must be ""
    REQUIRED = "required"  # one account per owner; owner_ref must be given
    OPTIONAL = "optional"  # per owner where there is one (a gateway, a courier), else platform-wide


@dataclass(frozen=True)
class KindRule:
    side: Side
    owner: Owner
    owner_is: str  # what owner_ref names, for people reading the account list

    @property
    def may_go_negative(self) -> bool:
        # A liability below zero would mean the platform is owed by a seller, creator, buyer or the tax office
        # without any receivable saying so: money appeared from nowhere. Assets and revenue may dip (clawbacks).
        return self.side is not Side.LIABILITY


class AccountKind(StrEnum):
    GATEWAY_CLEARING = "gateway_clearing"
    COD_RECEIVABLE = "cod_receivable"
    ESCROW = "escrow"
    SELLER_PAYABLE = "seller_payable"
    SELLER_RECEIVABLE = "seller_receivable"
    PAYOUTS_IN_TRANSIT = "payouts_in_transit"
    CREATOR_PAYABLE = "creator_payable"
    PPH22_PAYABLE = "pph22_payable"
    REFUNDS_PAYABLE = "refunds_payable"
    COMMISSION_REVENUE = "commission_revenue"
    PLATFORM_VOUCHERS = "platform_vouchers"

    @property
    def rule(self) -> KindRule:
        return RULES[self]

    @property
    def side(self) -> Side:
        return RULES[self].side


RULES: dict[AccountKind, KindRule] = {
    # Money the payment gateway holds for Lapak: up when a buyer pays, down on refunds and payouts.
    AccountKind.GATEWAY_CLEARING: KindRule(Side.ASSET, Owner.OPTIONAL, "gateway code, e.g. midtrans"),
    # Cash on delivery the courier has collected and not yet settled.
    AccountKind.COD_RECEIVABLE: KindRule(Side.ASSET, Owner.OPTIONAL, "courier code"),
    # What a buyer paid for one seller order and nobody has been given yet.
    AccountKind.ESCROW: KindRule(Side.LIABILITY, Owner.REQUIRED, "seller order public id"),
    # What Lapak owes a seller organisation after escrow release, until paid out.
    AccountKind.SELLER_PAYABLE: KindRule(Side.LIABILITY, Owner.REQUIRED, "seller organisation or creator public id"),
    # What a seller organisation owes Lapak: a refund after release clawed back more than its payable held.
    AccountKind.SELLER_RECEIVABLE: KindRule(Side.ASSET, Owner.REQUIRED, "seller organisation or creator public id"),
    # A seller's payable taken by a payout batch and not yet confirmed paid by the gateway: a refund's clawback
    # cannot take it (it is on its way), and a payout that finally fails gives it back to the seller payable.
    AccountKind.PAYOUTS_IN_TRANSIT: KindRule(Side.LIABILITY, Owner.REQUIRED,
                                             "seller organisation or creator public id"),
    # What Lapak owes a creator (affiliate) for attributed sales.
    AccountKind.CREATOR_PAYABLE: KindRule(Side.LIABILITY, Owner.REQUIRED, "creator public id"),
    # PPh 22 withheld at escrow release (ID-TAX-2), owed to the tax office.
    AccountKind.PPH22_PAYABLE: KindRule(Side.LIABILITY, Owner.NONE, ""),
    # Refunds decided and not yet paid back to the buyer.
    AccountKind.REFUNDS_PAYABLE: KindRule(Side.LIABILITY, Owner.OPTIONAL, "order public id"),
    # The platform's commission.
    AccountKind.COMMISSION_REVENUE: KindRule(Side.REVENUE, Owner.NONE, ""),
    # What the platform's own vouchers cost it: paid to the sellers at escrow release for the goods still sold,
    # so a platform promotion never comes out of a seller's price (ADR 0011).
    AccountKind.PLATFORM_VOUCHERS: KindRule(Side.EXPENSE, Owner.NONE, ""),
}

NON_NEGATIVE_KINDS: frozenset[AccountKind] = frozenset(kind for kind, rule in RULES.items() if not rule.may_go_negative)
