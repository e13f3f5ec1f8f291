"""Background tasks of the catalogue."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.catalog.models import Certificate, SearchDocument
from lapak.market.catalog.search import search_documents_refresh
from lapak.market.catalog.services.certificate_expiry import listings_redecide_expired_certificates


@periodic(every=timedelta(hours=1), name="catalog.search_expired_certificates")
@task()
def search_expired_certificates_task() -> dict:
    """Takes the halal badge off listings whose halal certificate expired since the row was written."""
    expired = Certificate.objects.filter(kind="halal", expires_on__lt=timezone.localdate()).values("product_id")
    stale = list(SearchDocument.objects.filter(halal=True, product_id__in=expired).values_list("pk", flat=True))
    search_documents_refresh(product_ids=stale)
    return {"refreshed": len(stale)}


@periodic(every=timedelta(hours=1), name="catalog.expired_certificates_redecide")
@task()
def expired_certificates_redecide_task() -> dict:
    """Asks the rules again about live listings whose certificate has expired (ID-PRD-1/2)."""
    return {"redecided": listings_redecide_expired_certificates()}
