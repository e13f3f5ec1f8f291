"""What social shows of a marketplace product: a copy read from the public catalogue API, refreshed now and then."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductSnapshot(models.Model):
    product_id = models.CharField(_("product"), max_length=40, help_text=_("The marketplace product's public id."))
    title = models.CharField(_("title"), max_length=200)
    price_min = models.PositiveBigIntegerField(_("lowest price"), help_text=_("Whole rupiah."))
    price_max = models.PositiveBigIntegerField(_("highest price"))
    image_url = models.CharField(_("picture"), max_length=500, blank=True, default="")
    seller_id = models.CharField(_("seller"), max_length=40, help_text=_("The selling organisation's public id."))
    seller_name = models.CharField(_("seller name"), max_length=200, blank=True, default="")
    available = models.BooleanField(_("on sale"), default=True,
                                    help_text=_("False once the catalogue stops showing the product."))
    refreshed_at = models.DateTimeField(_("read from the catalogue at"))

    class Meta:
        abstract = True
