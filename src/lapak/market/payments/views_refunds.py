"""The buyer's bank account for a refund that cannot go back the way it was paid (a virtual account, cash on
delivery): a small form on the order page posts here. Another buyer's refund is a 404, like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.core.errors import LapakError, ValidationFailed
from lapak.market.payments.selectors import refund_of_buyer
from lapak.market.payments.services.refunds_bank import refund_bank_account_give


@login_required
@require_POST
def refund_bank_account(request: HttpRequest, refund_id: str) -> HttpResponse:
    refund = refund_of_buyer(buyer=request.user, public_id=refund_id)
    if refund is None:
        raise Http404(_("There is no such refund."))
    try:
        refund_bank_account_give(refund_request=refund, buyer=request.user,
                                 bank_code=request.POST.get("bank_code", "")[:40],
                                 account_number=request.POST.get("account_number", "")[:60],
                                 holder_name=request.POST.get("holder_name", "")[:200])
    except ValidationFailed as exc:
        for texts in (exc.fields or {}).values():
            for text in texts:
                messages.error(request, str(text))
    except LapakError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Thank you. Lapak will transfer the refund to this account."))
    return redirect(f"{redirect('orders:detail', public_id=refund.order.public_id).url}#refund-{refund.public_id}")
