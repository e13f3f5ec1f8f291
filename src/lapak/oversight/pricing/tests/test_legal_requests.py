"""Legal requests: who may see a seller named, for how long, and in which jurisdiction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.oversight.pricing.models import LegalRequest
from lapak.oversight.pricing.selectors import legal_request_named_sellers, local_today
from lapak.oversight.pricing.services import legal_request_record
from lapak.oversight.pricing.tests.support import as_text, read, refresh
from lapak.oversight.privacy import seller_pseudonym

pytestmark = pytest.mark.django_db


def record(operator, seller, **changes):
    data = {"jurisdiction": "ID", "authority": "Satgas Perdagangan Daring", "reference_number": "B-17/SATGAS/2026",
            "legal_basis": "Permendag 31/2023 Art. 26", "received_on": local_today("ID") - timedelta(days=3),
            "seller_id": seller.public_id, "scope_note": "Harga jual sepatu impor", "expires_on": None}
    data.update(changes)
    return legal_request_record(actor=operator, **data)


@pytest.fixture
def dumping(catalogue):
    """A category with a dumping importer; returns the importer."""
    shoes = catalogue.category("sepatu")
    catalogue.listings(shoes, [200_000] * 6)
    importer = catalogue.seller(name="Toko Impor Murah")
    catalogue.listing(importer, shoes, 50_000, origin="cross_border_direct", country="CN")
    refresh()
    return importer


def test_a_request_in_force_shows_the_shop_name_and_after_expiry_it_does_not(dumping, operator, regulator):
    assert read(regulator).rows[0]["shop_name"] == ""
    request = record(operator, dumping, expires_on=local_today("ID"))  # in force through today, inclusive
    row = read(regulator).rows[0]
    assert row["shop_name"] == "Toko Impor Murah"
    assert row["seller"] == seller_pseudonym(dumping.public_id)  # the pseudonym stays beside the name

    LegalRequest.objects.filter(pk=request.pk).update(expires_on=local_today("ID") - timedelta(days=1))
    assert read(regulator).rows[0]["shop_name"] == ""
    assert "Toko Impor Murah" not in as_text(read(regulator))


def test_a_request_not_yet_received_names_nobody_and_operators_never_see_names(dumping, operator, regulator):
    request = record(operator, dumping)
    assert legal_request_named_sellers(user=regulator, jurisdiction="ID") == {dumping.public_id}
    assert legal_request_named_sellers(user=operator, jurisdiction="ID") == frozenset()
    assert read(operator).rows[0]["shop_name"] == ""
    LegalRequest.objects.filter(pk=request.pk).update(received_on=local_today("ID") + timedelta(days=1))
    assert legal_request_named_sellers(user=regulator, jurisdiction="ID") == frozenset()


def test_a_regulator_of_gb_never_sees_a_name_an_id_request_names(catalogue, dumping, operator, regulator_gb):
    record(operator, dumping)
    # The British regulator's own figures: no Indonesian names, whatever jurisdiction is asked for.
    assert legal_request_named_sellers(user=regulator_gb, jurisdiction="GB") == frozenset()
    assert legal_request_named_sellers(user=regulator_gb, jurisdiction="ID") == frozenset()
    mugs = catalogue.category("gelas")
    catalogue.listings(mugs, [50_000] * 6, jurisdiction="GB")
    catalogue.listing(catalogue.seller(jurisdiction="GB", name="Cheap Mugs Ltd"), mugs, 5_000)
    refresh()
    table = read(regulator_gb, jurisdiction="GB")
    assert len(table.rows) == 1 and table.rows[0]["shop_name"] == ""
    assert "Toko Impor Murah" not in as_text(table)
    # And the Indonesian figures are not theirs to read at all.
    with pytest.raises(PermissionDenied) as refused:
        read(regulator_gb, jurisdiction="ID")
    assert refused.value.code == "jurisdiction_forbidden"


def test_recording_is_checked_audited_and_operator_only(catalogue, operator, regulator):
    seller, british = catalogue.seller(), catalogue.seller(jurisdiction="GB")
    with pytest.raises(ValidationFailed) as invalid:
        record(operator, seller, jurisdiction="XX", authority=" ", received_on=local_today("ID") + timedelta(days=2),
               seller_id="org_NOPE")
    assert set(invalid.value.fields) == {"jurisdiction", "authority", "received_on", "seller_id"}
    with pytest.raises(ValidationFailed) as invalid:
        record(operator, british)
    assert set(invalid.value.fields) == {"seller_id"}
    with pytest.raises(ValidationFailed) as invalid:
        record(operator, seller, expires_on=local_today("ID") - timedelta(days=10))
    assert set(invalid.value.fields) == {"expires_on"}
    with pytest.raises(PermissionDenied):
        record(regulator, seller)
    assert not LegalRequest.objects.exists()

    request = record(operator, seller)
    event = AuditEvent.objects.get(action="oversight.legal_request.record")
    assert (event.actor, event.subject_id, event.jurisdiction) == (operator.public_id, request.public_id, "ID")
    assert event.after["seller"] == seller.public_id
    with pytest.raises(Conflict):
        record(operator, seller)
    assert LegalRequest.objects.count() == 1


def test_figure_read_names_the_seller_to_the_regulator_and_logs_the_query(dumping, operator, regulator):
    """Through the portal's own read (as the API, the page and the CSV call it): needs `figure_read` to pass
    `legal_request_named_sellers(...)` as `FigureQuery.names_allowed`."""
    from lapak.oversight.selectors import figure_read

    record(operator, dumping)
    answer = figure_read(user=regulator, key="price-dumping", params={"jurisdiction": "ID"}, channel="api")
    assert [row["shop_name"] for row in answer.table.rows] == ["Toko Impor Murah"]
    assert AuditEvent.objects.filter(action="oversight.query", actor=regulator.public_id,
                                     subject_id="figure:price-dumping").exists()
    answer = figure_read(user=operator, key="price-dumping", params={"jurisdiction": "ID"}, channel="api")
    assert [row["shop_name"] for row in answer.table.rows] == [""]
