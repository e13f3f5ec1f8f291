"""Named locking querysets, so every writer locks sellers' rows the same way (and in the same order:
application, then organisation, then bank accounts; never the reverse)."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from lapak.market.sellers.models import (
    BankAccount,
    ConsentRecord,
    DataSubjectRequest,
    SellerApplication,
    SellerOrganisation,
)


def _of_self() -> dict:
    # Lock only the named table's rows, not the rows select_related joins in.
    return {"of": ("self",)} if connection.features.has_select_for_update_of else {}


def application_for_update() -> QuerySet[SellerApplication]:
    return SellerApplication.objects.select_related("organisation").select_for_update(**_of_self())


def organisation_for_update() -> QuerySet[SellerOrganisation]:
    return SellerOrganisation.objects.select_for_update()


def bank_accounts_for_update() -> QuerySet[BankAccount]:
    return BankAccount.objects.select_for_update().order_by("pk")


def data_request_for_update() -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.select_related("subject").select_for_update(**_of_self())


def consent_records_for_update() -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.select_for_update().order_by("pk")
