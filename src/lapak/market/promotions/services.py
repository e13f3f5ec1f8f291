"""Writes on vouchers: issue, change, delete one; hold, confirm and release a redemption.

Budget and limits are decided under the voucher's row lock (lock_objects.voucher_for_update; SQLite runs one
writer at a time): the held and confirmed redemptions are recounted inside the lock, so buyers racing for the
last of a budget never together take more than it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.market.promotions.evaluation import subtotal_checked, voucher_evaluate
from lapak.market.promotions.lock_objects import redemption_for_update, voucher_for_update
from lapak.market.promotions.models import RedemptionStatus, Voucher, VoucherRedemption
from lapak.market.promotions.selectors import voucher_usage
from lapak.market.promotions.validation import TERMS, voucher_code_checked, voucher_terms_checked
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member, require_operator

_CODE_TAKEN = _("This code is already in use. Choose another.")


def _require_issuer(actor: object, seller: SellerOrganisation | None) -> None:
    """Operators issue platform vouchers; a shop's owner or a manager issues the shop's (staff: 403)."""
    if seller is None:
        require_operator(actor)
    else:
        require_member(seller, actor, EDITORS)


def _audit(actor: object, action: str, voucher: Voucher, after: dict) -> None:
    audit_append(actor=actor_label(actor), action=action, subject_type="voucher", subject_id=voucher.public_id,
                 jurisdiction=voucher.seller.jurisdiction if voucher.seller is not None else "ID", after=after)


def _terms(voucher: Voucher) -> dict[str, Any]:
    return {"code": voucher.code, "kind": voucher.kind, **{name: getattr(voucher, name) for name in TERMS}}


def voucher_create(*, actor: object, data: Mapping[str, Any], seller: SellerOrganisation | None = None) -> Voucher:
    """Issue a voucher: a platform voucher (operators only) or `seller`'s (its owner or a manager). Guarantees:
    every term checked, all problems reported at once per field; a code unique across all vouchers; an audit
    event in the same transaction. Nothing is written unless all pass."""
    _require_issuer(actor, seller)
    errors: dict[str, list] = {}
    try:
        code = voucher_code_checked(data.get("code"))
    except ValidationFailed as exc:
        errors.update(exc.fields)
        code = ""
    kind = data.get("kind")
    try:
        terms = voucher_terms_checked(data, kind=kind, creating=True)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if code and Voucher.objects.filter(code=code).exists():
        errors["code"] = [_CODE_TAKEN]
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        with transaction.atomic():
            voucher = Voucher.objects.create(code=code, kind=kind, seller=seller, created_by=actor, **terms)
            _audit(actor, "voucher.create", voucher, _terms(voucher))
    except IntegrityError as exc:  # a concurrent create took the code between the check and the insert
        raise ValidationFailed(fields={"code": [_CODE_TAKEN]}) from exc
    return voucher


def voucher_update(*, voucher: Voucher, actor: object, data: Mapping[str, Any]) -> Voucher:
    """Change the terms present in `data` (code and kind stay). The result is checked as a whole; a budget or a
    use count cannot go below what the voucher has already given (409 `voucher_budget_below_given`)."""
    _require_issuer(actor, voucher.seller)
    unknown = set(data) - set(TERMS)
    if unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be changed.")] for name in sorted(unknown)})
    with transaction.atomic():
        locked = voucher_for_update(voucher.pk).select_related("seller").first()
        if locked is None:
            raise NotFound(_("There is no such voucher."), code="voucher_not_found")
        merged = {**{name: getattr(locked, name) for name in TERMS}, **data}
        terms = voucher_terms_checked(merged, kind=locked.kind, creating=False)
        usage = voucher_usage(voucher=locked)
        if (terms["budget"] is not None and terms["budget"] < usage.given) or (
                terms["max_redemptions"] is not None and terms["max_redemptions"] < usage.uses):
            raise Conflict(_("The voucher has already given more than this; raise the limit or switch it off."),
                           code="voucher_budget_below_given")
        for name, value in terms.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save()
        _audit(actor, "voucher.update", locked, _terms(locked))
        return locked


def voucher_delete(*, voucher: Voucher, actor: object) -> None:
    """Delete a voucher no one has used; a used one is switched off instead (409 `voucher_in_use`), so its
    redemptions keep their voucher."""
    _require_issuer(actor, voucher.seller)
    with transaction.atomic():
        locked = voucher_for_update(voucher.pk).select_related("seller").first()
        if locked is None:
            raise NotFound(_("There is no such voucher."), code="voucher_not_found")
        if VoucherRedemption.objects.filter(voucher=locked).exists():
            raise Conflict(_("This voucher has been used; switch it off instead."), code="voucher_in_use")
        _audit(actor, "voucher.delete", locked, {"code": locked.code})
        locked.delete()


def voucher_redeem(*, voucher: Voucher, buyer: object, subtotal: int, order_ref: str,
                   now: datetime | None = None) -> VoucherRedemption:
    """Hold the voucher's discount for one order. Guarantees: the voucher row is locked and its budget, use
    count and the buyer's uses are recounted inside the lock, so held + confirmed never passes the budget,
    `max_redemptions` or `per_buyer_limit` however many buyers race; VoucherNotApplicable says why not.
    Idempotent per order: the same buyer and `order_ref` get the redemption already held."""
    subtotal = subtotal_checked(subtotal)
    if not isinstance(order_ref, str) or not 1 <= len(order_ref) <= 64 or "\x00" in order_ref:
        raise ValidationFailed(fields={"order_ref": [_("An order reference has 1 to 64 characters.")]})
    with transaction.atomic():
        locked = voucher_for_update(voucher.pk).first()
        if locked is None:
            raise NotFound(_("There is no voucher with this code."), code="voucher_not_found")
        existing = VoucherRedemption.objects.filter(voucher=locked, order_ref=order_ref).first()
        if existing is not None:
            if existing.buyer_id == buyer.pk and existing.status != RedemptionStatus.RELEASED:
                return existing
            raise Conflict(_("This order has already used this voucher."), code="voucher_order_used")
        quote = voucher_evaluate(voucher=locked, subtotal=subtotal, usage=voucher_usage(voucher=locked, buyer=buyer),
                                 now=now)
        return VoucherRedemption.objects.create(voucher=locked, buyer=buyer, order_ref=order_ref,
                                                amount=quote.discount)


def _move(redemption: VoucherRedemption, *, to: str, allowed_from: tuple[str, ...]) -> VoucherRedemption:
    with transaction.atomic():
        voucher_for_update(redemption.voucher_id).first()  # voucher first: the order every writer locks in
        locked = redemption_for_update(redemption.pk).first()
        if locked is None:
            raise NotFound(_("There is no such redemption."), code="redemption_not_found")
        if locked.status == to:
            return locked
        if locked.status not in allowed_from:
            raise Conflict(_("This voucher use was already released."), code="redemption_released")
        locked.status = to
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        return locked


def voucher_redemption_confirm(*, redemption: VoucherRedemption) -> VoucherRedemption:
    """The order was paid: the held discount is spent for good. Idempotent; a released one is 409."""
    return _move(redemption, to=RedemptionStatus.CONFIRMED, allowed_from=(RedemptionStatus.HELD,))


def voucher_redemption_release(*, redemption: VoucherRedemption) -> VoucherRedemption:
    """The order went unpaid or was cancelled: the discount goes back to the budget and the buyer's uses.
    Idempotent: releasing a released redemption changes nothing."""
    return _move(redemption, to=RedemptionStatus.RELEASED,
                 allowed_from=(RedemptionStatus.HELD, RedemptionStatus.CONFIRMED))
