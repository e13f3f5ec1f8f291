"""`/api/v1/sellers/applications…`: start selling, fill in the application step by step, upload, submit.

Applications hold the applicant's personal data, so only the shop's owner and managers see or change them
(staff get 403); anyone outside the shop gets 404, as if the application did not exist.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Status, UploadedFile

from lapak.core.schemas import ErrorOut
from lapak.market.sellers.api_common import PageQuery, page_of, paginate, required_file
from lapak.market.sellers.api_schemas import (
    ApplicationOut,
    ApplyIn,
    DocumentOut,
    DraftIn,
    TransitionOut,
    application_out,
    document_out,
    transition_out,
)
from lapak.market.sellers.errors import UploadRefused
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.rules import upload_max_bytes
from lapak.market.sellers.selectors import application_for, application_history
from lapak.market.sellers.services import (
    application_draft_save,
    application_submit,
    application_withdraw,
    document_upload,
    seller_apply,
)

router = Router(tags=["sellers: applications"])

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


def _application(request: HttpRequest, application_id: str) -> SellerApplication:
    """The application, for its shop's owner or a manager: 404 outside the shop, 403 for staff."""
    application = application_for(user=request.auth, public_id=application_id)
    require_member(application.organisation, request.auth, EDITORS)
    return application


@router.post(
    "/applications",
    response={201: ApplicationOut, 400: E, 401: E, 403: E, 409: E, 422: E},
    summary="Start selling: a new shop with a draft application",
    description=(
        "Creates the seller organisation (you are its owner) and an empty draft application, in one step. "
        "Complete the draft with `PATCH`, upload the documents, then submit."
    ),
)
def application_create(request: HttpRequest, payload: ApplyIn) -> Status[dict]:
    application = seller_apply(actor=request.auth, **payload.model_dump())
    return Status(201, application_out(application))


@router.get("/applications/{application_id}", response={200: ApplicationOut, **READ_ERRORS},
            summary="Show an application (identity numbers masked)")
def application_detail(request: HttpRequest, application_id: str) -> dict:
    return application_out(_application(request, application_id))


@router.patch(
    "/applications/{application_id}",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Save part of an application (a draft step)",
    description=(
        "Send only the fields of this step. Each is checked for form at once (a malformed NIK, NPWP, phone "
        "number or region is refused naming the field, and nothing is saved); completeness is checked at "
        "submission. Only a draft, or an application waiting for more information, can change."
    ),
)
def application_update(request: HttpRequest, application_id: str, payload: DraftIn) -> dict:
    application = _application(request, application_id)
    saved = application_draft_save(application=application, actor=request.auth,
                                   data=payload.model_dump(exclude_unset=True))
    return application_out(saved)


@router.post(
    "/applications/{application_id}/documents/{kind}",
    response={200: DocumentOut, 413: E, **WRITE_ERRORS},
    summary="Upload a document or photo",
    description=(
        "Multipart, with the file in the field `file`. `kind`: ktp_photo, passport_photo, selfie (pictures "
        "only), deed, business_licence, standards_proof, surveyor_report (a PDF or a picture). Pictures are "
        "checked by their content, re-encoded without metadata (EXIF) and stored encrypted; a new upload of "
        "the same kind replaces the old one."
    ),
)
def document_create(request: HttpRequest, application_id: str, kind: str,
                    file: UploadedFile | None = File(None, description="The file.")) -> dict:  # noqa: B008
    application = _application(request, application_id)
    file = required_file(file)
    limit = upload_max_bytes()
    if file.size is not None and file.size > limit:  # refused before its bytes are read into memory
        message = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        raise UploadRefused(message, code="upload_too_large", fields={"file": [message]})
    try:
        document = document_upload(application=application, actor=request.auth, kind=kind, data=file.read())
    except UploadRefused as exc:
        # The service names the document kind; in this API the client's field is called "file".
        raise UploadRefused(exc.message, code=exc.code, fields={"file": list(exc.fields.get(kind, [exc.message]))}
                            ) from None
    return document_out(document)


@router.post(
    "/applications/{application_id}/submit",
    response={200: ApplicationOut, **WRITE_ERRORS},
    summary="Submit (or resubmit) an application for review",
    description=(
        "Runs the automatic checks. Missing data: 422 `application_incomplete` naming each field, and nothing "
        "changes. An identity number another seller holds: 409 `identity_already_registered`. A hard failure "
        "(e.g. an MLM company in Indonesia, an incomplete foreign merchant) is answered 200 with the "
        "application `rejected` and the reasons in its history."
    ),
)
def application_submit_endpoint(request: HttpRequest, application_id: str) -> dict:
    application = _application(request, application_id)
    return application_out(application_submit(application=application, actor=request.auth))


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationOut, **WRITE_ERRORS},
             summary="Withdraw an open application")
def application_withdraw_endpoint(request: HttpRequest, application_id: str) -> dict:
    application = _application(request, application_id)
    return application_out(application_withdraw(application=application, actor=request.auth))


@router.get(
    "/applications/{application_id}/history",
    response={200: page_of(TransitionOut), 422: E, **READ_ERRORS},
    summary="An application's history, oldest first, with the reasons given",
)
def application_history_endpoint(request: HttpRequest, application_id: str, page: Query[PageQuery]) -> dict:
    application = _application(request, application_id)
    return paginate(application_history(application=application), page, transition_out)
