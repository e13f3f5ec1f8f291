"""How one seller order's escrow balance divides at release (ADR 0011): pure arithmetic, no database.

Whole rupiah. Commission and PPh 22 are rounded down, creator commission is what attribution says (never more
than is left after commission and tax), and the seller gets the remainder, so the parts add up to the balance
exactly and the ledger entry balances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lapak.market.payments.commission import BPS


@dataclass(frozen=True)
class LineWeight:
    """An order line's goods still sold (its value less what was returned) and its category's commission rate."""

    value: int
    commission_bps: int


@dataclass(frozen=True)
class Split:
    released: int
    shipping: int
    gross: int
    commission: int
    commission_bps: int  # the rate the commission came to, weighted over the lines (display)
    pph22: int
    creators: dict[str, int] = field(default_factory=dict)
    seller_net: int = 0
    platform_voucher: int = 0  # the platform's own voucher on the goods still sold, paid by the platform

    @property
    def creator(self) -> int:
        return sum(self.creators.values())


def release_split(*, balance: int, shipping_fee: int, lines: Sequence[LineWeight], default_bps: int,
                  pph22_bps: int, creator_claims: Sequence[tuple[str, int]], platform_voucher: int = 0) -> Split:
    """Divides `balance` (the escrow left after refunds) plus `platform_voucher` (what the platform pays in for
    its own voucher on the goods still sold: a platform promotion is the platform's cost, not the seller's).

    - Shipping: the seller order's shipping fee goes to the seller (the seller hands the parcel over and pays
      the courier), but never more than the balance (a refund that gave the shipping back leaves less).
    - Gross: the rest plus the platform's voucher, the goods at the shop's price after its own voucher and the
      refunds; the seller's turnover, so the base of commission and PPh 22.
    - Commission: gross × the lines' rates weighted by their value still sold, rounded down once.
    - PPh 22: gross × `pph22_bps` (0 when the seller's exemption is on record), rounded down.
    - Creators: each claim in order, cut to what is left after commission and tax.
    - The seller: the remainder."""
    if balance < 0 or shipping_fee < 0 or platform_voucher < 0:
        raise ValueError("balance, shipping fee and platform voucher are never negative")
    shipping = min(shipping_fee, balance)
    gross = balance - shipping + platform_voucher
    weight = sum(line.value for line in lines if line.value > 0)
    if weight > 0:
        weighted = sum(line.value * line.commission_bps for line in lines if line.value > 0)
        commission = gross * weighted // (weight * BPS)
        rate = weighted // weight
    else:  # every line returned and a few rupiah of rounding left: the default rate
        commission, rate = gross * default_bps // BPS, default_bps
    pph22 = gross * pph22_bps // BPS
    commission = min(commission, gross - pph22)  # only a rate near 100 % could reach it: the tax comes first
    left = gross - commission - pph22
    creators: dict[str, int] = {}
    for creator_ref, amount in creator_claims:
        take = min(max(0, amount), left)
        if take > 0:
            creators[creator_ref] = creators.get(creator_ref, 0) + take
            left -= take
    seller_net = balance + platform_voucher - commission - pph22 - sum(creators.values())
    return Split(released=balance, shipping=shipping, gross=gross, commission=commission, commission_bps=rate,
                 pph22=pph22, creators=creators, seller_net=seller_net, platform_voucher=platform_voucher)
