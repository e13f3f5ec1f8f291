"""Forms of the application wizard's non-identity steps: start, shop basics, consent, documents, bank account.

Every field is optional: a step saves a draft, and completeness is judged at submission (the services say
what is missing). The forms check shape only; the services decide.
"""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.forms.banks import OTHER, bank_choices
from lapak.market.sellers.forms.base import ServiceErrorsForm
from lapak.market.sellers.models import PHOTO_KINDS, ConsentPurpose, DocumentKind, SellerType, UmkmClass
from lapak.market.sellers.rules import CONSENT_PURPOSES, REQUIRED_CONSENT_PURPOSES, umkm_thresholds

# The three ways in the seller centre offers; first-party shops are the platform's, MLM is refused (ID-SEL-5).
APPLY_TYPES = (SellerType.INDIVIDUAL, SellerType.BUSINESS, SellerType.FOREIGN)
JURISDICTIONS = (("ID", _("Indonesia")), ("GB", _("United Kingdom")))


def _umkm_help() -> str:
    t = umkm_thresholds()
    billion = 1_000_000_000
    return str(_("By yearly sales (%(source)s): micro up to Rp%(micro)s billion, small up to Rp%(small)s billion, "
                 "medium up to Rp%(medium)s billion, large above that.") % {
        "source": t.source, "micro": t.micro_max // billion, "small": t.small_max // billion,
        "medium": t.medium_max // billion})


def _shop_name() -> forms.CharField:
    return forms.CharField(label=_("Shop name"), max_length=80, required=False,
                           help_text=_("Buyers see this name. You can change it later."),
                           widget=forms.TextInput(attrs={"autocomplete": "organization"}))


def _umkm_class() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("UMKM class"), required=False,
                             choices=[("", _("Choose the class")), *list(UmkmClass.choices)],
                             help_text=lazy(_umkm_help, str)())


class StartForm(ServiceErrorsForm):
    seller_type = forms.ChoiceField(label=_("How do you sell?"), widget=forms.RadioSelect,
                                    choices=[(t.value, t.label) for t in APPLY_TYPES])
    shop_name = _shop_name()
    jurisdiction = forms.ChoiceField(label=_("Where do you sell?"), choices=JURISDICTIONS, initial="ID")
    umkm_class = _umkm_class()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop_name"].required = True
        self.fields["shop_name"].error_messages["required"] = _("Enter the shop's name.")


class ShopForm(ServiceErrorsForm):
    shop_name = _shop_name()
    umkm_class = _umkm_class()


CONSENT_EXPLANATIONS = {
    "kyc_verification": _(
        "We use your name, identity number (NIK or passport), birth date, sex, address, the photo of your "
        "identity document and your selfie to check that you are who you say you are, as the law requires of "
        "every seller. Identity numbers and photos are stored encrypted; our staff see numbers masked, and every "
        "look at them is logged. Kept while you sell and for 5 years after, as trade records."
    ),
    "payout_processing": _(
        "We use your bank, account number and the account holder's name to pay your sales out to you, and to "
        "check that the account belongs to you. Kept for 10 years after the last payout, as financial records."
    ),
    "fraud_prevention": _(
        "We may compare your identity and payout details with other sellers' to find signs of fraud, such as "
        "one bank account used by many shops. Optional: your application does not depend on it."
    ),
}


class ConsentForm(ServiceErrorsForm):
    """One explicit checkbox per purpose, never ticked in advance; purposes already agreed to are not asked."""

    policy_version = forms.CharField(widget=forms.HiddenInput)
    service_field_map = {"purposes": "__all__", "policy_version": "__all__"}

    def __init__(self, *args: object, granted: set[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.open_purposes = [p for p in CONSENT_PURPOSES if p not in granted]
        labels = dict(ConsentPurpose.choices)
        for purpose in self.open_purposes:
            need = _("required to apply") if purpose in REQUIRED_CONSENT_PURPOSES else _("optional")
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=format_lazy("{} ({})", labels[purpose], need), required=False,
                help_text=CONSENT_EXPLANATIONS[purpose],
            )

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{purpose}"] for purpose in self.open_purposes]

    def purposes(self) -> list[str]:
        return [p for p in self.open_purposes if self.cleaned_data.get(f"consent_{p}")]

    def require(self, granted: set[str]) -> bool:
        """Mark each required purpose neither agreed to before nor now; True when none is missing."""
        chosen = set(self.purposes()) | granted
        for purpose in REQUIRED_CONSENT_PURPOSES:
            if purpose not in chosen:
                self.add_error(f"consent_{purpose}", _("You need to agree to this to apply as a seller."))
        return not self.errors


ACCEPT_PHOTO = "image/jpeg,image/png,image/webp,image/*"
ACCEPT_DOCUMENT = "image/jpeg,image/png,image/webp,image/*,application/pdf"
DOCUMENT_HELP = {
    "ktp_photo": _("A clear photo of the front of your KTP, all four corners visible."),
    "passport_photo": _("A clear photo of your passport's photo page."),
    "selfie": _("A photo of your face, looking at the camera, holding your KTP or passport beside it."),
    "deed": _("The deed of establishment (akta pendirian) or the NIB registration page, as PDF or a photo."),
    "business_licence": _("Your business licence from the origin country, legalised (PDF or photo)."),
    "standards_proof": _("Proof that your products meet the applicable standards (PDF or photo)."),
    "surveyor_report": _("The report of an independent surveyor (PDF or photo)."),
}


class DocumentsForm(ServiceErrorsForm):
    """One file input per document the seller type needs. Photos only where the law treats them as biometric."""

    def __init__(self, *args: object, kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DocumentKind.choices)
        for kind in kinds:
            attrs = {"accept": ACCEPT_PHOTO if kind in PHOTO_KINDS else ACCEPT_DOCUMENT}
            if kind == "selfie":
                attrs["capture"] = "user"  # phones open the front camera
            self.fields[kind] = forms.FileField(label=labels[kind], required=False, help_text=DOCUMENT_HELP[kind],
                                                widget=forms.FileInput(attrs=attrs))


class BankForm(ServiceErrorsForm):
    bank_code = forms.ChoiceField(label=_("Bank"), required=False)
    bank_other = forms.CharField(label=_("Bank name or SWIFT code (another bank)"), max_length=20, required=False)
    account_number = forms.CharField(
        label=_("Account number"), max_length=34, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder_name = forms.CharField(
        label=_("Account holder's name"), max_length=150, required=False,
        help_text=_("As the bank shows it. It should match your name, or your company's."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: object, allow_other: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank_code"].choices = bank_choices(allow_other=allow_other)
        if not allow_other:
            del self.fields["bank_other"]

    def bank(self) -> str:
        code = self.cleaned_data.get("bank_code", "")
        return self.cleaned_data.get("bank_other", "") if code == OTHER else code

    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in ("bank_code", "account_number", "holder_name"))
