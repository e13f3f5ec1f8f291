"""The return window (ID-CON-1): working days after delivery, Indonesian public holidays excluded, the most
generous category of the parcel, never under 2; and what an accepted return refunds."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from lapak.core.workdays import is_working_day, working_days_after, working_days_deadline
from lapak.market.orders.returns.window import refund_for, return_window_days

# The working-day calendar reads the holiday changes operators make (lapak.compliance reference data).
pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def test_weekends_and_public_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 27))  # a Friday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 12, 25))  # Christmas, a Friday
    assert not is_working_day(date(2027, 3, 10))  # Idul Fitri (estimated), a Wednesday


def test_two_working_days_skip_the_weekend():
    assert working_days_after(date(2026, 11, 27), 2) == date(2026, 12, 1)  # Fri → Tue
    assert working_days_after(date(2026, 11, 30), 2) == date(2026, 12, 2)  # Mon → Wed


def test_a_holiday_pushes_the_deadline():
    # Thursday 24 December: Friday is Christmas, then the weekend; the two days are Monday 28 and Tuesday 29.
    assert working_days_after(date(2026, 12, 24), 2) == date(2026, 12, 29)
    # Idul Fitri 2027 (10–11 March, Wednesday–Thursday): delivered Tuesday 9 → Friday 12 and Monday 15.
    assert working_days_after(date(2027, 3, 9), 2) == date(2027, 3, 15)


def test_the_deadline_is_the_end_of_the_local_day():
    # 23:30 UTC on Thursday is already Friday in Jakarta: the count starts from Friday.
    delivered = datetime(2026, 11, 26, 23, 30, tzinfo=ZoneInfo("UTC"))
    deadline = working_days_deadline(delivered, 2)
    assert deadline.astimezone(WIB).date() == date(2026, 12, 1)
    assert (deadline.astimezone(WIB).hour, deadline.astimezone(WIB).minute) == (23, 59)
    with pytest.raises(ValueError):
        working_days_after(date(2026, 11, 27), 0)


def test_the_most_generous_category_wins_and_never_below_the_law(settings):
    settings.RETURN_WINDOW_WORKING_DAYS = 2
    assert return_window_days([None, None]) == 2
    assert return_window_days([None, 7, 3]) == 7
    settings.RETURN_WINDOW_WORKING_DAYS = 1  # a misconfiguration cannot go under ID-CON-1
    assert return_window_days([]) == 2
    settings.RETURN_WINDOW_WORKING_DAYS = 5
    assert return_window_days([3]) == 5


def _seller_order(*, subtotal, seller_discount=0, shipping=20_000, goods_total=None, seller_total=None,
                  platform=0):
    order = SimpleNamespace(goods_total=goods_total or subtotal, seller_discount_total=seller_total or seller_discount,
                            platform_discount=platform)
    return SimpleNamespace(order=order, goods_subtotal=subtotal, seller_discount=seller_discount,
                           shipping_fee=shipping)


def test_refund_is_the_price_less_the_discount_shares():
    so = _seller_order(subtotal=200_000)
    assert refund_for(lines=[(50_000, 2)], seller_order=so, everything=False, seller_at_fault=True) == 100_000
    # A 20,000 seller voucher on 200,000 of goods: returning half gives back 90,000.
    so = _seller_order(subtotal=200_000, seller_discount=20_000)
    assert refund_for(lines=[(100_000, 1)], seller_order=so, everything=False, seller_at_fault=True) == 90_000
    # A platform voucher of 30,000 over two shops with 180,000 and 120,000 paid for goods: this shop's share is
    # 18,000; half of its goods carry 9,000 of it.
    so = _seller_order(subtotal=200_000, seller_discount=20_000, goods_total=320_000, seller_total=20_000,
                       platform=30_000)
    assert refund_for(lines=[(100_000, 1)], seller_order=so, everything=False, seller_at_fault=False) == 81_000


def test_shipping_comes_back_only_for_a_whole_return_that_is_the_sellers_fault():
    so = _seller_order(subtotal=100_000, shipping=15_000)
    whole = [(100_000, 1)]
    assert refund_for(lines=whole, seller_order=so, everything=True, seller_at_fault=True) == 115_000
    assert refund_for(lines=whole, seller_order=so, everything=True, seller_at_fault=False) == 100_000
    assert refund_for(lines=[], seller_order=so, everything=False, seller_at_fault=True) == 0


def test_refunds_of_one_order_never_exceed_what_was_paid():
    so = _seller_order(subtotal=99_999, seller_discount=33_333, goods_total=150_000, seller_total=33_333,
                       platform=10_001)
    units = [(33_333, 1)] * 3
    paid_share = 99_999 - 33_333 - 10_001 * (99_999 - 33_333) // (150_000 - 33_333)
    total = sum(refund_for(lines=[u], seller_order=so, everything=False, seller_at_fault=False) for u in units)
    assert 0 < total <= paid_share
