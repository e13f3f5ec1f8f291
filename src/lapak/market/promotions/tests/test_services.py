"""Issuing vouchers (who may, what terms), and a redemption's life: held, confirmed, released."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.market.promotions.errors import VoucherNotApplicable
from lapak.market.promotions.models import Voucher, VoucherRedemption
from lapak.market.promotions.selectors import voucher_by_code, voucher_usage
from lapak.market.promotions.services import (
    voucher_create,
    voucher_delete,
    voucher_redeem,
    voucher_redemption_confirm,
    voucher_redemption_release,
    voucher_update,
)
from lapak.market.promotions.tests.conftest import terms


def fields_of(call) -> set[str]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return set(caught.value.fields)


def test_an_operator_issues_a_platform_voucher_with_an_audit_event(operator):
    voucher = voucher_create(actor=operator, data=terms(code="  hemat-10 "))
    assert (voucher.code, voucher.issuer, voucher.seller_id) == ("HEMAT-10", "platform", None)
    assert AuditEvent.objects.filter(action="voucher.create", subject_id=voucher.public_id).count() == 1
    assert voucher_by_code("Hemat-10") == voucher


def test_only_operators_issue_platform_vouchers(make_user):
    with pytest.raises(PermissionDenied):
        voucher_create(actor=make_user(email="buyer@example.test"), data=terms())
    assert Voucher.objects.count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "percentage", "amount": None, "percent_bp": 10_001}, "percent_bp"),  # more than 100 %
    ({"kind": "percentage", "amount": None, "percent_bp": 0}, "percent_bp"),
    ({"amount": -5_000}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": 10**15}, "amount"),  # absurd
    ({"amount": "10rb"}, "amount"),
    ({"amount": True}, "amount"),
    ({"min_spend": -1}, "min_spend"),
    ({"budget": 0}, "budget"),
    ({"budget": 10**30}, "budget"),
    ({"per_buyer_limit": 0}, "per_buyer_limit"),
    ({"max_redemptions": -3}, "max_redemptions"),
    ({"max_discount": 5_000}, "max_discount"),  # a cap on a fixed voucher
    ({"kind": "bogof"}, "kind"),
    ({"code": "A"}, "code"),
    ({"code": "HEMAT 10"}, "code"),
    ({"code": "x" * 40}, "code"),
    ({"valid_until": timezone.now() - timedelta(hours=2)}, "valid_until"),  # before it starts
    ({"valid_from": timezone.now() - timedelta(days=3), "valid_until": timezone.now() - timedelta(days=1)},
     "valid_until"),  # already over
    ({"valid_until": timezone.now() + timedelta(days=1000)}, "valid_until"),
    ({"valid_from": "besok"}, "valid_from"),
    ({"active": "yes"}, "active"),
])
def test_bad_terms_are_refused_on_their_field_and_nothing_is_written(operator, change, field):
    assert fields_of(lambda: voucher_create(actor=operator, data=terms(**change))) == {field}
    assert Voucher.objects.count() == 0 and AuditEvent.objects.filter(action="voucher.create").count() == 0


def test_all_problems_come_at_once(operator):
    found = fields_of(lambda: voucher_create(actor=operator, data=terms(code="!", amount=-1, min_spend=-1)))
    assert found == {"code", "amount", "min_spend"}


def test_codes_are_unique_whatever_the_case(operator):
    voucher_create(actor=operator, data=terms(code="HEMAT10"))
    assert fields_of(lambda: voucher_create(actor=operator, data=terms(code="hemat10"))) == {"code"}


def test_seller_vouchers_are_issued_by_owners_and_managers_only(shop, people, make_user):
    from lapak.market.sellers.services import member_add

    staff = make_user(email="staff@example.test")
    member_add(organisation=shop, actor=people.owner, user=staff, role="staff")
    with pytest.raises(PermissionDenied):
        voucher_create(actor=staff, seller=shop, data=terms())
    with pytest.raises(NotFound):
        voucher_create(actor=make_user(email="outsider@example.test"), seller=shop, data=terms())
    voucher = voucher_create(actor=people.owner, seller=shop, data=terms(code="TOKO5"))
    assert voucher.issuer == "seller" and voucher.seller == shop


def test_redeem_holds_confirm_spends_release_gives_back(platform_voucher, make_user):
    voucher = platform_voucher(budget=30_000, per_buyer_limit=1)
    buyer = make_user(email="b@example.test")
    held = voucher_redeem(voucher=voucher, buyer=buyer, subtotal=80_000, order_ref="ord_1")
    assert (held.status, held.amount) == ("held", 10_000)
    assert voucher_redeem(voucher=voucher, buyer=buyer, subtotal=80_000, order_ref="ord_1") == held  # idempotent
    with pytest.raises(VoucherNotApplicable) as caught:
        voucher_redeem(voucher=voucher, buyer=buyer, subtotal=80_000, order_ref="ord_2")
    assert caught.value.code == "voucher_per_buyer_limit"
    released = voucher_redemption_release(redemption=held)
    assert released.status == "released"
    assert voucher_redemption_release(redemption=held).status == "released"  # idempotent
    assert voucher_usage(voucher=voucher, buyer=buyer).given == 0
    again = voucher_redeem(voucher=voucher, buyer=buyer, subtotal=80_000, order_ref="ord_3")
    assert voucher_redemption_confirm(redemption=again).status == "confirmed"
    assert voucher_redemption_confirm(redemption=again).status == "confirmed"  # idempotent
    with pytest.raises(Conflict):
        voucher_redemption_confirm(redemption=released)
    with pytest.raises(Conflict):  # a released order's reference is spent
        voucher_redeem(voucher=voucher, buyer=buyer, subtotal=80_000, order_ref="ord_1")


def test_redeem_refuses_an_expired_or_used_up_voucher_and_writes_nothing(platform_voucher, make_user):
    voucher = platform_voucher(budget=10_000)
    voucher_redeem(voucher=voucher, buyer=make_user(email="a@example.test"), subtotal=60_000, order_ref="o1")
    with pytest.raises(VoucherNotApplicable) as caught:
        voucher_redeem(voucher=voucher, buyer=make_user(email="b@example.test"), subtotal=60_000, order_ref="o2")
    assert caught.value.code == "voucher_exhausted"
    later = timezone.now() + timedelta(days=8)
    fresh = platform_voucher(code="LATE")
    with pytest.raises(VoucherNotApplicable) as caught:
        voucher_redeem(voucher=fresh, buyer=make_user(email="c@example.test"), subtotal=60_000, order_ref="o3",
                       now=later)
    assert caught.value.code == "voucher_expired"
    assert VoucherRedemption.objects.count() == 1


@pytest.mark.parametrize("order_ref", ["", "x" * 65, "a\x00b", 12])
def test_redeem_needs_a_sane_order_reference(platform_voucher, make_user, order_ref):
    voucher = platform_voucher()
    with pytest.raises(ValidationFailed):
        voucher_redeem(voucher=voucher, buyer=make_user(), subtotal=60_000, order_ref=order_ref)
    assert VoucherRedemption.objects.count() == 0


def test_the_budget_cannot_drop_below_what_was_given_and_a_used_voucher_is_not_deleted(platform_voucher, operator,
                                                                                      make_user):
    voucher = platform_voucher(budget=50_000)
    voucher_redeem(voucher=voucher, buyer=make_user(), subtotal=60_000, order_ref="o1")
    with pytest.raises(Conflict):
        voucher_update(voucher=voucher, actor=operator, data={"budget": 5_000})
    assert voucher_update(voucher=voucher, actor=operator, data={"budget": 10_000, "active": False}).budget == 10_000
    with pytest.raises(ValidationFailed):
        voucher_update(voucher=voucher, actor=operator, data={"code": "NEW"})
    with pytest.raises(Conflict):
        voucher_delete(voucher=voucher, actor=operator)
    unused = platform_voucher(code="UNUSED")
    voucher_delete(voucher=unused, actor=operator)
    assert not Voucher.objects.filter(code="UNUSED").exists()
