"""Certificates on a product (SNI, BPOM, halal): one per kind, format-checked, with an expiry date."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.certificates import certificate_number_error, certificate_number_normalise
from lapak.market.catalog.models import Certificate, CertificateKind, Product
from lapak.market.catalog.services.common import lock_editable, reindex, require_editor
from lapak.market.catalog.services.listing import listing_redecide


def certificate_set(*, product: Product, actor: object, kind: str, number: str, issuer: str = "",
                    expires_on: date | None = None) -> Certificate:
    """Add or replace the product's certificate of `kind`.

    Guarantees: the number is normalised and must match the kind's format (`catalog.certificates`); an expiry
    date, when given, is in the future; one certificate per kind; an active listing is asked about again.
    """
    require_editor(product, actor)
    errors: dict[str, list] = {}
    if kind not in CertificateKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose SNI, BPOM or halal.")]})
    value = certificate_number_normalise(kind, number or "")
    problem = certificate_number_error(kind, value)
    if problem:
        errors["number"] = [problem]
    if expires_on is not None and (not isinstance(expires_on, date) or expires_on <= timezone.localdate()):
        errors["expires_on"] = [_("This certificate has expired; enter a valid one.")]
    issuer = " ".join(str(issuer or "").split())
    if len(issuer) > 120:
        errors["issuer"] = [_("Enter at most 120 characters.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        locked = lock_editable(product)
        certificate, _created = Certificate.objects.update_or_create(
            product=locked, kind=kind, defaults={"number": value, "issuer": issuer, "expires_on": expires_on}
        )
        listing_redecide(product=locked, actor=actor, trigger="certificate_set")
        reindex(locked)
    return certificate


def certificate_remove(*, product: Product, actor: object, kind: str) -> None:
    """Remove the product's certificate of `kind`; an active listing is asked about again."""
    require_editor(product, actor)
    with transaction.atomic():
        locked = lock_editable(product)
        deleted, _rows = Certificate.objects.filter(product=locked, kind=kind).delete()
        if not deleted:
            raise NotFound(_("This product has no such certificate."), code="certificate_not_found")
        listing_redecide(product=locked, actor=actor, trigger="certificate_remove")
        reindex(locked)
