"""The hand-off log: one row per genuine tap on a creator's product link (ID-SOC-2: cross-system flows are logged).

A click is what crosses from social to the marketplace, and nothing else does. Its nonce is unique, so a token
presented twice (replay, or two tabs at once) is recorded once. Cart lines and order lines point at the click
that brought the buyer (last click within `ATTRIBUTION_WINDOW_DAYS` wins).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class ClickSource(models.TextChoices):
    POST = "post", _("Post")
    LIVE = "live", _("Live")
    SHOWCASE = "showcase", _("Showcase")


class HandoffClick(models.Model):
    public_id = PublicIdField(prefix="hck")
    nonce = models.CharField(_("token nonce"), max_length=64, unique=True)
    creator = models.CharField(_("creator"), max_length=40, help_text=_("The creator's account public id (usr_…)."))
    source = models.CharField(_("source"), max_length=10, choices=ClickSource.choices)
    source_id = models.CharField(_("post, live or showcase"), max_length=40)
    campaign = models.CharField(_("campaign"), max_length=40, blank=True, default="")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    # Who clicked, as far as the marketplace knows: never sent to social.
    session_key = models.CharField(_("session"), max_length=40, blank=True, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("buyer"))
    token_issued_at = models.DateTimeField(_("link issued at"))
    clicked_at = models.DateTimeField(_("clicked at"))
    expires_at = models.DateTimeField(_("attribution ends at"))

    class Meta:
        verbose_name = _("hand-off click")
        verbose_name_plural = _("hand-off clicks")
        ordering = ["-clicked_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "product", "-clicked_at"], name="affiliates_click_user"),
            models.Index(fields=["creator", "clicked_at"], name="affiliates_click_creator"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("clicked_at")),
                                              name="affiliates_click_window")]

    def __str__(self) -> str:
        return self.public_id
