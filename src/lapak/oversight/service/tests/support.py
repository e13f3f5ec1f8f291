"""Ground for the money and service figure tests: the source rows the figures read, written row by row at chosen
times (the figures only read them; the flows that write them have their own tests in payments and orders), and
helpers to refresh the rollups and read a figure both ways."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from lapak.accounts.models import User
from lapak.market.affiliates.models_payouts import CreatorPayout
from lapak.market.orders.models import EventKind, Order, OrderEvent, RefundRequest, ReturnRequest, SellerOrder
from lapak.market.payments.models import PaymentIntent, PaymentRefundNeeded
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.models_release import EscrowRelease
from lapak.market.sellers.models import SellerOrganisation
from lapak.oversight.figures.base import FIGURES, FigureQuery, FigureTable

WIB = ZoneInfo("Asia/Jakarta")
_serial = itertools.count(1)


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in Jakarta time: at("2026-03-31", 23, 30)."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=WIB).replace(hour=hour,
                                                                                             minute=minute)


class World:
    """Sellers, buyers, orders and the money and service facts about them."""

    def seller(self, *, jurisdiction: str = "ID") -> SellerOrganisation:
        n = next(_serial)
        return SellerOrganisation.objects.create(seller_type="individual", jurisdiction=jurisdiction,
                                                 status="verified", shop_name=f"Toko {n}", shop_slug=f"toko-{n}")

    def sellers(self, count: int, **kwargs: Any) -> list[SellerOrganisation]:
        return [self.seller(**kwargs) for _ in range(count)]

    def buyer(self) -> User:
        n = next(_serial)
        return User.objects.create_user(email=f"buyer{n}@example.test", password="x", full_name=f"Buyer {n}")

    def buyers(self, count: int) -> list[User]:
        return [self.buyer() for _ in range(count)]

    def order(self, buyer: User, seller: SellerOrganisation, *, when: datetime, goods: int = 100_000,
              jurisdiction: str = "ID") -> SellerOrder:
        n = next(_serial)
        order = Order.objects.create(
            buyer=buyer, recipient_name="Penerima", phone="081200000000", street="Jl. Contoh 1",
            village_code="3171010001", village_name="Desa", district_name="Kecamatan", regency_name="Kota",
            province_name="DKI Jakarta", postcode="10110", goods_total=goods, shipping_total=10_000,
            grand_total=goods + 10_000, ppn_total=goods * 11 // 111, jurisdiction=jurisdiction,
            idempotency_key=f"k{n}", placed_at=when, payment_due_at=when + timedelta(minutes=15), status="paid",
            paid_at=when)
        return SellerOrder.objects.create(
            order=order, seller=seller, status="delivered", courier_code="jne", service_code="REG",
            shipping_fee=10_000, eta_min_days=1, eta_max_days=3, origin_village_code="3171010001",
            goods_subtotal=goods, ppn_amount=goods * 11 // 111, created_at=when, delivered_at=when)

    def payment(self, so: SellerOrder, *, when: datetime, method: str = "qris", amount: int | None = None,
                refunded: bool = False, cod_remitted: tuple[int, ...] = ()) -> PaymentIntent:
        """A paid intent of `so`'s order; `refunded`: its money could not be used (left out of the figure);
        `cod_remitted`: the cash of the parcels remitted (cash on delivery)."""
        intent = PaymentIntent.objects.create(
            order=so.order, method=method, amount=amount or so.order.grand_total, status="paid",
            provider="" if method == "cod" else "midtrans", provider_order_id=f"pay-{next(_serial)}",
            created_at=when, paid_at=when, closed_at=when)
        if refunded:
            PaymentRefundNeeded.objects.create(intent=intent, amount=intent.amount, reason="already_paid",
                                               refund_key=f"refund-{intent.public_id}")
        for cash in cod_remitted:
            parcel_so = so if not CodParcel.objects.filter(seller_order=so).exists() else self.order(
                so.order.buyer, so.seller, when=when)
            CodParcel.objects.create(intent=intent, seller_order=parcel_so, amount=cash, escrow_amount=cash,
                                     status="remitted", created_at=when, collected_at=when)
        return intent

    def release(self, so: SellerOrder, *, when: datetime, pph22: int) -> EscrowRelease:
        gross, shipping = so.goods_subtotal, so.shipping_fee
        commission = gross // 20
        return EscrowRelease.objects.create(
            seller_order=so, seller=so.seller, entry_key=f"release:{so.public_id}", entry_public_id="jrn_x",
            released=gross + shipping, gross=gross, shipping=shipping, commission=commission, commission_bps=500,
            pph22=pph22, pph22_exempt=pph22 == 0, seller_net=gross + shipping - commission - pph22,
            released_at=when)

    def payout(self, seller: SellerOrganisation, *, when: datetime | None, amount: int = 500_000,
               status: str = "paid", created: datetime | None = None) -> Payout:
        stamp = when or created or at("2026-01-01")
        return Payout.objects.create(seller=seller, batch_date=stamp.astimezone(WIB).date() + timedelta(
            days=next(_serial)), amount=amount, status=status, paid_at=when, created_at=stamp)

    def creator_payout(self, creator: User, *, when: datetime | None, amount: int = 200_000,
                       status: str = "paid") -> CreatorPayout:
        stamp = when or at("2026-01-01")
        return CreatorPayout.objects.create(creator=creator.public_id, batch_date=stamp.astimezone(WIB).date()
                                            + timedelta(days=next(_serial)), amount=amount, status=status,
                                            paid_at=when, created_at=stamp)

    def return_request(self, so: SellerOrder, *, opened: datetime, closed: datetime | None = None,
                       status: str | None = None) -> ReturnRequest:
        return ReturnRequest.objects.create(
            seller_order=so, reason="damaged", refund_amount=50_000, requested_at=opened,
            status=status or ("refund_requested" if closed else "requested"), closed_at=closed)

    def refund(self, so: SellerOrder, *, opened: datetime, paid: datetime | None = None,
               due: datetime | None = None) -> RefundRequest:
        return RefundRequest.objects.create(
            order=so.order, seller_order=so, amount=50_000, requested_at=opened,
            due_at=due or opened + timedelta(days=7), status="paid" if paid else "requested", paid_at=paid)

    def complaint(self, ret: ReturnRequest, *, disputed: datetime, decided: datetime | None = None,
                  to: str = "accepted") -> None:
        """The return reaches the desk at `disputed` and, if `decided`, leaves it then (timeline entries)."""
        so = ret.seller_order
        OrderEvent.objects.create(order=so.order, seller_order=so, kind=EventKind.RETURN, from_status="refused",
                                  to_status="disputed", actor="system", data={"return": ret.public_id}, at=disputed)
        if decided:
            OrderEvent.objects.create(order=so.order, seller_order=so, kind=EventKind.RETURN,
                                      from_status="disputed", to_status=to, actor="usr_operator",
                                      data={"return": ret.public_id}, at=decided)


def refresh_all() -> dict[str, int]:
    from lapak.oversight.service.services import ROLLUPS, rollup_refresh

    return {name: rollup_refresh(name) for name in ROLLUPS}


def compute(key: str, *, source: str, by: tuple[str, ...] | None = None, date_from: str = "2026-01-01",
            date_to: str = "2026-12-31", jurisdiction: str = "ID") -> FigureTable:
    """The figure's table straight from its compute (before suppression: `_buyers`/`_sellers` still there)."""
    figure = FIGURES[key]
    query = FigureQuery(jurisdiction=jurisdiction, date_from=date.fromisoformat(date_from),
                        date_to=date.fromisoformat(date_to), by=figure.default_by if by is None else by,
                        source=source)
    return figure.compute(query)


def both(key: str, **kwargs: Any) -> list[dict[str, Any]]:
    """The rows from the rollup, after asserting that computing from scratch gives the very same."""
    rollup, scratch = compute(key, source="rollup", **kwargs).rows, compute(key, source="scratch", **kwargs).rows
    assert rollup == scratch
    return rollup
