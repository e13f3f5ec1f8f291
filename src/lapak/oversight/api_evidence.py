"""`/api/v1/oversight/audit/…`: the audit log's verifiable evidence for regulators (bearer token issued against a
second factor) and operators: signed tree heads, the public keys, inclusion and consistency proofs, and segment
exports for `tools/audit_verifier`. Every call is written to the audit log (`oversight.query`) before it is
answered, bad input included."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router

from lapak.core.errors import ValidationFailed
from lapak.core.schemas import ErrorOut
from lapak.oversight import evidence
from lapak.oversight.access import query_log, require_reader, scope_jurisdiction

router = Router(tags=["oversight"])
E = ErrorOut
_ALWAYS = {"jurisdiction", "lang"}


def evidence_query(request: HttpRequest, what: str, known: Iterable[str] = ()) -> str:
    """Check the reader, scope the jurisdiction, log the query with its raw parameters, then refuse unknown
    parameters. Returns the jurisdiction the reader reads."""
    require_reader(request)
    jurisdiction = scope_jurisdiction(request.auth, request.GET.get("jurisdiction"))
    params = {key: value[:100] for key, value in list(request.GET.items())[:20]}
    query_log(user=request.auth, jurisdiction=_loggable(jurisdiction), what=f"audit:{what}",
              params={"channel": "api", **params})
    evidence.check_jurisdiction(jurisdiction)
    unknown = sorted(set(request.GET) - _ALWAYS - set(known))
    if unknown:
        message = _("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}
        raise ValidationFailed(fields={"__all__": [message]})
    return jurisdiction


@router.get("/audit/heads", response={200: dict, 401: E, 403: E, 422: E},
            summary="Signed tree heads of the audit log, newest first")
def audit_heads(request: HttpRequest) -> dict[str, Any]:
    """`page` (from 1) and `page_size` (at most 500). Each head carries the exact 70-byte message its Ed25519
    signature covers (`signed_message`, hex)."""
    evidence_query(request, "heads", {"page", "page_size"})
    page, page_size = evidence.parse_page(request.GET)
    return evidence.tree_heads_page(page=page, page_size=page_size)


@router.get("/audit/heads/latest", response={200: dict, 401: E, 403: E, 404: E, 422: E},
            summary="The newest signed tree head (keep it: the verifier checks exports against heads you kept)")
def audit_head_latest(request: HttpRequest) -> dict[str, Any]:
    evidence_query(request, "head_latest")
    return evidence.tree_head_latest()


@router.get("/audit/keys", response={200: dict, 401: E, 403: E, 422: E},
            summary="The Ed25519 public keys that sign tree heads (pin them in the verifier)")
def audit_keys(request: HttpRequest) -> dict[str, Any]:
    evidence_query(request, "keys")
    return evidence.audit_keys()


@router.get("/audit/proofs/inclusion", response={200: dict, 401: E, 403: E, 404: E, 409: E, 422: E},
            summary="Proof that an event of your jurisdiction is in a signed tree")
def audit_inclusion_proof(request: HttpRequest) -> dict[str, Any]:
    """`event` (the event's public id), `size` (a signed head's tree size; the latest head by default). An
    event of another jurisdiction is 404, like an unknown one. An event whose data is withheld from you (see the
    segment) is proved by its leaf hash alone: `"event": null, "disclosed": false`."""
    jurisdiction = evidence_query(request, "inclusion", {"event", "size"})
    size = evidence.parse_size(request.GET.get("size"), field="size", required=False)
    event_id = (request.GET.get("event") or "").strip()
    if not event_id:
        raise ValidationFailed(fields={"event": [_("This field is required.")]})
    return evidence.event_inclusion_proof(event_id=event_id, tree_size=size, jurisdiction=jurisdiction,
                                          reader=request.auth)


@router.get("/audit/proofs/consistency", response={200: dict, 401: E, 403: E, 404: E, 422: E},
            summary="Proof that one signed tree is a prefix of a later one")
def audit_consistency_proof(request: HttpRequest) -> dict[str, Any]:
    evidence_query(request, "consistency", {"first", "second"})
    first, second = _sizes(request)
    return evidence.heads_consistency_proof(first=first, second=second)


@router.get("/audit/segment", response={200: dict, 401: E, 403: E, 404: E, 422: E},
            summary="Every leaf between two signed heads, for the offline verifier (downloads as a file)")
def audit_segment(request: HttpRequest) -> StreamingHttpResponse:
    """`first` and `second`: sizes of signed heads, first < second (`first` may be 0, the empty tree), at most
    200,000 leaves apart. Leaves carry their data only for platform-level events of your jurisdiction (rules,
    reference data, switches, portal queries), platform-wide ones (exchange rates, categories, key rotations) and
    events about a seller a legal request in force names to you; the others only their leaf hash and a `reason`
    (`other_jurisdiction`, `not_disclosed`)."""
    jurisdiction = evidence_query(request, "segment", {"first", "second"})
    first, second = _sizes(request)
    plan = evidence.segment_plan(first=first, second=second, jurisdiction=jurisdiction, reader=request.auth)
    return segment_response(plan)


def segment_response(plan: evidence.SegmentPlan) -> StreamingHttpResponse:
    response = StreamingHttpResponse(evidence.segment_chunks(plan), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    return response


def _sizes(request: HttpRequest) -> tuple[int, int]:
    errors: dict[str, list] = {}
    sizes = []
    for field in ("first", "second"):
        try:
            sizes.append(evidence.parse_size(request.GET.get(field), field=field))
        except ValidationFailed as exc:
            errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    return sizes[0], sizes[1]


def _loggable(jurisdiction: str) -> str:
    # The query is logged even when the jurisdiction named is malformed; the audit log takes only a valid code.
    return jurisdiction if evidence.jurisdiction_valid(jurisdiction) else ""
