"""Base schemas for the API: unknown fields are an error, not silently dropped, and text may not hold NUL."""

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, model_validator


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul_characters(cls, data: Any) -> Any:
        # PostgreSQL text cannot store NUL; refusing it here gives a 422 instead of a database error.
        if _has_nul(data):
            raise ValueError("Text may not contain NUL characters.")
        return data


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The one error shape: `{"error": {"code", "message", "fields"}}`."""

    error: ErrorDetail
