"""A person applies to sell, on a phone: the individual (UMKM) wizard from the seller centre to submission.

Screenshots land in test-artifacts/seller-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from test_smoke import ARTIFACTS, CHROMIUM, chromium  # noqa: F401  (the shared Chromium launch and fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "kopi susu gula aren 2024"
PHONE = {"width": 375, "height": 812}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"seller-{name}.png"), full_page=True)


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width}px)"


def a_village():
    from lapak.regions.models import Region, RegionLevel
    from lapak.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    return (Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith="32.").exclude(postcode="")
            .select_related("parent__parent__parent").order_by("code").first())


def test_an_individual_applies_on_a_phone(chromium, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    from lapak.accounts.services import user_signup
    from lapak.market.sellers.models import SellerApplication
    from lapak.market.sellers.tests.conftest import jpeg_bytes
    from lapak.market.sellers.tests.test_validation_nik import make_nik

    village = a_village()
    district = village.parent
    born = date(1991, 3, 7)
    nik = make_nik(district.digits, born, "F", 7)
    user_signup(email="sari@example.test", password=PASSWORD, full_name="Sari Dewi")
    ktp, selfie = tmp_path / "ktp.jpg", tmp_path / "selfie.jpg"
    ktp.write_bytes(jpeg_bytes(size=(1200, 800)))
    selfie.write_bytes(jpeg_bytes(size=(800, 1200), color=(90, 60, 40)))

    context = chromium.new_context(locale="id-ID", viewport=PHONE, device_scale_factor=2, has_touch=True,
                                   is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + "/accounts/login/?next=/seller/")
    page.fill("#id_username", "sari@example.test")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#path-individual")).to_be_visible()
    shot(page, "centre-start")
    fits(page)

    page.locator("#path-individual a.btn").click()
    expect(page.locator("#id_seller_type_0")).to_be_checked()
    page.fill("#id_shop_name", "Toko Sari")
    page.select_option("#id_umkm_class", "micro")
    shot(page, "start")
    fits(page)
    page.locator("main form button[type=submit]").click()

    # Consent first: nothing ticked in advance.
    expect(page.locator("#id_consent_kyc_verification")).not_to_be_checked()
    shot(page, "consent")
    fits(page)
    page.check("#id_consent_kyc_verification")
    page.check("#id_consent_payout_processing")
    page.click("button[name=continue]")

    # Identity: a wrong NIK first, shown beside its field; then the right one.
    expect(page.locator("#id_full_name")).to_be_visible()
    page.check("#id_id_document_kind_0")
    page.fill("#id_full_name", "Sari Dewi")
    page.fill("#id_nik", nik[:-3])
    page.fill("#id_birth_date", born.isoformat())
    page.check("#id_sex_1")
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_address_line", "Jl. Merdeka 5 RT 01/RW 02")
    page.select_option("#id_address_province", village.code[:2])
    expect(page.locator("#id_address_regency")).to_be_enabled()
    page.select_option("#id_address_regency", village.code[:5])
    expect(page.locator("#id_address_district")).to_be_enabled()
    page.select_option("#id_address_district", district.code)
    expect(page.locator("#id_address_region_code")).to_be_enabled()
    page.select_option("#id_address_region_code", village.code)
    expect(page.locator("#id_address_postcode")).to_have_value(village.postcode)
    shot(page, "identity")
    fits(page)
    page.click("button[name=continue]")
    expect(page.locator("#id_nik_error")).to_be_visible()
    expect(page.locator("#id_nik")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_address_region_code")).to_have_value(village.code)  # nothing typed is lost
    shot(page, "identity-error")
    fits(page)
    page.fill("#id_nik", nik)
    page.click("button[name=continue]")

    # Documents: the selfie input opens the front camera on a phone.
    expect(page.locator("#id_selfie")).to_have_attribute("capture", "user")
    page.set_input_files("#id_ktp_photo", str(ktp))
    page.set_input_files("#id_selfie", str(selfie))
    shot(page, "documents")
    fits(page)
    page.click("button[name=continue]")

    # Pickup: prefilled from the home address.
    expect(page.locator("#id_pickup_region_code")).to_have_value(village.code)
    page.fill("#id_pickup_street", "Jl. Merdeka 5")
    shot(page, "pickup")
    fits(page)
    page.click("button[name=continue]")

    page.select_option("#id_bank_code", "BRI")
    page.fill("#id_account_number", "0123 4567 8901")
    page.fill("#id_holder_name", "SARI DEWI")
    page.click("button[name=continue]")
    expect(page.locator("#holder-match")).to_be_visible()
    expect(page.locator("#bank-account")).to_contain_text("••••••••8901")
    shot(page, "bank-saved")
    fits(page)
    page.click("button[name=continue]")

    expect(page.locator("#missing-items")).to_have_count(0)
    assert nik not in page.content()
    shot(page, "review")
    fits(page)
    page.click("button[name=submit]")
    expect(page.locator("#application-status .badge")).to_have_class("badge badge--status-submitted")
    shot(page, "submitted")
    fits(page)

    page.goto(live_server.url + "/seller/")
    expect(page.locator(".shop-card")).to_have_count(1)
    shot(page, "centre-member")
    fits(page)
    organisation = SellerApplication.objects.get().organisation.public_id
    for path, name in ((f"/seller/shops/{organisation}/", "profile"), (f"/seller/shops/{organisation}/members/",
                       "members"), (f"/seller/shops/{organisation}/bank/", "payout"), ("/seller/my-data/", "my-data")):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shot(page, name)
        fits(page)
    assert SellerApplication.objects.get().status == "submitted"
    assert errors == []
    context.close()
