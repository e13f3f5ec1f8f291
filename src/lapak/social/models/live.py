"""Live shopping sessions: pinned products, the chat, viewer counts, the replay."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.social.models.creators import Creator
from lapak.social.models.snapshot import ProductSnapshot


class LiveSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")
        SUSPENDED = "suspended", _("Stopped by the rules")

    public_id = PublicIdField(prefix="liv")
    creator = models.ForeignKey(Creator, on_delete=models.PROTECT, related_name="lives")
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("description"), max_length=1000, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    stream_url = models.URLField(_("stream address"), max_length=500, blank=True, default="",
                                 help_text=_("HLS address given by the streaming service."))
    replay_url = models.URLField(_("replay address"), max_length=500, blank=True, default="")
    voucher_code = models.CharField(_("live voucher"), max_length=32, blank=True, default="",
                                    help_text=_("A marketplace voucher code for this live; the marketplace runs it."))
    campaign = models.CharField(_("campaign"), max_length=40, blank=True, default="")
    decision = models.CharField(_("compliance decision"), max_length=40, blank=True, default="")
    peak_viewers = models.PositiveIntegerField(_("most viewers at once"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        indexes = [models.Index(fields=["status", "scheduled_for"], name="social_live_status")]

    def __str__(self) -> str:
        return self.public_id


class LivePin(ProductSnapshot):
    """A product pinned during a live; unpinning closes the row, so the replay knows when each was shown."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="pins")
    pinned_at = models.DateTimeField(_("pinned at"))
    unpinned_at = models.DateTimeField(_("unpinned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pinned product")
        verbose_name_plural = _("pinned products")
        constraints = [models.UniqueConstraint(fields=["live", "product_id"], condition=models.Q(unpinned_at=None),
                                               name="social_pin_once_at_a_time")]


class ChatMessage(models.Model):
    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="chat")
    account = models.CharField(_("account"), max_length=40)
    author_name = models.CharField(_("author"), max_length=80)
    body = models.CharField(_("message"), max_length=300)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        indexes = [models.Index(fields=["live", "id"], name="social_chat_live")]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"
