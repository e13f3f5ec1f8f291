"""Forms of the operators' review desk. They check shape and show errors next to fields; the services decide."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.models import ApplicationStatus, SellerType
from lapak.market.sellers.reasons import CATALOGUE, OPERATOR_REASON_CODES
from lapak.market.sellers.services.reveal import REVEALABLE_FIELDS

NOTE_MAX = 2000
REASON_MAX = 500

# Review flags the automatic checks raise, as the queue filter names them.
FLAG_CHOICES = [
    ("birth_date_mismatch", _("Birth date differs from the NIK")),
    ("sex_mismatch", _("Sex differs from the NIK")),
    ("nik_district_unknown", _("Unknown district in the NIK")),
    ("nik_region_historical", _("NIK from before a region split")),
    ("bank_holder_mismatch", _("Account holder does not match")),
    ("bank_account_shared", _("Bank account shared with another shop")),
    ("responsible_person_is_other_seller", _("Responsible person is another seller")),
    ("first_party_in_id", _("First-party seller in Indonesia")),
]
WAITING = ""  # the queue's default: submitted, in review and more information needed


class DeskForm(forms.Form):
    """Several desk forms share a page: each gets its own element ids (the field names stay the same)."""

    id_prefix = "desk"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def _reason_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=REASON_MAX, help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Say why you need to see this.")},
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[(WAITING, _("Waiting for operators")), *ApplicationStatus.choices],
    )
    flag = forms.ChoiceField(label=_("Review flag"), required=False, choices=[("", _("Any")), *FLAG_CHOICES])
    seller_type = forms.ChoiceField(label=_("Seller type"), required=False,
                                    choices=[("", _("Any")), *SellerType.choices])
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False,
                             choices=[("oldest", _("Oldest submission first")), ("newest", _("Newest first"))])

    def __init__(self, *args: Any, jurisdictions: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", _("Any")), *((code, code) for code in sorted(jurisdictions))]

    def filters(self) -> dict[str, str]:
        """The valid filters given (an invalid one is ignored, and shown as an error)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


class RevealForm(DeskForm):
    id_prefix = "reveal"
    field = forms.ChoiceField(widget=forms.HiddenInput, choices=[(name, name) for name in REVEALABLE_FIELDS])
    reason = _reason_field(_("Why do you need the full number?"),
                           _("Recorded in the audit log with your name, e.g. “digit 9 on the KTP photo is unclear”."))


class DocumentsOpenForm(DeskForm):
    id_prefix = "documents"
    reason = _reason_field(_("Why do you need to see the identity photos and documents?"),
                           _("Recorded in the audit log with your name; every file shown is logged as well."))


def _reason_choices(language: str) -> list[tuple[str, str]]:
    return [(code, CATALOGUE[code].message(language)) for code in OPERATOR_REASON_CODES]


class DecisionForm(DeskForm):
    """One of the three decisions. `expected_status` is the state the operator saw, so a lost race is told
    apart from a step that was never allowed."""

    decision = forms.ChoiceField(widget=forms.HiddenInput, choices=[
        (ApplicationStatus.VERIFIED, ApplicationStatus.VERIFIED.label),
        (ApplicationStatus.REJECTED, ApplicationStatus.REJECTED.label),
        (ApplicationStatus.MORE_INFO_NEEDED, ApplicationStatus.MORE_INFO_NEEDED.label),
    ])
    expected_status = forms.ChoiceField(widget=forms.HiddenInput, choices=ApplicationStatus.choices, required=False)
    reason_codes = forms.MultipleChoiceField(label=_("Reasons"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, language: str = "id", **kwargs: Any) -> None:
        data = args[0] if args else kwargs.get("data")
        decision = (data or {}).get("decision") or (kwargs.get("initial") or {}).get("decision")
        self.id_prefix = decision if decision in dict(self.base_fields["decision"].choices) else "decision"
        super().__init__(*args, **kwargs)
        self.fields["reason_codes"].choices = _reason_choices(language)
        if decision == ApplicationStatus.MORE_INFO_NEEDED:
            self.fields["note"].label = _("What is needed")
            self.fields["note"].help_text = _("The applicant reads this in the e-mail asking for more information.")
        elif decision == ApplicationStatus.REJECTED:
            self.fields["note"].help_text = _("Required when you choose “another reason”. The applicant reads it.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (ApplicationStatus.REJECTED, ApplicationStatus.MORE_INFO_NEEDED) and not cleaned.get(
                "reason_codes"):
            self.add_error("reason_codes", _("Give at least one reason."))
        if decision == ApplicationStatus.MORE_INFO_NEEDED and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say what the applicant must send or change."))
        return cleaned


class NoteForm(DeskForm):
    id_prefix = "note"
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(DeskForm):
    id_prefix = "refuse"
    note = forms.CharField(label=_("Why is the request refused?"), max_length=NOTE_MAX,
                           help_text=_("The person who asked reads this answer."),
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Say why the request is refused.")})


class CorrectionDecideForm(DeskForm):
    id_prefix = "correction"
    decision = forms.ChoiceField(widget=forms.HiddenInput, choices=[("accept", "accept"), ("refuse", "refuse")])
    note = forms.CharField(label=_("Answer to the person"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say why the correction is refused."))
        return cleaned


class ProposalShowForm(DeskForm):
    id_prefix = "proposal"
    reason = _reason_field(_("Why do you need to see the proposed values?"),
                           _("They may be identity numbers; the read is recorded with your reason."))


class DeletionExecuteForm(DeskForm):
    id_prefix = "deletion"
    confirm = forms.BooleanField(
        label=_("I have checked the list: erase what may be erased and keep the rest for its retention period."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class BankReviewForm(DeskForm):
    id_prefix = "bank"
    decision = forms.ChoiceField(widget=forms.HiddenInput, choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(label=_("Note (for the record)"), required=False, max_length=REASON_MAX,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


def add_service_errors(form: forms.Form, fields: Mapping[str, Iterable[Any]], fallback: str | None = None) -> None:
    """Show a service's field errors on the form (next to the field when the form has it)."""
    for name, messages in (fields or {}).items():
        target = name if name in form.fields else fallback
        for message in messages:
            form.add_error(target, str(message))
