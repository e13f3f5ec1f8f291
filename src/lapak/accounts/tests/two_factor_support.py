"""Helpers for the two-factor tests: real TOTP codes from a device's key, and a regulator with a device."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"


def code_for(device: TOTPDevice, *, steps: int = 0) -> str:
    """The code the device's authenticator app shows now (`steps` time steps later or earlier), as RFC 6238 has it:
    computed from the stored key, not by asking django-otp's verifier."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A well-formed code that no step within the tolerance window produces."""
    valid = {code_for(device, steps=s) for s in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def sign_in(client, user) -> None:
    """Sign `user` in on the test client as the sign-in pages would: a regulator also passes the second factor
    (a confirmed authenticator, verified in the session), as every console page now requires."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from lapak.accounts.selectors import user_roles

    client.force_login(user)
    if "regulator" in user_roles(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
