"""Placing the order: the cart becomes one buyer Order split into one SellerOrder per seller.

Everything slow or read-only (cart flags, quotes, voucher quotes) happens first, without locks
(placement_plan.py). Then one short transaction: the Order row (its unique (buyer, idempotency key) makes a
concurrent duplicate wait here and fail), the compliance decision, the stock hold (stock rows locked), the
voucher redemptions (voucher rows locked: stock before vouchers, as every order writer locks them), the seller
orders, lines, the timeline event and the audit event, and the ordered lines leave the cart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import address_of
from lapak.compliance.services import compliance_decide, compliance_keep_refusal
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.ids import new_public_id
from lapak.market.checkout.errors import CartEmpty, CheckoutRefused
from lapak.market.checkout.models import CartLine
from lapak.market.checkout.selectors import cart_of_user, cart_view
from lapak.market.checkout.services.placement_attribution import line_attributions
from lapak.market.checkout.services.placement_plan import (
    Plan,
    cart_problems,
    plan_sellers,
    plan_shipping,
    plan_vouchers,
    voucher_error,
)
from lapak.market.checkout.tax import ppn_included
from lapak.market.inventory.services import stock_reserve
from lapak.market.orders.events import order_event_record
from lapak.market.orders.models import EventKind, Order, OrderLine, SellerOrder
from lapak.market.orders.policy import payment_window, reservation_ttl
from lapak.market.promotions.errors import VoucherNotApplicable
from lapak.market.promotions.services import voucher_redeem

MAX_KEY = 255


def _key_checked(key: object) -> str:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY or not all(" " <= c <= "~" for c in key):
        raise ValidationFailed(code="idempotency_key_invalid", fields={"idempotency_key": [
            _("Send an Idempotency-Key of 1 to 255 printable characters.")]})
    return key


def checkout_place(*, buyer: Any, address_public_id: str, shipping_choices: Mapping[str, Sequence[str]],
                   voucher_codes: Sequence[str], idempotency_key: str) -> Order:
    """Place the buyer's cart as an order awaiting payment.

    Guarantees: idempotent per (buyer, idempotency_key): a repeat, also one racing the first, returns the same
    order and writes nothing. Refuses, with nothing written: an empty cart (CartEmpty); flagged lines
    (CartNotReady naming every one); an address not in the buyer's book (422 `address_not_found`, the same for
    another buyer's); a missing choice or a courier that does not serve the route (`courier_not_serving`);
    a voucher that does not apply (its reason code, e.g. `voucher_expired`, `voucher_exhausted`); too little
    stock under the lock (InsufficientStock listing every short line); a compliance refusal (CheckoutRefused).
    On success: stock is held for the order (key = the order's id) until the payment window plus a grace
    ends, vouchers are held, totals are tax-inclusive with the PPN component stored, each line attributed to a
    creator's hand-off click still within its window carries that attribution and the commission rate then in
    force, and the ordered lines have left the cart."""
    key = _key_checked(idempotency_key)
    existing = Order.objects.filter(buyer=buyer, idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        address = address_of(buyer, address_public_id if isinstance(address_public_id, str) else "")
    except NotFound as exc:
        raise ValidationFailed(exc.message, code="address_not_found", fields={"address": [exc.message]}) from exc
    cart = cart_of_user(user=buyer)
    view = cart_view(cart=cart)
    try:
        cart_problems(view)
    except CartEmpty:
        # A double submit: the first request placed the order and emptied the cart between our two reads.
        existing = Order.objects.filter(buyer=buyer, idempotency_key=key).first()
        if existing is None:
            raise
        return existing
    plan = Plan(sellers=plan_sellers(view))
    plan_shipping(plan.sellers, destination=address.village, choices=shipping_choices)
    plan_vouchers(plan, buyer=buyer, codes=voucher_codes)
    attributions = line_attributions(plan, now=timezone.now(), buyer=buyer)
    try:
        return _write(plan, buyer=buyer, address=address, cart=cart, key=key, attributions=attributions)
    except CheckoutRefused as refused:
        compliance_keep_refusal(refused.decision)  # the order rolled back; the refusal stays on record
        raise
    except IntegrityError:
        # A concurrent request with the same key won the unique constraint; answer with its order.
        existing = Order.objects.filter(buyer=buyer, idempotency_key=key).first()
        if existing is None:
            raise
        return existing


def _write(plan: Plan, *, buyer: Any, address: Any, cart: Any, key: str, attributions: dict[int, dict]) -> Order:
    now = timezone.now()
    today = timezone.localdate(now)
    public_id = new_public_id("ord")
    with transaction.atomic():
        order = Order.objects.create(
            public_id=public_id, buyer=buyer, recipient_name=address.recipient_name, phone=address.phone,
            street=address.street, village_code=address.village.code, village_name=address.village.name,
            district_name=address.district.name, regency_name=address.regency.name,
            province_name=address.province.name, postcode=address.postcode, goods_total=plan.goods_total,
            shipping_total=plan.shipping_total, seller_discount_total=plan.seller_discount_total,
            platform_discount=plan.platform_discount, grand_total=plan.grand_total, ppn_total=plan.ppn_total(today),
            idempotency_key=key, placed_at=now, payment_due_at=now + payment_window(),
            jurisdiction=address.jurisdiction)
        decision = compliance_decide(event="checkout.place", jurisdiction=order.jurisdiction, subject_type="order",
                                     subject_id=public_id, facts=placement_facts(plan, buyer=buyer, address=address),
                                     actor=buyer.public_id)
        if not decision.allowed:
            raise CheckoutRefused(decision=decision)
        stock_reserve(lines=[(v, line.quantity) for s in plan.sellers for line, v in s.lines], key=public_id,
                      ttl=reservation_ttl())
        _redeem(plan, buyer=buyer, order_ref=public_id, now=now)
        seller_orders = SellerOrder.objects.bulk_create([SellerOrder(
            order=order, seller=s.seller, courier_code=s.quote.courier, service_code=s.quote.service,
            shipping_fee=s.quote.price, eta_min_days=s.quote.eta_min_days, eta_max_days=s.quote.eta_max_days,
            origin_village_code=s.origin, goods_subtotal=s.goods, seller_discount=s.seller_discount,
            ppn_amount=_seller_ppn(s, today), created_at=now, updated_at=now) for s in plan.sellers])
        OrderLine.objects.bulk_create([OrderLine(
            seller_order=so, variant=v, title=line.title, variant_label=line.variant_label, sku=v.sku,
            unit_price=line.stored_price, quantity=line.quantity, weight_grams=v.weight_grams,
            origin=v.product.origin, origin_country=v.product.origin_country,
            line_total=line.stored_price * line.quantity, **attributions.get(v.pk, {}))
            for so, s in zip(seller_orders, plan.sellers, strict=True) for line, v in s.lines])
        order_event_record(order=order, kind=EventKind.STATUS_CHANGE, to_status=order.status,
                           actor=buyer.public_id, data={"actor_kind": "buyer"}, at=now)
        audit_append(actor=buyer.public_id, action="order.place", subject_type="order", subject_id=public_id,
                     jurisdiction=order.jurisdiction, after={
                         "grand_total": order.grand_total, "ppn_total": order.ppn_total,
                         "seller_orders": [so.public_id for so in seller_orders]}, decision=decision.as_dict())
        CartLine.objects.filter(cart=cart, variant_id__in=[v.pk for s in plan.sellers for _l, v in s.lines]).delete()
    return order


def placement_facts(plan: Plan, *, buyer: Any, address: Any) -> dict:
    """What `checkout.place` is decided on: the order, and each line with its seller and origin."""
    lines = [{"seller": s.seller.public_id, "seller_type": s.seller.seller_type, "seller_status": s.seller.status,
              "product": v.product.public_id, "origin": v.product.origin, "origin_country": v.product.origin_country,
              "hs_code": v.product.hs_code, "fob_value_usd_cents": v.product.fob_value_usd_cents,
              "unit_price": line.stored_price, "quantity": line.quantity}
             for s in plan.sellers for line, v in s.lines]
    return {"buyer": buyer.public_id, "sellers": [s.seller.public_id for s in plan.sellers],
            "grand_total": plan.grand_total, "currency": "IDR", "destination": address.village.code,
            "origins": sorted({line["origin"] for line in lines}), "lines": lines}


def _seller_ppn(seller_plan: Any, today: Any) -> int:
    return ppn_included(seller_plan.goods - seller_plan.seller_discount, on=today)


def _redeem(plan: Plan, *, buyer: Any, order_ref: str, now: Any) -> None:
    """Hold every voucher under its lock; a discount that moved since it was quoted (budget taken meanwhile)
    refuses the order rather than charging a total the buyer was not shown."""
    held = [(s.voucher, s.goods, s.seller_discount) for s in plan.sellers if s.voucher is not None]
    if plan.platform_voucher is not None:
        held.append((plan.platform_voucher, plan.goods_total - plan.seller_discount_total, plan.platform_discount))
    for voucher, subtotal, expected in held:
        try:
            redemption = voucher_redeem(voucher=voucher, buyer=buyer, subtotal=subtotal, order_ref=order_ref, now=now)
        except VoucherNotApplicable as exc:
            raise voucher_error(voucher.code, exc) from exc
        if redemption.amount != expected:
            raise Conflict(_("A voucher's discount changed while you were checking out. Try again."),
                           code="voucher_changed", fields={f"vouchers.{voucher.code}": [
                               _("The discount is now different.")]})
