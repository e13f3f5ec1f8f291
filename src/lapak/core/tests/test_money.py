from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.core.money import CurrencyMismatch, Money


def test_rupiah_formats_the_indonesian_way():
    assert Money(150_000, "IDR").format("id") == "Rp150.000"
    assert Money(150_000, "IDR").format("en") == "Rp150.000"
    assert Money(-5_000, "IDR").format("id") == "-Rp5.000"


def test_other_currencies_keep_their_minor_units():
    assert Money(1_234, "USD").format("en_US") == "$12.34"
    assert Money(1_234, "GBP").format("en_GB") == "£12.34"
    assert Money(1_234, "USD").to_major() == Decimal("12.34")


@pytest.mark.parametrize("bad", [1.5, "100", None, True])
def test_amounts_are_integers_only(bad):
    with pytest.raises(TypeError):
        Money(bad, "IDR")


def test_unknown_currency_is_refused():
    with pytest.raises(ValueError, match="Unsupported"):
        Money(1, "XXX")


def test_mixing_currencies_is_refused():
    with pytest.raises(CurrencyMismatch):
        Money(1, "IDR") + Money(1, "USD")


def test_from_major_refuses_lost_digits_and_floats():
    assert Money.from_major("150000", "IDR") == Money(150_000, "IDR")
    assert Money.from_major("12.34", "USD") == Money(1_234, "USD")
    with pytest.raises(ValueError, match="digits"):
        Money.from_major("0.5", "IDR")
    with pytest.raises(TypeError):
        Money.from_major(0.5, "USD")


def test_percent_rounds_half_up():
    assert Money(1_001, "IDR").percent(50) == Money(5, "IDR")  # 5.005 -> 5
    assert Money(1_100, "IDR").percent(50) == Money(6, "IDR")  # 5.5 -> 6
    assert Money(-1_100, "IDR").percent(50) == Money(-6, "IDR")


@given(
    amount=st.integers(min_value=-10**15, max_value=10**15),
    ratios=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(lambda r: sum(r) > 0),
)
def test_allocation_never_creates_or_loses_a_rupiah(amount, ratios):
    parts = Money(amount, "IDR").allocate(ratios)
    assert sum(p.amount for p in parts) == amount
    assert len(parts) == len(ratios)
