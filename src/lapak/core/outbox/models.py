"""Outbox events: side effects written in the business transaction, delivered after it commits."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class OutboxEvent(models.Model):
    """One event for in-process handlers. Delivery is at least once: handlers must be idempotent.

    `available_at` is when the event is next due; while a worker delivers it, it is pushed a lease
    ahead so no other worker claims it, and after a failure it is pushed by the retry backoff.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        DEAD = "dead", _("Dead (gave up)")

    public_id = PublicIdField(prefix="evt")
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    payload = models.JSONField(_("payload"), default=dict)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    available_at = models.DateTimeField(_("available at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        indexes = [
            models.Index(
                fields=["available_at"], name="outbox_event_due", condition=models.Q(status="pending")
            ),
            models.Index(fields=["status", "created_at"], name="outbox_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.public_id}"
