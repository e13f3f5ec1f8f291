"""Seller applications (the KYC case), their documents, transition history and identity claims.

Identity numbers and documents are stored only as vault ciphertext (see `fields.identity_columns`); the
plaintext never reaches a column, a log line, `__str__` or an error message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.sellers.models.fields import identity_columns
from lapak.market.sellers.models.organisations import SellerOrganisation


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    MORE_INFO_NEEDED = "more_info_needed", _("More information needed")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = ("draft", "submitted", "in_review", "more_info_needed")
EDITABLE_STATUSES = ("draft", "more_info_needed")


class IdDocumentKind(models.TextChoices):
    KTP = "ktp", _("KTP (NIK)")
    PASSPORT = "passport", _("Indonesian passport")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class SellerApplication(models.Model):
    public_id = PublicIdField(prefix="kyc")
    organisation = models.ForeignKey(SellerOrganisation, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="seller_applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    # Individual (UMKM): the person, as declared.
    id_document_kind = models.CharField(_("identity document"), max_length=10, choices=IdDocumentKind.choices,
                                        blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True, default="")
    birth_date = models.DateField(_("birth date (declared)"), null=True, blank=True)
    sex = models.CharField(_("sex (declared)"), max_length=1, choices=Sex.choices, blank=True)
    nik_encrypted, nik_masked, nik_hash = identity_columns(_("NIK"))
    passport_encrypted, passport_masked, passport_hash = identity_columns(_("passport number"))

    # Contact (individuals and businesses alike).
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True, default="")
    address_line = models.CharField(_("address"), max_length=250, blank=True, default="")
    address_region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("address village"),
    )
    address_postcode = models.CharField(_("postcode"), max_length=5, blank=True, default="")

    # Registered business (also first-party and foreign merchants: their legal name).
    company_name = models.CharField(_("company name"), max_length=200, blank=True, default="")
    nib_encrypted, nib_masked, nib_hash = identity_columns(_("NIB"))
    npwp_encrypted, npwp_masked, npwp_hash = identity_columns(_("NPWP"))
    responsible_person_name = models.CharField(_("responsible person"), max_length=150, blank=True, default="")
    responsible_nik_encrypted, responsible_nik_masked, responsible_nik_hash = identity_columns(
        _("responsible person's NIK")
    )

    # Foreign merchant (ID-XB-3); the documents are ApplicationDocument rows.
    origin_country = models.CharField(_("origin country"), max_length=2, blank=True, default="")
    origin_address = models.CharField(_("address in the origin country"), max_length=300, blank=True, default="")
    shipping_origin = models.CharField(_("shipping origin"), max_length=200, blank=True, default="")
    bahasa_descriptions_declared_at = models.DateTimeField(
        _("declared product descriptions in Bahasa Indonesia at"), null=True, blank=True
    )

    bank_account = models.ForeignKey(
        "sellers.BankAccount", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The payout account reviewed with this application (set at submission)."),
    )
    review_flags = models.JSONField(_("review flags"), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    retain_until = models.DateField(_("kept until (retention)"), null=True, blank=True)

    class Meta:
        verbose_name = _("seller application")
        verbose_name_plural = _("seller applications")
        indexes = [models.Index(fields=["status", "submitted_at"], name="sellers_app_queue")]
        constraints = [
            # One open case per organisation: a second draft could race the first through review.
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status__in=OPEN_STATUSES), name="sellers_app_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"


class DocumentKind(models.TextChoices):
    KTP_PHOTO = "ktp_photo", _("KTP photo")
    PASSPORT_PHOTO = "passport_photo", _("Passport photo page")
    SELFIE = "selfie", _("Selfie")
    DEED = "deed", _("Deed or registration document")
    BUSINESS_LICENCE = "business_licence", _("Legalised business licence")
    STANDARDS_PROOF = "standards_proof", _("Proof of standards compliance")
    SURVEYOR_REPORT = "surveyor_report", _("Independent surveyor's report")


PHOTO_KINDS = ("ktp_photo", "passport_photo", "selfie")  # images only: identity and biometric data


class ApplicationDocument(models.Model):
    public_id = PublicIdField(prefix="doc")
    application = models.ForeignKey(SellerApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    content_type = models.CharField(_("content type"), max_length=30)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    content_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="sellers_doc_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"


class ApplicationTransition(models.Model):
    """One step of an application's history: who moved it from where to where, and why (both languages)."""

    application = models.ForeignKey(SellerApplication, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, help_text=_("A user's public id or 'system'."))
    actor_kind = models.CharField(max_length=10)
    reasons = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, default="")
    decision_id = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application transition")
        verbose_name_plural = _("application transitions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class IdentityClaim(models.Model):
    """The seller organisation an identity number backs. The unique constraint is what makes it 'one'."""

    kind = models.CharField(max_length=20)
    lookup_hash = models.CharField(max_length=64)
    organisation = models.ForeignKey(SellerOrganisation, on_delete=models.CASCADE, related_name="identity_claims")
    application = models.ForeignKey(
        SellerApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="identity_claims"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity claim")
        verbose_name_plural = _("identity claims")
        constraints = [models.UniqueConstraint(fields=["kind", "lookup_hash"], name="sellers_claim_unique")]

    def __str__(self) -> str:
        return f"{self.kind} claim of {self.organisation_id}"
