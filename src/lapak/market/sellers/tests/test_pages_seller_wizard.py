"""The application wizard, page by page: an individual, a business and a foreign merchant apply from the pages."""

from __future__ import annotations

from datetime import date

import pytest

from lapak.market.sellers.models import ApplicationStatus, BankAccount, SellerApplication
from lapak.market.sellers.tests.conftest import NIK_WOMAN, POSTCODE, VILLAGE
from lapak.market.sellers.tests.test_pages_seller_support import (
    client_for,
    consent,
    pdf,
    photo,
    start,
    step,
    text,
)
from lapak.market.sellers.tests.test_validation_nik import make_nik
from lapak.market.sellers.vault import mask
from lapak.regions.models import Region, RegionLevel
from lapak.regions.tests.conftest import regions, regions_session_load  # noqa: F401  (the session-loaded table)

pytestmark = pytest.mark.django_db


def a_village_in(province: str) -> Region:
    """A real village (with a postcode) of the loaded Kemendagri list, in a district of `province`."""
    return (Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{province}.").exclude(postcode="")
            .select_related("parent__parent__parent").order_by("code").first())


def test_an_individual_applies_from_start_to_submission(regions, make_user):  # noqa: F811
    village = a_village_in("32")  # Jawa Barat
    district = village.parent
    born = date(1991, 3, 7)
    nik = make_nik(district.digits, born, "F", 7)
    user = make_user(email="sari@example.test")
    client = client_for(user)
    seen: list[str] = []

    centre = client.get("/seller/")
    assert centre.status_code == 200
    for path in ("individual", "business", "foreign"):
        assert f'id="path-{path}"' in text(centre)
    application = start(client, "individual", "Toko Sari")
    # Identity details are not asked for before consent (ID-PDP-1).
    assert client.get(step(application, "identity"))["Location"] == step(application, "consent")
    consent(client, application)

    page = client.get(step(application, "identity"))
    assert page.status_code == 200
    assert 'name="address_province"' in text(page) and 'name="nik"' in text(page)
    # The cascade: a province lists its regencies, a district its villages with the postcode filled in.
    regencies = client.get(f"/seller/regions/address/?address_province={village.parent.parent.parent.code}")
    assert f'value="{village.parent.parent.code}"' in text(regencies)
    picked = client.get("/seller/regions/address/", {
        "address_province": village.code[:2], "address_regency": village.code[:5],
        "address_district": district.code, "address_region_code": village.code,
    })
    assert f'value="{village.code}" selected' in text(picked)
    assert f'value="{village.postcode}"' in text(picked)

    saved = client.post(step(application, "identity"), {
        "id_document_kind": "ktp", "full_name": "Sari Dewi", "nik": nik, "birth_date": born.isoformat(),
        "sex": "F", "phone": "0812 3456 7890", "address_line": "Jl. Merdeka 5 RT 01/RW 02",
        "address_province": village.code[:2], "address_regency": village.code[:5], "address_district": district.code,
        "address_region_code": village.code, "address_postcode": village.postcode, "continue": "1",
    })
    assert saved.status_code == 302, text(saved)
    assert saved["Location"] == step(application, "documents")
    application.refresh_from_db()
    assert application.nik_masked and application.address_region_id == village.code
    assert application.phone == "+6281234567890"

    uploaded = client.post(step(application, "documents"), {"ktp_photo": photo("ktp.jpg"),
                                                             "selfie": photo("me.jpg", color=(9, 9, 9)),
                                                             "continue": "1"})
    assert uploaded.status_code == 302, text(uploaded)
    assert set(application.documents.values_list("kind", flat=True)) == {"ktp_photo", "selfie"}

    pickup = client.get(step(application, "pickup"))
    seen.append(text(pickup))
    assert f'value="{village.code}" selected' in text(pickup)  # prefilled from the home address
    moved = client.post(step(application, "pickup"), {
        "pickup_street": "Jl. Merdeka 5", "pickup_province": village.code[:2], "pickup_regency": village.code[:5],
        "pickup_district": district.code, "pickup_region_code": village.code, "pickup_postcode": village.postcode,
        "continue": "1",
    })
    assert moved.status_code == 302, text(moved)
    application.organisation.refresh_from_db()
    assert application.organisation.pickup_region_id == village.code
    assert application.organisation.pickup_postcode == village.postcode

    banked = client.post(step(application, "bank"), {"bank_code": "BRI", "account_number": "0123 4567 8901",
                                                     "holder_name": "SARI DEWI", "continue": "1"})
    assert banked["Location"] == step(application, "bank")  # shown again, with the holder-name check
    bank_page = client.get(step(application, "bank"))
    seen.append(text(bank_page))
    assert 'class="field__ok" id="holder-match"' in text(bank_page)
    assert "012345678901" not in text(bank_page) and "••••8901" in text(bank_page)

    review = client.get(step(application, "review"))
    seen.append(text(review))
    assert review.status_code == 200 and 'id="missing-items"' not in text(review)
    submitted = client.post(step(application, "review"), {"submit": "1"})
    assert submitted["Location"] == f"/seller/applications/{application.public_id}/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    status_page = client.get(submitted["Location"])
    seen += [text(status_page), text(client.get("/seller/")), text(client.get(step(application, "identity"),
                                                                                   follow=True))]
    assert 'badge--status-submitted' in text(status_page)
    for html in seen:
        assert nik not in html  # stored identity numbers come back masked only


def test_a_business_applies(build, people, make_user):
    user = make_user(email="pt@example.test")
    client = client_for(user)
    application = start(client, "business", "PT Maju Jaya Store")
    consent(client, application)
    saved = client.post(step(application, "identity"), {
        "company_name": "PT Maju Jaya", "nib": "9120001234567", "npwp": "01.312.166.0-091.000",
        "responsible_person_name": "Siti Aminah", "responsible_nik": NIK_WOMAN, "phone": "+62 812 3456 7890",
        "address_line": "Jl. Sudirman 1", "address_province": "31", "address_regency": "31.71",
        "address_district": "31.71.01", "address_region_code": VILLAGE, "address_postcode": POSTCODE,
        "continue": "1",
    })
    assert saved.status_code == 302, text(saved)
    assert client.post(step(application, "documents"), {"deed": pdf()}).status_code == 302
    client.post(step(application, "bank"), {"bank_code": "MANDIRI", "account_number": "9876543210",
                                            "holder_name": "PT MAJU JAYA"})
    review = client.get(step(application, "review"))
    assert 'id="missing-items"' not in text(review)
    for kind, number in (("nib", "9120001234567"), ("npwp", "013121660091000"), ("nik", NIK_WOMAN)):
        assert mask(kind, number) in text(review)
        assert number not in text(review)
    assert client.post(step(application, "review"), {"submit": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert NIK_WOMAN not in text(client.get(step(application, "identity"), follow=True))


def test_a_foreign_merchant_missing_documents_is_refused_with_each_item_named(build, make_user):
    user = make_user(email="gadgets@example.test")
    client = client_for(user)
    application = start(client, "foreign", "Shenzhen Gadgets")
    consent(client, application)
    identity = client.get(step(application, "identity"))
    assert 'name="origin_country"' in text(identity) and 'name="nik"' not in text(identity)
    assert client.post(step(application, "identity"), {
        "company_name": "Shenzhen Gadgets Co. Ltd", "origin_country": "CN", "origin_address": "1 Nanshan Road",
        "shipping_origin": "Shenzhen, CN", "bahasa_descriptions_declared": "on", "phone": "081234567890",
    }).status_code == 302
    assert client.post(step(application, "documents"), {"business_licence": pdf()}).status_code == 302
    client.post(step(application, "bank"), {"bank_code": "OTHER", "bank_other": "BKCHCNBJ",
                                            "account_number": "6217000012345678",
                                            "holder_name": "SHENZHEN GADGETS CO LTD"})
    assert BankAccount.objects.get(organisation=application.organisation).bank_code == "BKCHCNBJ"
    review = client.get(step(application, "review"))
    for item in ("standards_proof", "surveyor_report"):
        assert f'id="missing-{item}"' in text(review)  # warned before submitting

    refused = client.post(step(application, "review"), {"submit": "1"}, follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    page = text(refused)
    assert "proof of compliance with standards is missing" in page
    assert "an independent surveyor&#x27;s report is missing" in page
    assert "legalised business licence is missing" not in page
    indonesian = text(client_for(user, "id").get(f"/seller/applications/{application.public_id}/"))
    assert "Pendaftaran pedagang luar negeri ditolak: laporan surveyor independen tidak ada." in indonesian


def test_wizard_steps_answer_in_both_languages(build, people):
    application = build.individual()
    for language in ("id", "en"):
        client = client_for(people.owner, language)
        for name in ("shop", "consent", "identity", "documents", "pickup", "bank", "review"):
            page = client.get(step(application, name))
            assert page.status_code == 200, (language, name)
            assert f'<html lang="{language}">' in text(page)


def test_a_submitted_application_cannot_be_edited_from_the_wizard(build, people):
    application = build.submitted()
    client = client_for(people.owner)
    response = client.get(step(application, "identity"))
    assert response["Location"] == f"/seller/applications/{application.public_id}/"
    before = SellerApplication.objects.get(pk=application.pk).full_name
    client.post(step(application, "identity"), {"full_name": "Someone Else"})
    assert SellerApplication.objects.get(pk=application.pk).full_name == before
