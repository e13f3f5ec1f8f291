"""Read-only list of periodic-job claims: which job was enqueued for which slot."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lapak.core.tasks.models import PeriodicRun


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ("name", "slot_start", "enqueued_at", "task_result_id")
    list_filter = ("name",)
    date_hierarchy = "slot_start"
    ordering = ("-slot_start",)
    readonly_fields = ("name", "slot_start", "enqueued_at", "task_result_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PeriodicRun | None = None) -> bool:
        return False
