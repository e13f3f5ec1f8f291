"""Small template helpers for the Lapak shell."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def lockout_minutes() -> int:
    """How long a locked-out login waits (AXES_COOLOFF_TIME), in whole minutes, at least one."""
    cooloff = settings.AXES_COOLOFF_TIME
    seconds = cooloff.total_seconds() if hasattr(cooloff, "total_seconds") else float(cooloff) * 3600
    return max(1, round(seconds / 60))


@register.simple_tag
def password_reset_days() -> int:
    """How long a password reset link stays valid (PASSWORD_RESET_TIMEOUT), in whole days, at least one."""
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))
