"""`manage.py demo_totp [email]`: print the current 6-digit two-factor code of a demo account.

The demo regulator signs in with a password and a TOTP code; this saves installing an authenticator app to try
it. It only reads the device (the code is not used up). Refused unless the demo is on (DEBUG) or the account is
one of the demo's own (an address at the demo domain): it must never hand out a real account's codes.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from lapak.demo.seeders.accounts import DEMO_DOMAIN, DEMO_TOTP_EMAIL


class Command(BaseCommand):
    help = "Demo only: print the current two-factor code of a demo account (the demo regulator by default)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", nargs="?", default=DEMO_TOTP_EMAIL, help=f"Default: {DEMO_TOTP_EMAIL}")

    def handle(self, *args: object, email: str, **options: object) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        email = email.strip().lower()
        if not (settings.DEBUG or email.endswith(f"@{DEMO_DOMAIN}")):
            raise CommandError(f"demo_totp prints codes only for demo accounts (@{DEMO_DOMAIN}) unless DEBUG=1.")
        device = (TOTPDevice.objects.filter(user__email=email, confirmed=True).select_related("user")
                  .order_by("pk").first())
        if device is None:
            raise CommandError(f"{email} has no confirmed authenticator (run `manage.py demo_seed` first?).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"(code for {email}, valid for about {seconds_left} more seconds)")
