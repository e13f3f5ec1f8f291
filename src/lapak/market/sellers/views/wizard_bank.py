"""The bank account step: where payouts go. Only the owner may set it; the number is shown back only masked.

After a save the page is shown again with the holder-name check's result (the name is compared with the
applicant's, or the company's), so the applicant sees at once whether an operator will have to look at it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import BankForm
from lapak.market.sellers.forms.banks import BANK_NAMES, OTHER, bank_name
from lapak.market.sellers.models import MemberRole, SellerApplication
from lapak.market.sellers.selectors import bank_account_current, member_role_of
from lapak.market.sellers.services import bank_account_set
from lapak.market.sellers.views.wizard_base import render_step, step_saved


def bank_initial(account: object | None) -> dict:
    if account is None:
        return {}
    known = account.bank_code in BANK_NAMES
    return {"bank_code": account.bank_code if known else OTHER, "bank_other": "" if known else account.bank_code,
            "holder_name": account.holder_name}


def bank_form_save(request: HttpRequest, form: BankForm, organisation: object, account: object | None) -> bool:
    """Set the account from a valid form; False (with errors on the form) when it was not saved.

    Nothing typed and an account held: nothing to change. The number is never shown back, so changing the bank
    or the holder means typing the number again."""
    data = form.cleaned_data
    if not data.get("account_number"):
        unchanged = account is not None and form.bank() == account.bank_code and (
            data.get("holder_name") or "") in ("", account.holder_name)
        if form.is_empty() or unchanged:
            return True
        form.add_error("account_number", _("Type the account number again to change the account.")
                       if account is not None else _("Enter the account number."))
        return False
    try:
        bank_account_set(organisation=organisation, actor=request.user, bank_code=form.bank(),
                         account_number=data["account_number"], holder_name=data.get("holder_name", ""))
    except ValidationFailed as exc:
        form.add_service_error(exc)
        return False
    except Conflict as exc:
        form.add_service_error(exc)
        return False
    return True


def bank_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    organisation = application.organisation
    account = bank_account_current(organisation=organisation, user=request.user)
    is_owner = member_role_of(organisation, request.user) == MemberRole.OWNER
    allow_other = organisation.seller_type == "foreign"
    if request.method != "POST":
        form = BankForm(initial=bank_initial(account), allow_other=allow_other)
        return _page(request, application, form, account, is_owner)
    form = BankForm(request.POST, allow_other=allow_other)
    typed = bool(request.POST.get("account_number"))
    if form.is_valid() and bank_form_save(request, form, organisation, account):
        if not typed:
            return step_saved(request, application, "bank")
        messages.success(request, _("The bank account is saved."))
        if "finish_later" in request.POST:
            return step_saved(request, application, "bank")
        return redirect("sellers:wizard", application.public_id, "bank")
    return _page(request, application, form, account, is_owner, status=422)


def _page(request: HttpRequest, application: SellerApplication, form: BankForm, account: object | None,
          is_owner: bool, status: int = 200) -> HttpResponse:
    if account is not None and account.number_masked:
        form.fields["account_number"].help_text = _(
            "Saved: %(masked)s. Leave this empty to keep it, or type a new number to replace it."
        ) % {"masked": account.number_masked}
    context = {"form": form, "account": account, "is_owner": is_owner,
               "bank_label": bank_name(account.bank_code) if account else ""}
    return render_step(request, application, "bank", context, status=status)
