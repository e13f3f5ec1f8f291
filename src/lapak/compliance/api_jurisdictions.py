"""/api/v1/compliance/jurisdictions — the markets Lapak runs, with their currency and default language."""

from __future__ import annotations

from ninja import Field, Router, Schema

from lapak.compliance.models import Jurisdiction

router = Router(tags=["compliance"])


class JurisdictionOut(Schema):
    code: str = Field(..., description="ISO 3166-1 alpha-2, e.g. ID, GB.")
    name_id: str
    name_en: str
    currency: str = Field(..., description="ISO 4217 code of the market's currency.")
    language: str = Field(..., description="The default language of the market's pages.")
    time_zone: str
    summary_id: str
    summary_en: str


@router.get("/jurisdictions", response=list[JurisdictionOut], auth=None, summary="The jurisdictions and their packs")
def jurisdictions(request: object) -> list[Jurisdiction]:
    """Public: which markets the platform runs and under which summary of rules (no personal data)."""
    return list(Jurisdiction.objects.order_by("code"))
