"""Shared ground for the switch tests: facts the packs allow, and seller organisation ids."""

from __future__ import annotations

from lapak.core.ids import new_public_id

PILOT_SELLER, OTHER_SELLER = new_public_id("org"), new_public_id("org")


def listing(**overrides) -> dict:
    """A first-party, direct cross-border listing at USD 40 with its trader details: allowed by the GB pack."""
    facts = {"product": "prd_T1", "origin": "cross_border_direct", "origin_country": "CN", "seller": PILOT_SELLER,
             "seller_type": "first_party", "seller_status": "verified", "jurisdiction": "GB",
             "trader": {"name": True, "address": True, "email": True, "phone": True}, "fob_value_usd_cents": 4000,
             "hs_code": "61091000", "category": "fashion", "certificates_present": [], "certificates_missing": []}
    return {**facts, **overrides}


def order(*lines: dict) -> dict:
    return {"buyer": "usr_T1", "sellers": sorted({line["seller"] for line in lines}), "currency": "GBP",
            "lines": [{**line, "quantity": 1, "unit_price": 100} for line in lines]}


def domestic(**overrides) -> dict:
    return listing(**{"origin": "domestic", "seller_type": "business", "product": "prd_T2", **overrides})
