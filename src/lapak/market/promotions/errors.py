"""Why a voucher does not apply: one error type, one stable code per reason."""

from __future__ import annotations

from django.utils.functional import Promise

from lapak.core.errors import ValidationFailed


class VoucherNotApplicable(ValidationFailed):
    """The voucher exists but gives nothing here; `code` says why (voucher_expired, voucher_exhausted, …) and the
    message is shown under the voucher code field (`fields["code"]`)."""

    code = "voucher_not_applicable"

    def __init__(self, message: str | Promise, *, code: str) -> None:
        super().__init__(message, code=code, fields={"code": [message]})

    @property
    def reason(self) -> str:
        return self.code
