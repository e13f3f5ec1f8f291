"""Prints where the demo runs and how to log in (called by `make demo` just before it starts)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lapak.demo.seeders.accounts import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from lapak.demo.seeders.sellers import DEMO_SELLER_LOGINS


class Command(BaseCommand):
    help = "Print the demo URL and logins."

    def handle(self, *args: object, **options: object) -> None:
        lines = [
            "",
            "  Lapak is starting on  http://127.0.0.1:8000",
            "  API docs:             http://127.0.0.1:8000/api/v1/docs",
            "  Admin:                http://127.0.0.1:8000/admin/  (operator account)",
            "",
            f"  Demo logins (password for all: {DEMO_PASSWORD})",
        ]
        lines += [f"    {', '.join(str(r) for r in roles):<22} {email}" for email, _n, roles, _j, _s in DEMO_LOGINS]
        lines += [f"    {label:<22} {email}" for email, _key, _plan, label in DEMO_SELLER_LOGINS]
        lines += [
            "",
            "  The regulator also needs a 6-digit code: `DEBUG=1 .venv/bin/python manage.py demo_totp` prints it,",
            f"  or add the key {DEMO_TOTP_SECRET} (time-based) to an authenticator app.",
        ]
        lines += ["", "  Stop everything with Ctrl-C.", ""]
        self.stdout.write("\n".join(lines))
