"""The rules console's actions, operators only: draft a version, try it (dry run), activate it, withdraw it.
A refusal comes back on the page beside the field (422) or above the buttons (409)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.compliance.access import console_page
from lapak.compliance.models import RuleVersion, VersionStatus
from lapak.compliance.reevaluation import rule_version_dry_run
from lapak.compliance.rule_services import rule_version_activate, rule_version_draft, rule_version_withdraw
from lapak.compliance.views_rules import rule_or_404, rule_page, versions_in_force
from lapak.compliance.views_rules_forms import VersionForm
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed


def _initial(rule: object) -> dict:
    current = versions_in_force(rule) or [v for v in rule.versions.all() if v.status == VersionStatus.ACTIVE]
    parameters = current[-1].parameters if current else {}
    return {"parameters": json.dumps(parameters, indent=2, ensure_ascii=False),
            "effective_from": timezone.localdate()}


@console_page(write=True)
@require_http_methods(["GET", "HEAD", "POST"])
def version_new(request: HttpRequest, rule_id: str) -> HttpResponse:
    rule = rule_or_404(request, rule_id)
    if request.method != "POST":
        return rule_page(request, rule, form=VersionForm(initial=_initial(rule)))
    form = VersionForm(request.POST)
    if not form.is_valid():
        return rule_page(request, rule, status=422, form=form)
    data = form.cleaned_data
    try:
        version = rule_version_draft(rule=rule, parameters=data["parameters"], effective_from=data["effective_from"],
                                     effective_until=data["effective_until"], note=data["note"], actor=request.user)
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except ValidationFailed as exc:
        form.add_service_error(exc)
        return rule_page(request, rule, status=422, form=form)
    messages.success(request, _("Version %(n)s is a draft: try it, then activate it.") % {"n": version.version})
    return redirect("compliance_ops:rule", rule.rule_id)


def _version(request: HttpRequest, rule_id: str, version: int) -> tuple:
    rule = rule_or_404(request, rule_id)
    found = RuleVersion.objects.filter(rule=rule, version=version).select_related("rule").first()
    if found is None:
        raise Http404(_("The rule has no such version."))
    return rule, found


def _act(request: HttpRequest, rule_id: str, version: int, action: object, done: str) -> HttpResponse:
    rule, found = _version(request, rule_id, version)
    try:
        result = action(version=found, actor=request.user)
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except (Conflict, ValidationFailed) as exc:
        details = [t for texts in exc.fields.values() for t in texts]
        return rule_page(request, rule_or_404(request, rule_id), status=exc.status,
                         error=" ".join([str(exc.message), *details]))
    if isinstance(result, list):  # a dry run: show its result (the first run; the others are listed there)
        return redirect("compliance_ops:reevaluation", result[0].public_id) if result else \
            redirect("compliance_ops:rule", rule.rule_id)
    messages.success(request, done % {"n": found.version})
    return redirect("compliance_ops:rule", rule.rule_id)


@console_page(write=True)
@require_POST
def version_dry_run(request: HttpRequest, rule_id: str, version: int) -> HttpResponse:
    return _act(request, rule_id, version, rule_version_dry_run, "")


@console_page(write=True)
@require_POST
def version_activate(request: HttpRequest, rule_id: str, version: int) -> HttpResponse:
    return _act(request, rule_id, version, rule_version_activate,
                _("Version %(n)s is active; listings and sellers are being re-evaluated."))


@console_page(write=True)
@require_POST
def version_withdraw(request: HttpRequest, rule_id: str, version: int) -> HttpResponse:
    return _act(request, rule_id, version, rule_version_withdraw, _("Version %(n)s is withdrawn."))
