"""Read-only view of outbox events, with a "retry" action for dead ones."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lapak.core.outbox.models import OutboxEvent
from lapak.core.outbox.services import outbox_event_retry


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("public_id", "topic", "status", "attempts", "created_at", "available_at", "delivered_at")
    list_filter = ("status", "topic")
    search_fields = ("public_id", "topic", "dedupe_key")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "public_id", "topic", "status", "payload", "dedupe_key", "created_at", "available_at", "attempts",
        "delivered_at", "last_error",
    )
    readonly_fields = fields
    actions = ("retry_dead",)

    @admin.action(description=_("Retry the selected dead events"), permissions=["retry"])
    def retry_dead(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        retried = sum(outbox_event_retry(event=event) for event in queryset.filter(status=OutboxEvent.Status.DEAD))
        self.message_user(
            request,
            ngettext("%(count)d dead event queued again.", "%(count)d dead events queued again.", retried)
            % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("outbox.change_outboxevent")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxEvent | None = None) -> bool:
        return False
