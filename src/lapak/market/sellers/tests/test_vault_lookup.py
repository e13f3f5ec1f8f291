import base64
import hashlib
import hmac
import secrets

import pytest

from lapak.market.sellers.vault import lookup_hash, mask, normalise
from lapak.market.sellers.vault.keys import lookup_key


def test_lookup_hash_is_hmac_sha256_of_kind_and_normalised_value():
    expected = hmac.new(lookup_key(), b"nik:3171015501900001", hashlib.sha256).hexdigest()
    assert lookup_hash("nik", "3171015501900001") == expected
    assert len(expected) == 64


@pytest.mark.parametrize(
    ("kind", "spellings"),
    [
        ("nik", ["3171015501900001", " 3171 0155 0190 0001 ", "3171-0155-0190-0001"]),
        ("npwp", ["01.312.166.0-091.000", "013121660091000", "0013121660091000"]),
        ("nib", ["9120 0012 3456 7", "9120001234567"]),
        ("bank_account", ["123-456-7890", "1234567890"]),
        ("passport", ["a1234567", "A 1234567", "A1234567"]),
    ],
)
def test_spellings_of_one_number_hash_alike(kind, spellings):
    assert len({lookup_hash(kind, s) for s in spellings}) == 1


def test_hashes_differ_by_kind_and_by_key(settings):
    assert lookup_hash("nik", "3171015501900001") != lookup_hash("npwp", "3171015501900001")
    before = lookup_hash("nik", "3171015501900001")
    settings.IDENTITY_LOOKUP_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
    assert lookup_hash("nik", "3171015501900001") != before


def test_unknown_kinds_and_empty_values_are_refused():
    with pytest.raises(ValueError):
        lookup_hash("email", "a@b.c")
    with pytest.raises(ValueError):
        lookup_hash("nik", " - ")


def test_normalise():
    assert normalise("passport", "a-123 4567") == "A1234567"
    assert normalise("npwp", "01.312.166.0-091.000") == "0013121660091000"
    assert normalise("nik", "3171٠15501900001") == "317115501900001"  # an Arabic-Indic digit is not a digit here


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        ("nik", "3171015501900001", "3171••••••••0001"),
        ("npwp", "3171015501900001", "3171••••••••0001"),
        ("npwp", "0013121660091000", "0013••••••••1000"),
        ("nib", "9120001234567", "912•••••••567"),
        ("passport", "a1234567", "A•••••67"),
        ("bank_account", "1234567890", "••••••7890"),
        ("bank_account", "12345678", "••••5678"),
        ("phone", "+6281234567890", "•••••••••••90"),
        ("nik", "", ""),
        # Too short for its shape: never more than half shown, so all dots.
        ("bank_account", "1234567", "•••••••"),
        ("nik", "3171", "••••"),
    ],
)
def test_mask(kind, value, shown):
    assert mask(kind, value) == shown


def test_mask_never_shows_more_than_half():
    for kind in ("nik", "npwp", "nib", "passport", "bank_account", "other"):
        for length in range(0, 20):
            value = "7" * length if kind != "passport" else "A" + "7" * length
            masked = mask(kind, value)
            visible = sum(1 for c in masked if c != "•")
            assert visible <= len(masked) // 2
