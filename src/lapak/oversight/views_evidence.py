"""The audit-evidence pages (/oversight/audit/): the latest signed tree head and the signing keys to keep, recent
heads, an inclusion proof for one event, a segment export between two heads, and how to check them offline with
`tools/audit_verifier`. Every view logs its query (`oversight.query`, channel "page") before answering."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from lapak.core.errors import LapakError, PermissionDenied
from lapak.oversight import evidence
from lapak.oversight.access import oversight_page, query_log, scope_jurisdiction
from lapak.oversight.disclosure import leaf_disclosure

HEADS_PER_PAGE = 20


class InclusionForm(forms.Form):
    event = forms.CharField(label=_("Event id"), max_length=64, help_text=_("The audit event's id, e.g. aud_01…"))
    size = forms.IntegerField(label=_("Tree size"), min_value=1, required=False,
                              help_text=_("A signed head's size; leave empty for the latest head."))


class SegmentForm(forms.Form):
    first = forms.IntegerField(label=_("From the head of size"), min_value=0,
                               help_text=_("The older head you kept (0: the beginning of the log)."))
    second = forms.IntegerField(label=_("To the head of size"), min_value=1, help_text=_("The newer head you kept."))


def _reader(request: HttpRequest, what: str) -> str:
    """The jurisdiction read, after logging the query with its raw parameters."""
    try:
        jurisdiction = scope_jurisdiction(request.user, request.GET.get("jurisdiction"))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from None
    except LapakError as exc:
        raise BadRequest(_first_message(exc)) from None
    params = {key: value[:100] for key, value in list(request.GET.items())[:20]}
    query_log(user=request.user, jurisdiction=_loggable(jurisdiction), what=f"audit:{what}",
              params={"channel": "page", **params})
    try:
        return evidence.check_jurisdiction(jurisdiction)
    except LapakError as exc:
        raise BadRequest(_first_message(exc)) from None


def _display(head: dict[str, Any]) -> dict[str, Any]:
    return {**head, "when": datetime.fromtimestamp(head["timestamp_ms"] / 1000, tz=UTC)}


def _home(request: HttpRequest, jurisdiction: str, *, status: int = 200, error: str = "",
          segment_form: SegmentForm | None = None) -> HttpResponse:
    try:
        page = evidence.parse_page({"page": request.GET.get("page", "")})[0]
    except LapakError:
        page = 1
    heads = evidence.tree_heads_page(page=page, page_size=HEADS_PER_PAGE)
    latest = _display(heads["heads"][0]) if page == 1 and heads["heads"] else None
    if latest is None and heads["count"]:
        latest = _display(evidence.tree_head_latest())
    sizes = [h["tree_size"] for h in evidence.tree_heads_page(page=1, page_size=2)["heads"]]
    initial = {"first": sizes[1] if len(sizes) > 1 else 0, "second": sizes[0]} if sizes else {}
    return render(request, "oversight/audit/home.html", {
        "jurisdiction": jurisdiction, "latest": latest,
        "keys": [_key_display(key) for key in evidence.audit_keys()["keys"]],
        "heads": [_display(h) for h in heads["heads"]], "heads_page": heads, "error": error,
        "inclusion_form": InclusionForm(initial={"size": latest["tree_size"] if latest else None}),
        "segment_form": segment_form or SegmentForm(initial=initial),
        "max_leaves": number_format(evidence.SEGMENT_MAX_LEAVES, force_grouping=True),
        "named_count": len(leaf_disclosure(reader=request.user, jurisdiction=jurisdiction).named_sellers),
    }, status=status)


def _key_display(key: dict[str, Any]) -> dict[str, Any]:
    parse = datetime.fromisoformat
    return {**key, "first_used_at": key["first_used_at"] and parse(key["first_used_at"]),
            "retired_at": key["retired_at"] and parse(key["retired_at"])}


def _download(doc: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@oversight_page
@require_safe
def audit_home(request: HttpRequest) -> HttpResponse:
    return _home(request, _reader(request, "page_home"))


@oversight_page
@require_safe
def audit_head_json(request: HttpRequest, size: int) -> HttpResponse:
    _reader(request, "page_head")
    try:
        head = evidence.tree_head_of_size(size)
    except LapakError as exc:
        raise Http404(str(exc.message)) from None
    return _download(head, f"lapak-audit-head-{size}.json")


@oversight_page
@require_safe
def audit_keys_json(request: HttpRequest) -> HttpResponse:
    _reader(request, "page_keys")
    return _download(evidence.audit_keys(), "lapak-audit-keys.json")


@oversight_page
@require_safe
def audit_inclusion(request: HttpRequest) -> HttpResponse:
    """The form, and once an event id is given, its proof (with a link to the same proof as a file)."""
    jurisdiction = _reader(request, "page_inclusion")
    form = InclusionForm(request.GET) if "event" in request.GET else InclusionForm()
    proof, status = _inclusion(request, form, jurisdiction)
    return render(request, "oversight/audit/inclusion.html",
                  {"form": form, "proof": proof, "jurisdiction": jurisdiction,
                   "head": _display(proof["tree_head"]) if proof else None}, status=status)


@oversight_page
@require_safe
def audit_inclusion_json(request: HttpRequest) -> HttpResponse:
    jurisdiction = _reader(request, "page_inclusion_file")
    form = InclusionForm(request.GET)
    proof, status = _inclusion(request, form, jurisdiction)
    if proof is None:
        return render(request, "oversight/audit/inclusion.html",
                      {"form": form, "proof": None, "jurisdiction": jurisdiction}, status=status)
    return _download(proof, f"lapak-audit-inclusion-{proof['event_id']}-{proof['tree_size']}.json")


def _inclusion(request: HttpRequest, form: InclusionForm, jurisdiction: str) -> tuple[dict[str, Any] | None, int]:
    if not form.is_bound:
        return None, 200
    if not form.is_valid():
        return None, 422
    try:
        return evidence.event_inclusion_proof(event_id=form.cleaned_data["event"], tree_size=form.cleaned_data["size"],
                                              jurisdiction=jurisdiction, reader=request.user), 200
    except LapakError as exc:
        form.add_error(None, str(exc.message))
        return None, exc.status


@oversight_page
@require_safe
def audit_consistency_json(request: HttpRequest) -> HttpResponse:
    jurisdiction = _reader(request, "page_consistency")
    form = SegmentForm(request.GET)
    if not form.is_valid():
        return _home(request, jurisdiction, status=422, error=str(_("Give two tree sizes.")))
    try:
        proof = evidence.heads_consistency_proof(first=form.cleaned_data["first"], second=form.cleaned_data["second"])
    except LapakError as exc:
        return _home(request, jurisdiction, status=exc.status, error=_first_message(exc))
    return _download(proof, f"lapak-audit-consistency-{proof['first_size']}-{proof['second_size']}.json")


@oversight_page
@require_safe
def audit_segment_json(request: HttpRequest) -> HttpResponse:
    """Every leaf between two heads as a file; withheld leaves (`disclosure.py`) carry only their hash and why."""
    jurisdiction = _reader(request, "page_segment")
    form = SegmentForm(request.GET)
    if not form.is_valid():
        return _home(request, jurisdiction, status=422, segment_form=form)
    try:
        plan = evidence.segment_plan(first=form.cleaned_data["first"], second=form.cleaned_data["second"],
                                     jurisdiction=jurisdiction, reader=request.user)
    except LapakError as exc:
        form.add_error(None, _first_message(exc))
        return _home(request, jurisdiction, status=exc.status, segment_form=form)
    response = StreamingHttpResponse(evidence.segment_chunks(plan), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    return response


def _first_message(exc: LapakError) -> str:
    for messages in exc.fields.values():
        if messages:
            return str(messages[0])
    return str(exc.message)


def _loggable(jurisdiction: str) -> str:
    # The query is logged even when the jurisdiction named is malformed; the audit log takes only a valid code.
    return jurisdiction if evidence.jurisdiction_valid(jurisdiction) else ""
