"""Demo sellers: `scale` × 20 shops across the provinces, in every state of verification, made by the real services.

Each seller is applied for, filled in, uploaded, consented, submitted, reviewed and decided through the same
service calls the pages and the API make, so the rows, history, audit events, compliance decisions and
outbox events are exactly what the application writes. Two things are demo-only, and said here:

- the identity data is generated (seller_data.py: valid-looking NIKs, NPWPs and NIBs nobody holds) and the
  photos are drawn placeholders marked "CONTOH / SAMPLE" (seller_images.py);
- the sellers' own timestamps are then moved back by the hours in the plan, so the operators' queue shows
  realistic ages (some past the 24 h and 72 h marks, one data-subject request overdue). The audit log is
  append-only and keeps the true time of seeding.

Idempotent: a seller is created in one transaction, keyed by its owner's e-mail; a second run with the same
scale and seed finds every owner and creates nothing. Needs the regions (`manage.py regions_load`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F

from lapak.accounts.models import Role, RoleGrant, User
from lapak.demo.seeders import seller_images
from lapak.demo.seeders.accounts import DEMO_DOMAIN, DEMO_PASSWORD, seed_demo_logins
from lapak.demo.seeders.base import SeedContext
from lapak.demo.seeders.seller_data import PLAN, Plan, SellerSpec, VillagePicker, seller_spec, seller_specs
from lapak.market.sellers import services
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.models import (
    ApplicationDocument,
    ApplicationTransition,
    BankAccount,
    ConsentRecord,
    DataRequestEvent,
    DataSubjectRequest,
    Membership,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.rules import CONSENT_PURPOSES, consent_policy_version
from lapak.market.sellers.vault import mask
from lapak.regions.models import Region, RegionLevel

# The fixed logins (README, demo_banner): two verified shops to sell from (an order from both splits in two),
# and a draft to finish. Both verified shops can be paid out: the owner sets the payout account and consents to
# payout processing, and the operator's verification of the case verifies that account (sellers' workflow), so
# a payout batch pays them (demo/tests/test_demo_money.py checks it).
DEMO_SELLER_LOGINS = [
    (f"penjual@{DEMO_DOMAIN}", "fixed:verified", Plan("individual", "verified", age_hours=24 * 30),
     "seller (verified)"),
    (f"penjual2@{DEMO_DOMAIN}", "fixed:verified2", Plan("individual", "verified", age_hours=24 * 60),
     "seller (2nd shop)"),
    (f"penjual.baru@{DEMO_DOMAIN}", "fixed:draft", Plan("individual", "draft", "partial", age_hours=3),
     "seller (draft)"),
]
OVERDUE_BY = timedelta(hours=80)  # the overdue data-subject request arrived this long ago (due after 72 h)


def seed(ctx: SeedContext) -> dict[str, object]:
    if not Region.objects.filter(level=RegionLevel.VILLAGE).exists():
        return {"skipped": "regions are not loaded (run manage.py regions_load first)"}
    operator = User.objects.filter(email=f"operator@{DEMO_DOMAIN}").first()
    if operator is None:
        seed_demo_logins()
        operator = User.objects.get(email=f"operator@{DEMO_DOMAIN}")
    villages = VillagePicker()
    specs = [seller_spec(seed=ctx.seed, key=key, plan=plan, villages=villages, email=email)
             for email, key, plan, _label in DEMO_SELLER_LOGINS]
    specs += seller_specs(seed=ctx.seed, scale=ctx.scale, villages=villages)
    existing = set(User.objects.filter(email__in=[s.email for s in specs]).values_list("email", flat=True))
    missing = [spec for spec in specs if spec.email not in existing]
    created, duplicates = 0, 0
    bar = ctx.progress(total=len(missing), desc="sellers")
    for spec in missing:
        try:
            with transaction.atomic():
                seller_create(spec, operator=operator, login=spec.key.startswith("fixed:"))
            created += 1
        except DuplicateIdentity:
            duplicates += 1  # a generated number another seed's seller already holds: leave this one out
        bar.update(1)
    bar.close()
    emails = [s.email for s in specs]
    by_state: dict[str, int] = {}
    for status in SellerApplication.objects.filter(applicant__email__in=emails).values_list("status", flat=True):
        by_state[status] = by_state.get(status, 0) + 1
    return {"sellers_created": created, "sellers_total": len(specs), "skipped_duplicates": duplicates,
            "applications_by_state": dict(sorted(by_state.items()))}


def seller_create(spec: SellerSpec, *, operator: User, login: bool = False) -> SellerApplication:
    """One seller, from sign-up to the state in its plan, then aged; raises if it ends anywhere else."""
    user = User.objects.create_user(spec.email, DEMO_PASSWORD if login else None, full_name=spec.owner.full_name,
                                    language="id")
    RoleGrant.objects.create(user=user, role=Role.BUYER)  # as sign-up does
    plan = spec.plan
    application = services.seller_apply(
        actor=user, seller_type=plan.seller_type, shop_name=spec.shop_name,
        declared_annual_sales=spec.extra.get("annual_sales"),
    )
    organisation = services.organisation_profile_update(
        organisation=application.organisation, actor=user,
        data={"pickup_region_code": spec.village_code, "pickup_street": spec.street,
              "description": f"{spec.shop_name}: produk lokal pilihan. (Data contoh untuk demo.)"},
    )
    if plan.twist == "partial":
        services.application_draft_save(application=application, actor=user,
                                        data={"full_name": spec.owner.full_name, "phone": spec.phone})
        _age(organisation, user, spec.extra["age_minutes"])
        return application
    services.consent_grant(user=user, purposes=list(CONSENT_PURPOSES), policy_version=consent_policy_version())
    _fill(application, user, spec)
    application = _advance(application, user, operator, plan)
    application.refresh_from_db()
    if application.status != plan.state:
        raise RuntimeError(f"demo seller {spec.key} ended {application.status}, planned {plan.state}")
    _age(organisation, user, spec.extra["age_minutes"])
    if plan.twist == "bank_change":  # today: the payouts hold and the new account waits for review
        services.bank_account_set(organisation=organisation, actor=user, bank_code=spec.bank_code,
                                  account_number=spec.extra["new_account_number"], holder_name=spec.holder_name)
    _data_requests(spec, user, application)
    return application


def _fill(application: SellerApplication, user: User, spec: SellerSpec) -> None:
    kind, owner = spec.plan.seller_type, spec.owner
    if kind == "individual":
        data = {"id_document_kind": "ktp", "full_name": owner.full_name, "nik": owner.nik,
                "birth_date": spec.declared_birth_date.isoformat(), "sex": owner.sex, "phone": spec.phone,
                "address_line": spec.street, "address_region_code": spec.village_code}
        if len(spec.village_postcode) == 5:
            data["address_postcode"] = spec.village_postcode
        documents = {
            "ktp_photo": seller_images.ktp_placeholder(name=owner.full_name, masked_number=mask("nik", owner.nik)),
            "selfie": seller_images.selfie_placeholder(name=owner.full_name),
        }
    elif kind == "foreign":
        data = {"company_name": spec.company_name, "origin_address": spec.extra["origin_address"],
                "origin_country": "CN", "shipping_origin": "Shenzhen, CN", "bahasa_descriptions_declared": True,
                "phone": spec.phone}
        # Pending documents (ID-XB-3): the licence is in, the standards proof and surveyor's report are not.
        documents = {"business_licence": seller_images.document_placeholder(title="Business licence",
                                                                            holder=spec.company_name)}
    else:
        data = {"company_name": spec.company_name, "nib": spec.nib, "npwp": spec.npwp,
                "responsible_person_name": owner.full_name, "responsible_nik": owner.nik, "phone": spec.phone,
                "address_line": spec.street}
        documents = {"deed": seller_images.document_placeholder(title="Akta Pendirian", holder=spec.company_name)}
    services.application_draft_save(application=application, actor=user, data=data)
    for document_kind, content in documents.items():
        services.document_upload(application=application, actor=user, kind=document_kind, data=content)
    services.bank_account_set(organisation=application.organisation, actor=user, bank_code=spec.bank_code,
                              account_number=spec.account_number, holder_name=spec.holder_name)


def _advance(application: SellerApplication, user: User, operator: User, plan: Plan) -> SellerApplication:
    if plan.state == "draft":
        return application
    application = services.application_submit(application=application, actor=user)
    if plan.state in ("submitted", "withdrawn") or plan.seller_type == "mlm":
        if plan.state == "withdrawn":
            return services.application_withdraw(application=application, actor=user)
        return application  # the MLM company was refused by the automatic checks
    application = services.application_review_start(application=application, actor=operator)
    decisions = {
        "verified": {"decision": "verified", "note": "Dokumen sesuai."},
        "rejected": {"decision": "rejected", "reason_codes": ["selfie_mismatch", "identity_mismatch"],
                     "note": "Swafoto tidak cocok dengan foto KTP."},
        "more_info_needed": {"decision": "more_info_needed", "reason_codes": ["document_unreadable"],
                             "note": "Foto KTP buram. Mohon unggah ulang foto yang jelas."},
    }
    if plan.state in decisions:
        application = services.application_decide(application=application, actor=operator,
                                                   **decisions[plan.state])
    return application


def _data_requests(spec: SellerSpec, user: User, application: SellerApplication) -> None:
    """A few data-subject requests, on fixed plan slots (so every scale unit has them)."""
    if not spec.key.isdigit():
        return
    slot = int(spec.key) % len(PLAN)
    if slot == 0:
        services.data_correction_request(user=user, application=application, changes={"phone": spec.extra[
            "new_phone"]}, note="Nomor HP saya sudah ganti.")
    elif slot == 1:
        services.consent_withdraw(user=user, purpose="fraud_prevention", note="Saya tidak setuju untuk tujuan ini.")
    elif slot == 3:
        services.data_export_request(user=user)
    elif slot == 10:
        services.data_deletion_request(user=user, note="Mohon hapus data saya.")
    elif slot == 11:
        request = services.data_deletion_request(user=user, note="Saya tidak jadi berjualan, hapus data saya.")
        _shift(DataSubjectRequest.objects.filter(pk=request.pk), OVERDUE_BY, "created_at", "due_at")
        _shift(DataRequestEvent.objects.filter(request=request), OVERDUE_BY, "created_at")


def _shift(rows: object, delta: timedelta, *fields: str) -> None:
    rows.update(**{name: F(name) - delta for name in fields})


def _age(organisation: SellerOrganisation, user: User, minutes: int) -> None:
    """Move this seller's own timestamps back by `minutes` (see the module docstring)."""
    delta = timedelta(minutes=minutes)
    _shift(User.objects.filter(pk=user.pk), delta, "date_joined")
    _shift(SellerOrganisation.objects.filter(pk=organisation.pk), delta, "created_at", "verified_at")
    _shift(Membership.objects.filter(organisation=organisation), delta, "added_at")
    _shift(SellerApplication.objects.filter(organisation=organisation), delta, "created_at", "submitted_at",
           "decided_at")
    _shift(ApplicationTransition.objects.filter(application__organisation=organisation), delta, "created_at",
           "notified_at")
    _shift(ApplicationDocument.objects.filter(application__organisation=organisation), delta, "uploaded_at")
    _shift(BankAccount.objects.filter(organisation=organisation), delta, "created_at", "status_changed_at")
    _shift(ConsentRecord.objects.filter(user=user), delta, "granted_at")
