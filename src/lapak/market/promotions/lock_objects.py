"""The named locking querysets of promotions, so every caller locks in the same order: voucher, then redemption."""

from __future__ import annotations

from django.db.models import QuerySet

from lapak.market.promotions.models import Voucher, VoucherRedemption


def voucher_for_update(pk: int) -> QuerySet[Voucher]:
    return Voucher.objects.select_for_update(of=("self",)).filter(pk=pk)


def redemption_for_update(pk: int) -> QuerySet[VoucherRedemption]:
    return VoucherRedemption.objects.select_for_update(of=("self",)).filter(pk=pk)
