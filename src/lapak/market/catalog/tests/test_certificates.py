"""Certificate numbers: the formats kept in `catalog.certificates`, good and bad."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.certificates import certificate_number_error, certificate_number_normalise
from lapak.market.catalog.services import certificate_remove, certificate_set, listing_transition

GOOD = [
    ("bpom", "BPOM RI MD 224510001234", "MD224510001234"),
    ("bpom", "ML 867109001234", "ML867109001234"),
    ("bpom", "NA18191200123", "NA18191200123"),
    ("bpom", "POM TR 123456789", "TR123456789"),
    ("bpom", "TR172302151E", "TR172302151E"),
    ("bpom", "pom sd 123456789", "SD123456789"),
    ("bpom", "DKL1234567890A1", "DKL1234567890A1"),
    ("halal", "ID35110000123450721", "ID35110000123450721"),
    ("halal", "id 3111 0000 1234 5678", "ID3111000012345678"),
    ("sni", "SPPT-SNI 0123/LSPro/2025", "SPPT-SNI 0123/LSPRO/2025"),
    ("sni", "QC-0456", "QC-0456"),
]
BAD = [
    ("bpom", "MD 12345"),  # too short
    ("bpom", "XX123456789012"),  # unknown prefix
    ("bpom", "NA181912001234"),  # cosmetics take 11 digits
    ("bpom", ""),
    ("halal", "00150012345678"),  # a legacy MUI number without the BPJPH "ID"
    ("halal", "ID123"),
    ("sni", "SNI"),  # no digit
    ("sni", "<script>1</script>"),
    ("sni", "1" * 61),
]


@pytest.mark.parametrize(("kind", "raw", "normal"), GOOD)
def test_good_numbers(kind, raw, normal):
    value = certificate_number_normalise(kind, raw)
    assert value == normal
    assert certificate_number_error(kind, value) is None


@pytest.mark.parametrize(("kind", "raw"), BAD)
def test_bad_numbers(kind, raw):
    assert certificate_number_error(kind, certificate_number_normalise(kind, raw)) is not None


@pytest.mark.django_db
def test_certificate_set_checks_and_replaces_and_unblocks_submission(shop, owner, snacks):
    from lapak.market.catalog.services import product_create, variant_create
    from lapak.market.catalog.tests.conftest import VARIANT, product_data

    product = product_create(seller=shop, actor=owner, data=product_data(snacks, title="Keripik Pedas"))
    variant_create(product=product, actor=owner, data=dict(VARIANT))
    with pytest.raises(ValidationFailed) as caught:
        certificate_set(product=product, actor=owner, kind="bpom", number="MD 1",
                        expires_on=date.today() - timedelta(days=1))
    assert set(caught.value.fields) == {"number", "expires_on"}
    with pytest.raises(ValidationFailed):
        certificate_set(product=product, actor=owner, kind="iso", number="9001")
    certificate_set(product=product, actor=owner, kind="bpom", number="MD 224510001234")
    certificate_set(product=product, actor=owner, kind="bpom", number="MD 224510009999")
    assert list(product.certificates.values_list("number", flat=True)) == ["MD224510009999"]
    with pytest.raises(ValidationFailed) as caught:
        listing_transition(product=product, actor=owner, to="submitted")
    assert set(caught.value.fields) == {"certificates.halal"}
    certificate_set(product=product, actor=owner, kind="halal", number="ID35110000123450721",
                    expires_on=date.today() + timedelta(days=365))
    assert listing_transition(product=product, actor=owner, to="submitted").status == "active"
    certificate_remove(product=product, actor=owner, kind="halal")
    assert product.certificates.count() == 1
