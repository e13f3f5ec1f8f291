"""/api/v1/compliance/switches — kill switches and pilots.

- `GET /switches?jurisdiction=ID`: every feature of the jurisdictions the caller may read, with its state now
  (operators: any; regulators: their own, 403 for another; anyone else 403).
- `PUT` or `POST /switches/{jurisdiction}/{feature}` {state, reason, pilot_sellers}: operators only. Bad input
  (unknown feature, a pilot without sellers, malformed organisation ids, no reason to suspend) is a 422 naming
  the fields; an unknown jurisdiction is a 404. The change is audited and in force for the next decision.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from lapak.compliance.access import readable_jurisdictions, require_operator
from lapak.compliance.models import Jurisdiction
from lapak.compliance.switch_services import compliance_switch_set
from lapak.compliance.switches import SwitchRow, switch_board
from lapak.core.errors import NotFound, PermissionDenied
from lapak.core.schemas import ErrorOut, StrictSchema

router = Router(tags=["compliance"])
E = ErrorOut


class SwitchIn(StrictSchema):
    state: str
    reason: str = ""
    pilot_sellers: list[str] = []


class SwitchOut(Schema):
    jurisdiction: str
    feature: str
    label: str
    state: str
    reason: str
    pilot_sellers: list[str]
    changed_by: str
    changed_at: datetime | None


class SwitchListOut(Schema):
    items: list[SwitchOut]


def switch_out(row: SwitchRow) -> dict:
    return {"jurisdiction": row.jurisdiction, "feature": row.feature, "label": row.label, "state": row.state,
            "reason": row.reason, "pilot_sellers": list(row.pilot_sellers), "changed_by": row.changed_by,
            "changed_at": row.changed_at}


def _jurisdictions(user: object, wanted: str) -> list[str]:
    readable = readable_jurisdictions(user)
    if readable == []:
        raise PermissionDenied(_("Only operators and regulators can read the switches."), code="forbidden")
    known = list(Jurisdiction.objects.order_by("code").values_list("code", flat=True))
    if wanted:
        if readable is not None and wanted not in readable:
            raise PermissionDenied(_("You can read the switches of your own jurisdiction only."), code="forbidden")
        if wanted not in known:
            raise NotFound(_("There is no such jurisdiction."), code="jurisdiction_not_found")
        return [wanted]
    return [code for code in known if readable is None or code in readable]


@router.get("/switches", response={200: SwitchListOut, 401: E, 403: E, 404: E}, summary="Kill switches and pilots",
            description="Every feature (live_shopping, cross_border, first_party, payment_method:<method>) of the "
                        "jurisdictions you may read, with its state (on, off, pilot), the reason, the pilot's "
                        "sellers, and who changed it when.")
def switches_list(request: HttpRequest, jurisdiction: str = "") -> dict:
    codes = _jurisdictions(request.auth, jurisdiction.strip().upper()[:2])
    return {"items": [switch_out(row) for code in codes for row in switch_board(jurisdiction=code)]}


def _set(request: HttpRequest, jurisdiction: str, feature: str, payload: SwitchIn) -> dict:
    require_operator(request.auth)
    if not Jurisdiction.objects.filter(code=jurisdiction).exists():
        raise NotFound(_("There is no such jurisdiction."), code="jurisdiction_not_found")
    compliance_switch_set(actor=request.auth.public_id, jurisdiction=jurisdiction, feature=feature,
                          state=payload.state, reason=payload.reason, pilot_sellers=payload.pilot_sellers)
    return switch_out(next(row for row in switch_board(jurisdiction=jurisdiction) if row.feature == feature))


_SET_DOC = ("Operators only. state: on, off or pilot; reason: required for off and pilot (shown to those "
            "affected); pilot_sellers: organisation ids (org_…), required for a pilot. Audited; in force at once.")


@router.put("/switches/{jurisdiction}/{feature}", response={200: SwitchOut, 401: E, 403: E, 404: E, 422: E},
            summary="Change a switch", description=_SET_DOC)
def switch_put(request: HttpRequest, jurisdiction: str, feature: str, payload: SwitchIn) -> dict:
    return _set(request, jurisdiction, feature, payload)


@router.post("/switches/{jurisdiction}/{feature}", response={200: SwitchOut, 401: E, 403: E, 404: E, 422: E},
             summary="Change a switch (POST)", description=_SET_DOC)
def switch_post(request: HttpRequest, jurisdiction: str, feature: str, payload: SwitchIn) -> dict:
    return _set(request, jurisdiction, feature, payload)
