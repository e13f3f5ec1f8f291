"""The commission file and the release arithmetic, without a database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.market.payments.commission import commission_table, commission_table_load, pph22_bps_on
from lapak.market.payments.services.release_split import LineWeight, release_split

CATEGORIES = Path(__file__).parents[2] / "catalog" / "data" / "categories.json"


def test_the_commission_file_names_every_top_level_category_and_nothing_else():
    top = {c["slug"] for c in json.loads(CATEGORIES.read_text(encoding="utf-8"))["categories"]}
    table = commission_table()
    assert set(table.by_category) == top
    assert table.bps_for("fashion-wanita") == 500 and table.bps_for("elektronik") == 250
    assert table.bps_for("makanan-minuman") == 400
    assert table.bps_for("not-a-category") == table.bps_for(None) == table.default_bps == 400


@pytest.mark.parametrize("bad", [{"version": 1, "default_bps": 400, "categories": {"x": 10_001}},
                                 {"version": 1, "default_bps": -1, "categories": {}},
                                 {"version": 1, "default_bps": 400, "categories": {"x": "5%"}},
                                 {"version": 1, "default_bps": 400, "categories": ["x"]}])
def test_a_bad_commission_file_fails_loudly(tmp_path, bad):
    path = tmp_path / "commission.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError):
        commission_table_load(path)


def test_pph22_is_half_a_percent_from_pmk_37_2025():
    assert pph22_bps_on(date(2025, 7, 14)) == 50 and pph22_bps_on(date(2026, 11, 28)) == 50
    assert pph22_bps_on(date(2025, 7, 13)) == 0


def test_shipping_never_takes_more_than_the_balance_and_creators_never_more_than_is_left():
    split = release_split(balance=5_000, shipping_fee=9_000, lines=[LineWeight(100_000, 500)], default_bps=400,
                          pph22_bps=50, creator_claims=[])
    assert (split.shipping, split.gross, split.commission, split.seller_net) == (5_000, 0, 0, 5_000)
    split = release_split(balance=110_000, shipping_fee=10_000, lines=[LineWeight(100_000, 500)], default_bps=400,
                          pph22_bps=50, creator_claims=[("a", 90_000), ("b", 90_000), ("c", -5)])
    # 100,000 goods: commission 5,000, PPh 22 500, 94,500 left: a takes 90,000, b the 4,500 rest, c nothing.
    assert split.creators == {"a": 90_000, "b": 4_500} and split.seller_net == 10_000


@given(balance=st.integers(0, 10**12), shipping=st.integers(0, 10**7),
       lines=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10_000)), max_size=6),
       pph22=st.sampled_from([0, 50]), claims=st.lists(st.integers(-10, 10**9), max_size=3),
       voucher=st.integers(0, 10**8))
def test_the_parts_always_add_up_to_the_balance_and_none_is_negative(balance, shipping, lines, pph22, claims,
                                                                     voucher):
    split = release_split(balance=balance, shipping_fee=shipping, lines=[LineWeight(v, b) for v, b in lines],
                          default_bps=400, pph22_bps=pph22, creator_claims=[(f"c{i}", a) for i, a in enumerate(claims)],
                          platform_voucher=voucher)
    assert split.seller_net + split.commission + split.pph22 + split.creator == balance + voucher
    assert split.gross + split.shipping == balance + voucher and split.platform_voucher == voucher
    assert min(split.seller_net, split.commission, split.pph22, split.creator) >= 0
    assert split.pph22 == split.gross * pph22 // 10_000  # rounded down, on the gross goods
    assert split.commission <= split.gross * 10_000 // 10_000
