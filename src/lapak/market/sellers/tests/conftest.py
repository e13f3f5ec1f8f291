"""Fixtures for the sellers tests: a small region tree, people in each role, and ready-made applications."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import translation
from PIL import Image

# Born 12 May 1990, a man, first registered in district 31.71.01 (Gambir); and a woman born the same day (day + 40).
NIK_MAN = "3171011205900001"
NIK_WOMAN = "3171015205900002"
BIRTH = date(1990, 5, 12)
VILLAGE = "31.71.01.1001"
POSTCODE = "10110"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English unless a test switches language itself."""
    with translation.override("en"):
        yield


@pytest.fixture
def region_tree(db):
    """Just enough of the Kemendagri tree for NIK checks and addresses (loading all 91,000 rows takes seconds).

    The rows are the real ones (Gambir, Jakarta Pusat), so the tests read the same whether or not another test
    module loaded the whole list into the session's database."""
    from lapak.regions.models import Region

    def make(code, level, kind, name, parent=None, postcode=""):
        region, _created = Region.objects.get_or_create(
            code=code,
            defaults={"digits": code.replace(".", ""), "level": level, "kind": kind, "name": name,
                      "parent": parent, "postcode": postcode},
        )
        return region

    province = make("31", 1, "provinsi", "Daerah Khusus Ibukota Jakarta")
    regency = make("31.71", 2, "kota_administrasi", "Kota Administrasi Jakarta Pusat", province)
    district = make("31.71.01", 3, "kecamatan", "Gambir", regency)
    village = make(VILLAGE, 4, "kelurahan", "Gambir", district, POSTCODE)
    make("32", 1, "provinsi", "Jawa Barat")
    return village


@pytest.fixture
def people(make_user):
    owner = make_user(email="owner@example.test")
    owner.full_name = "Budi Santoso"
    owner.save(update_fields=["full_name"])
    return SimpleNamespace(
        owner=owner,
        operator=make_user(email="operator@example.test", roles=["operator"]),
        operator2=make_user(email="operator2@example.test", roles=["operator"]),
        stranger=make_user(email="stranger@example.test"),
    )


def jpeg_bytes(size=(640, 480), color=(200, 120, 40), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format="JPEG", quality=90, **kwargs)
    return out.getvalue()


def png_bytes(size=(300, 200), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 200, 30, 128) if mode == "RGBA" else (10, 200, 30)).save(out, format="PNG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def build(region_tree, people):
    """Builders of applications in a given state, through the real services."""
    return Builder(people)


class Builder:
    def __init__(self, people):
        self.people = people
        self.count = 0

    def user(self, *, full_name="Budi Santoso", language="id"):
        from lapak.accounts.services import user_signup

        self.count += 1
        return user_signup(email=f"seller{self.count}@example.test", password="correct horse battery",
                           full_name=full_name, language=language)

    def consent(self, user):
        from lapak.market.sellers.rules import consent_policy_version
        from lapak.market.sellers.services import consent_grant

        consent_grant(user=user, purposes=["kyc_verification", "payout_processing", "fraud_prevention"],
                      policy_version=consent_policy_version())

    def individual(self, *, owner=None, nik=NIK_MAN, full_name="Budi Santoso", holder="BUDI SANTOSO",
                   account="1234567890", sex="M", birth=BIRTH, jurisdiction="ID", shop="Toko Budi"):
        """A complete individual (UMKM) application, still a draft."""
        from lapak.market.sellers.services import (
            application_draft_save,
            bank_account_set,
            document_upload,
            seller_apply,
        )

        owner = owner or self.people.owner
        self.consent(owner)
        application = seller_apply(actor=owner, seller_type="individual", shop_name=shop, jurisdiction=jurisdiction,
                                   umkm_class="micro")
        application = application_draft_save(application=application, actor=owner, data={
            "id_document_kind": "ktp", "full_name": full_name, "nik": nik, "birth_date": birth.isoformat(),
            "sex": sex, "phone": "0812-3456-7890", "address_line": "Jl. Moh. Kahfi II No. 5",
            "address_region_code": VILLAGE, "address_postcode": POSTCODE,
        })
        document_upload(application=application, actor=owner, kind="ktp_photo", data=jpeg_bytes())
        document_upload(application=application, actor=owner, kind="selfie", data=jpeg_bytes(color=(1, 2, 3)))
        bank_account_set(organisation=application.organisation, actor=owner, bank_code="BCA",
                         account_number=account, holder_name=holder)
        return application

    def business(self, *, owner=None, seller_type="business", jurisdiction="ID", nib="9120001234567",
                 npwp="01.312.166.0-091.000", responsible_nik=NIK_WOMAN):
        from lapak.market.sellers.services import (
            application_draft_save,
            bank_account_set,
            document_upload,
            seller_apply,
        )

        owner = owner or self.people.owner
        self.consent(owner)
        application = seller_apply(actor=owner, seller_type=seller_type, shop_name="PT Maju Jaya Store",
                                   jurisdiction=jurisdiction)
        application = application_draft_save(application=application, actor=owner, data={
            "company_name": "PT Maju Jaya", "nib": nib, "npwp": npwp, "responsible_person_name": "Siti Aminah",
            "responsible_nik": responsible_nik, "phone": "+6281234567890", "address_line": "Jl. Sudirman 1",
        })
        document_upload(application=application, actor=owner, kind="deed", data=PDF_BYTES)
        bank_account_set(organisation=application.organisation, actor=owner, bank_code="MANDIRI",
                         account_number="9876543210", holder_name="PT MAJU JAYA")
        return application

    def foreign(self, *, owner=None, skip=()):
        """A foreign merchant in Indonesia with every ID-XB-3 item except those named in `skip`."""
        from lapak.market.sellers.services import (
            application_draft_save,
            bank_account_set,
            document_upload,
            seller_apply,
        )

        owner = owner or self.people.owner
        self.consent(owner)
        application = seller_apply(actor=owner, seller_type="foreign", shop_name="Shenzhen Gadgets")
        data = {
            "company_name": "Shenzhen Gadgets Co. Ltd", "origin_address": "1 Nanshan Road, Shenzhen",
            "origin_country": "CN", "bahasa_descriptions_declared": True, "shipping_origin": "Shenzhen, CN",
            "phone": "081234567890",
        }
        application = application_draft_save(
            application=application, actor=owner, data={k: v for k, v in data.items() if k not in skip
                                                         and not (k == "bahasa_descriptions_declared"
                                                                  and "bahasa_descriptions" in skip)})
        for kind in ("business_licence", "standards_proof", "surveyor_report"):
            if kind not in skip:
                document_upload(application=application, actor=owner, kind=kind, data=PDF_BYTES)
        if "bank_account" not in skip:
            bank_account_set(organisation=application.organisation, actor=owner, bank_code="BOC",
                             account_number="6217000012345678", holder_name="SHENZHEN GADGETS CO LTD")
        return application

    def submitted(self, **kwargs):
        from lapak.market.sellers.services import application_submit

        application = self.individual(**kwargs)
        return application_submit(application=application, actor=kwargs.get("owner") or self.people.owner)

    def in_review(self, **kwargs):
        from lapak.market.sellers.services import application_review_start

        return application_review_start(application=self.submitted(**kwargs), actor=self.people.operator)

    def verified(self, **kwargs):
        from lapak.market.sellers.services import application_decide

        return application_decide(application=self.in_review(**kwargs), actor=self.people.operator,
                                  decision="verified")


@pytest.fixture
def racing_db(transactional_db):
    """Threads racing on a real database need a file-backed SQLite test database or PostgreSQL (an in-memory
    SQLite database answers a second writer with 'table is locked' instead of making it wait)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
