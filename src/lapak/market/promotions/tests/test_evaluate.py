"""voucher_evaluate: the discount, or the reason a voucher does not apply. Pure: no database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.promotions.evaluation import VoucherUsage, voucher_evaluate
from lapak.market.promotions.models import Voucher

NOW = timezone.now()


def voucher(**fields) -> Voucher:
    values = {"code": "HEMAT", "kind": "fixed", "amount": 10_000, "percent_bp": 0, "min_spend": 0,
              "per_buyer_limit": 1, "valid_from": NOW - timedelta(hours=1), "valid_until": NOW + timedelta(days=1),
              "active": True}
    values.update(fields)
    return Voucher(**values)


def reason(v: Voucher, subtotal: int = 100_000, **usage) -> str:
    with pytest.raises(ValidationFailed) as caught:
        voucher_evaluate(voucher=v, subtotal=subtotal, usage=VoucherUsage(**usage), now=NOW)
    assert list(caught.value.fields) in (["code"], ["subtotal"])
    return caught.value.code


def discount(v: Voucher, subtotal: int = 100_000, **usage) -> int:
    return voucher_evaluate(voucher=v, subtotal=subtotal, usage=VoucherUsage(**usage), now=NOW).discount


def test_fixed_takes_its_amount_but_never_more_than_the_subtotal():
    assert discount(voucher()) == 10_000
    assert discount(voucher(), subtotal=7_500) == 7_500


def test_percentage_rounds_down_to_whole_rupiah_and_respects_the_cap():
    pct = voucher(kind="percentage", amount=0, percent_bp=1_250)  # 12.5 %
    assert discount(pct, subtotal=99_999) == 12_499
    assert discount(voucher(kind="percentage", amount=0, percent_bp=5_000, max_discount=20_000),
                    subtotal=100_000) == 20_000
    assert discount(voucher(kind="percentage", amount=0, percent_bp=10_000), subtotal=80_000) == 80_000


def test_the_discount_stops_at_what_remains_of_the_budget():
    assert discount(voucher(budget=25_000), given=20_000, uses=2) == 5_000


@pytest.mark.parametrize(("fields", "usage", "code"), [
    ({"active": False}, {}, "voucher_inactive"),
    ({"valid_from": NOW + timedelta(minutes=1)}, {}, "voucher_not_started"),
    ({"valid_until": NOW}, {}, "voucher_expired"),
    ({"valid_until": NOW - timedelta(days=1), "valid_from": NOW - timedelta(days=2)}, {}, "voucher_expired"),
    ({"per_buyer_limit": 2}, {"buyer_uses": 2, "uses": 2, "given": 20_000}, "voucher_per_buyer_limit"),
    ({"budget": 30_000}, {"given": 30_000, "uses": 3}, "voucher_exhausted"),
    ({"max_redemptions": 3}, {"uses": 3, "given": 30_000}, "voucher_exhausted"),
    ({"min_spend": 100_001}, {}, "voucher_below_minimum_spend"),
])
def test_each_reason_it_does_not_apply(fields, usage, code):
    assert reason(voucher(**fields), **usage) == code


def test_a_zero_subtotal_gets_nothing():
    assert reason(voucher(), subtotal=0) == "voucher_nothing_to_discount"


@pytest.mark.parametrize("subtotal", [-1, 10**13, 10**40, True, 1.5, "100000", None])
def test_a_subtotal_that_is_not_whole_rupiah_in_range_is_refused(subtotal):
    assert reason(voucher(), subtotal=subtotal) == "subtotal_invalid"


def test_the_window_is_half_open():
    v = voucher(valid_from=NOW, valid_until=NOW + timedelta(seconds=1))
    assert discount(v) == 10_000
