"""A shop's members: the owner and managers add people by e-mail; the owner changes roles; staff only look."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.organisation import MemberAddForm, MemberRoleForm
from lapak.market.sellers.models import MemberRole
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import member_role_of, members_of, organisation_for
from lapak.market.sellers.services import member_add, member_remove, member_role_change
from lapak.market.sellers.views.common import role_label, seller_page


@require_http_methods(["GET", "POST"])
@seller_page
def members(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    form = MemberAddForm(request.POST or None)
    status = 200
    if request.method == "POST":
        # The role is checked before the e-mail is looked up, so staff cannot probe which accounts exist.
        require_member(organisation, request.user, EDITORS)
        status = 422
        if form.is_valid():
            try:
                member_add(organisation=organisation, actor=request.user, user=form.user,
                           role=form.cleaned_data["role"])
            except ValidationFailed as exc:
                form.add_service_error(exc)
            except Conflict as exc:
                form.add_service_errors({"email": [exc.message]})
                status = 409
            else:
                messages.success(request, _("%(email)s is now a member of the shop.") % {
                    "email": form.cleaned_data["email"]})
                return redirect("sellers:members", organisation.public_id)
    role = member_role_of(organisation, request.user)
    rows = list(members_of(organisation=organisation, user=request.user))
    context = {"organisation": organisation, "role": role, "role_label": role_label(role), "members": rows,
               "form": form,
               "can_add": role in EDITORS, "is_owner": role == MemberRole.OWNER, "section": "members",
               "role_form": MemberRoleForm()}
    return render(request, "sellers/shop/members.html", context, status=status)


def _member(request: HttpRequest, organisation: object, member: str) -> object:
    membership = members_of(organisation=organisation, user=request.user).filter(user__public_id=member).first()
    if membership is None:
        raise Http404
    return membership.user


@require_POST
@seller_page
def member_role(request: HttpRequest, org: str, member: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    user = _member(request, organisation, member)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose manager or staff."))
    else:
        try:
            member_role_change(organisation=organisation, actor=request.user, user=user,
                               role=form.cleaned_data["role"])
        except (ValidationFailed, Conflict) as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The role is changed."))
    return redirect("sellers:members", organisation.public_id)


@require_POST
@seller_page
def member_remove_view(request: HttpRequest, org: str, member: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    user = _member(request, organisation, member)
    try:
        member_remove(organisation=organisation, actor=request.user, user=user)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("sellers:members", organisation.public_id)
    if user.pk == request.user.pk:
        messages.info(request, _("You have left the shop."))
        return redirect("sellers:centre")
    messages.success(request, _("The member is removed."))
    return redirect("sellers:members", organisation.public_id)
