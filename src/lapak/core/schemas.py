"""Base schemas for the API: unknown fields are an error, not silently dropped."""

from ninja import Schema
from pydantic import ConfigDict


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The one error shape: `{"error": {"code", "message", "fields"}}`."""

    error: ErrorDetail
