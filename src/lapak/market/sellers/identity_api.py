"""`/api/v1/identity/`: checks of identity numbers before they are submitted.

A NIK is personal data (UU 27/2022, COMPLIANCE ID-PDP-1): the check needs a signed-in caller, is rate-limited
per user so it cannot be used to probe numbers in bulk, and neither logs nor stores the number (its path is
exempt from idempotency storage, see settings.IDEMPOTENCY_EXEMPT_PATHS).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from lapak.core.errors import RateLimited
from lapak.core.ratelimit import rate_limit_hit
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.sellers.validation import nik_check

router = Router(tags=["identity"])

NIK_CHECKS_PER_MINUTE = 60


class NikCheckIn(StrictSchema):
    nik: str = Field(..., max_length=32, description="The 16-digit NIK; whitespace is ignored.")
    birth_date: date | None = Field(None, description="The date of birth the applicant declared.")
    sex: Literal["F", "M"] | None = Field(None, description="The sex the applicant declared.")


class IssueOut(Schema):
    part: str = Field(..., description="length, characters, province, date, serial or district.", examples=["date"])
    code: str = Field(..., examples=["nik_date"])
    message: str


class NikCheckOut(Schema):
    valid: bool
    province: str | None = Field(None, examples=["Jawa Barat"])
    regency: str | None = Field(None, examples=["Kota Depok"])
    district: str | None = Field(None, examples=["Pancoran Mas"])
    birth_date: date | None = Field(None, description="Decoded from the NIK.")
    sex: Literal["F", "M"] | None = Field(None, description="Decoded from the NIK (women add 40 to the day).")
    errors: list[IssueOut]
    warnings: list[IssueOut] = Field(..., description="For a reviewer; the NIK is still valid.")
    review_flags: list[str] = Field(
        None,
        description=(
            "Only when a birth date or sex was declared: `birth_date_mismatch`, `sex_mismatch` when the NIK "
            "says otherwise."
        ),
    )


@router.post(
    "/nik/check",
    response={200: NikCheckOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    exclude_unset=True,
    summary="Check a NIK",
    description=(
        "Checks the structure of a NIK (16 digits: region of first registration, date of birth, serial; no "
        "check digit) against the Kemendagri region lists, current and historical, and decodes it. An invalid "
        "NIK is still a 200 answer with `valid: false` and the errors, each naming the part that is wrong. "
        f"At most {NIK_CHECKS_PER_MINUTE} checks a minute per user. The NIK is neither logged nor stored."
    ),
)
def nik_check_endpoint(request: HttpRequest, payload: NikCheckIn) -> dict:
    if not rate_limit_hit(
        scope="nik-check", identity=request.auth.public_id, limit=NIK_CHECKS_PER_MINUTE, window_seconds=60
    ):
        raise RateLimited(_("Too many NIK checks. Try again in a minute."), code="rate_limited")
    result = nik_check(payload.nik, declared_birth_date=payload.birth_date, declared_sex=payload.sex)
    return result.as_api_dict()
