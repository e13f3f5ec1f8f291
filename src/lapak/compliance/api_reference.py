"""/api/v1/compliance/reference/…: the reference data the rules read (positive lists, KMK rates, certificate
requirements, holiday corrections).

Reads: operators, and regulators for their own jurisdictions (rates, which belong to no jurisdiction, for any
regulator). Writes: operators only. 401 without a valid token; 403 for anyone else. Every write checks all rows
first and writes all or none; a 422 names each bad row, e.g. `rows.3.hs_code` (JSON bodies count from 0, CSV
files as a spreadsheet does, the header being row 1). Imports take the CSV as the multipart field `file` or as
the request body (`text/csv`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Query, Router, Status, UploadedFile
from ninja.security import HttpBearer

from lapak.accounts.selectors import user_for_bearer_token
from lapak.compliance import reference_csv as imports
from lapak.compliance import reference_selectors as sel
from lapak.compliance.access import readable_jurisdictions, require_operator
from lapak.compliance.api_reference_schemas import (
    CertificateEndIn,
    CertificateOut,
    CertificatesIn,
    HolidayChangeOut,
    HolidayChangesIn,
    HolidayDayOut,
    HsImportQuery,
    HsVersionDetailOut,
    HsVersionIn,
    HsVersionOut,
    ImportedOut,
    RateOut,
    RatesIn,
)
from lapak.compliance.reference_services import (
    MAX_BYTES,
    CertificateRow,
    HolidayRow,
    HsEntryRow,
    RateRow,
    certificate_requirement_end,
    certificate_requirements_add,
    exchange_rates_add,
    holiday_change_remove,
    holiday_changes_add,
    hs_list_version_activate,
    hs_list_version_create,
)
from lapak.core.errors import PermissionDenied, ValidationFailed
from lapak.core.schemas import ErrorOut


class ReferenceCaller(HttpBearer):
    openapi_description = "A token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer lpk_…`."

    def authenticate(self, request: HttpRequest, token: str) -> object:
        return user_for_bearer_token(token)


router = Router(tags=["compliance"], auth=ReferenceCaller())
E = ErrorOut
READ = {401: E, 403: E, 422: E}
WRITE = {401: E, 403: E, 404: E, 409: E, 413: E, 422: E}
PREFIX = "reference/"


def _actor(request: HttpRequest) -> str:
    return request.auth.public_id


def _readable(request: HttpRequest, jurisdiction: str = "") -> list[str] | None:
    """The jurisdictions the caller may read, narrowed to `jurisdiction` when one is asked for."""
    allowed = readable_jurisdictions(request.auth)
    if allowed == []:
        raise PermissionDenied()
    if not jurisdiction:
        return allowed
    if allowed is not None and jurisdiction not in allowed:
        raise PermissionDenied()
    return [jurisdiction]


def _writer(request: HttpRequest) -> str:
    require_operator(request.auth)
    return _actor(request)


def _csv_body(request: HttpRequest, file: UploadedFile | None) -> bytes:
    if file is not None:
        data = file.read(MAX_BYTES + 1)
    elif request.content_type == "multipart/form-data":
        raise ValidationFailed(fields={"file": [imports.no_file_message()]})
    else:
        data = request.body
    return data


def _version_out(version: object, *, entries: bool = False) -> dict:
    out = {name: getattr(version, name) for name in ("jurisdiction", "label", "source", "status", "effective_from",
                                                    "effective_until", "created_by", "created_at")}
    out.update(id=version.public_id, entry_count=getattr(version, "entry_count", None) or version.entries.count())
    if entries:
        out["entries"] = [{"hs_code": e.hs_code, "description": e.description} for e in sel.hs_list_entries(version)]
    return out


def _rate_out(rate: object) -> dict:
    return {"id": rate.public_id, "currency": rate.currency, "idr_per_unit": f"{rate.idr_per_unit:.4f}",
            "valid_from": rate.valid_from, "valid_until": rate.valid_until, "source": rate.source}


def _certificate_out(req: object) -> dict:
    return {"id": req.public_id, **{name: getattr(req, name) for name in (
        "jurisdiction", "category_slug", "kind", "effective_from", "effective_until", "source")}}


# --- Positive lists ---------------------------------------------------------------------------------------


@router.get(PREFIX + "hs-lists", response={200: list[HsVersionOut], **READ},
            summary="Positive-list versions (ID-XB-2): drafts, in force and future; past ones on request")
def hs_lists(request: HttpRequest, jurisdiction: str = "", include_past: bool = False) -> list[dict]:
    rows = sel.hs_list_versions(jurisdictions=_readable(request, jurisdiction), include_past=include_past)
    return [_version_out(v) for v in rows]


@router.post(PREFIX + "hs-lists", response={201: HsVersionOut, **WRITE},
             summary="Create a draft positive-list version from rows (operators)")
def hs_list_create(request: HttpRequest, body: HsVersionIn) -> Status[dict]:
    actor = _writer(request)
    version = hs_list_version_create(
        jurisdiction=body.jurisdiction, label=body.label, source=body.source, effective_from=body.effective_from,
        effective_until=body.effective_until, actor=actor,
        entries=[HsEntryRow(row.hs_code, row.description, f"rows.{i}") for i, row in enumerate(body.rows)])
    return Status(201, _version_out(version))


@router.post(PREFIX + "hs-lists/import", response={201: HsVersionOut, **WRITE},
             summary="Create a draft positive-list version from a CSV (hs_code[,description][,source])")
def hs_list_import(request: HttpRequest, query: Query[HsImportQuery],
                   file: UploadedFile | None = File(None)) -> Status[dict]:  # noqa: B008
    actor = _writer(request)
    version = imports.hs_list_import(data=_csv_body(request, file), actor=actor, **query.dict())
    return Status(201, _version_out(version))


# After hs-lists/import: a public id takes any segment, so the fixed path must be matched first.
@router.get(PREFIX + "hs-lists/{public_id}", response={200: HsVersionDetailOut, 404: E, **READ},
            summary="One positive-list version with its codes")
def hs_list_detail(request: HttpRequest, public_id: str) -> dict:
    version = sel.hs_list_version(public_id=public_id, jurisdictions=_readable(request))
    return _version_out(version, entries=True)


@router.post(PREFIX + "hs-lists/{public_id}/activate", response={200: HsVersionOut, **WRITE},
             summary="Put a draft in force (409 when it overlaps another active version)")
def hs_list_activate(request: HttpRequest, public_id: str) -> dict:
    return _version_out(hs_list_version_activate(public_id=public_id, actor=_writer(request)))


# --- Exchange rates ---------------------------------------------------------------------------------------


@router.get(PREFIX + "rates", response={200: list[RateOut], **READ},
            summary="KMK weekly rates (rupiah per unit), current and future; past ones on request")
def rates(request: HttpRequest, currency: str = "", include_past: bool = False) -> list[dict]:
    _readable(request)
    return [_rate_out(r) for r in sel.exchange_rates(currency=currency[:3], include_past=include_past)]


@router.post(PREFIX + "rates", response={201: list[RateOut], **WRITE}, summary="Add KMK rates (operators)")
def rates_create(request: HttpRequest, body: RatesIn) -> Status[list[dict]]:
    actor = _writer(request)
    rows = [RateRow(r.currency, r.idr_per_unit, r.valid_from, r.valid_until, r.source, f"rows.{i}")
            for i, r in enumerate(body.rows)]
    return Status(201, [_rate_out(r) for r in exchange_rates_add(rows=rows, actor=actor)])


@router.post(PREFIX + "rates/import", response={201: ImportedOut, **WRITE},
             summary="Add KMK rates from a CSV (currency,idr_per_unit,valid_from,valid_until,source)")
def rates_import(request: HttpRequest, file: UploadedFile | None = File(None)) -> Status[dict]:  # noqa: B008
    actor = _writer(request)
    return Status(201, {"imported": len(imports.exchange_rates_import(data=_csv_body(request, file), actor=actor))})


# --- Certificate requirements -----------------------------------------------------------------------------


@router.get(PREFIX + "certificates", response={200: list[CertificateOut], **READ},
            summary="Certificate requirements per category (ID-PRD-1), current and future")
def certificates(request: HttpRequest, jurisdiction: str = "", include_past: bool = False) -> list[dict]:
    rows = sel.certificate_requirements(jurisdictions=_readable(request, jurisdiction), include_past=include_past)
    return [_certificate_out(r) for r in rows]


@router.post(PREFIX + "certificates", response={201: list[CertificateOut], **WRITE},
             summary="Add certificate requirements (operators)")
def certificates_create(request: HttpRequest, body: CertificatesIn) -> Status[list[dict]]:
    actor = _writer(request)
    rows = [CertificateRow(r.jurisdiction, r.category_slug, r.kind, r.effective_from, r.effective_until, r.source,
                           f"rows.{i}") for i, r in enumerate(body.rows)]
    return Status(201, [_certificate_out(r) for r in certificate_requirements_add(rows=rows, actor=actor)])


@router.post(PREFIX + "certificates/import", response={201: ImportedOut, **WRITE},
             summary="Add certificate requirements from a CSV (category_slug,kind,effective_from[,…])")
def certificates_import(request: HttpRequest, jurisdiction: str,
                        file: UploadedFile | None = File(None)) -> Status[dict]:  # noqa: B008
    actor = _writer(request)
    rows = imports.certificate_requirements_import(data=_csv_body(request, file), jurisdiction=jurisdiction[:2],
                                                   actor=actor)
    return Status(201, {"imported": len(rows)})


@router.post(PREFIX + "certificates/{public_id}/end", response={200: CertificateOut, **WRITE},
             summary="Set the last day a requirement is in force (operators)")
def certificate_end(request: HttpRequest, public_id: str, body: CertificateEndIn) -> dict:
    actor = _writer(request)
    return _certificate_out(certificate_requirement_end(public_id=public_id,
                                                        effective_until=body.effective_until, actor=actor))


# --- Holidays ---------------------------------------------------------------------------------------------


@router.get(PREFIX + "holidays", response={200: list[HolidayDayOut], **READ},
            summary="A year's public holidays as working-day deadlines count them (package and changes)")
def holidays(request: HttpRequest, jurisdiction: str, year: int) -> list[dict]:
    _readable(request, jurisdiction[:2])
    if not 2000 <= year <= 2100:
        raise ValidationFailed(fields={"year": [imports.year_message()]})
    return [{"day": d.day, "name": d.name, "origin": d.origin, "change_id": d.change and d.change.public_id}
            for d in sel.year_holidays(jurisdiction=jurisdiction[:2], year=year)]


@router.post(PREFIX + "holidays", response={201: list[HolidayChangeOut], **WRITE},
             summary="Add holiday changes: a collective leave day added, or a day removed (operators)")
def holidays_create(request: HttpRequest, body: HolidayChangesIn) -> Status[list[dict]]:
    actor = _writer(request)
    rows = [HolidayRow(r.jurisdiction, r.day, r.change == "add", r.name, r.source, f"rows.{i}")
            for i, r in enumerate(body.rows)]
    return Status(201, [{"id": c.public_id, "jurisdiction": c.jurisdiction, "day": c.day, "is_holiday": c.is_holiday,
                         "name": c.name, "source": c.source} for c in holiday_changes_add(rows=rows, actor=actor)])


@router.post(PREFIX + "holidays/import", response={201: ImportedOut, **WRITE},
             summary="Add holiday changes from a CSV (day,change,name[,source])")
def holidays_import(request: HttpRequest, jurisdiction: str,
                    file: UploadedFile | None = File(None)) -> Status[dict]:  # noqa: B008
    actor = _writer(request)
    rows = imports.holiday_changes_import(data=_csv_body(request, file), jurisdiction=jurisdiction[:2], actor=actor)
    return Status(201, {"imported": len(rows)})


@router.delete(PREFIX + "holidays/{public_id}", response={204: None, **WRITE},
               summary="Withdraw a holiday change: the day follows the package's calendar again (operators)")
def holiday_delete(request: HttpRequest, public_id: str) -> Status[None]:
    holiday_change_remove(public_id=public_id, actor=_writer(request))
    return Status(204, None)
