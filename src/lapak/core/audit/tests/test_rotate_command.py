"""`manage.py audit_key_rotate`: the key file in development, a printed key in production."""

import base64
import io
import re
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lapak.core.audit import keys
from lapak.core.audit.encoding import key_id
from lapak.core.audit.key_registry import AuditKeyError
from lapak.core.audit.keys import signing_key, signing_key_generate
from lapak.core.audit.models import PublicKey, TreeHead
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.verification import audit_log_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(settings, tmp_path):
    """A development install: no AUDIT_SIGNING_KEY, a key file of its own, three events sealed with it."""
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "audit-signing.key"
    return settings.AUDIT_SIGNING_KEY_FILE


@pytest.fixture
def sealed(key_file, append_events):
    append_events(3)
    audit_seal()
    return signing_key()


def rotate():
    out = io.StringIO()
    call_command("audit_key_rotate", stdout=out)
    return out.getvalue()


def public_of(text):
    return keys._from_text(text).public_raw


def test_in_debug_the_new_key_replaces_the_file_and_the_old_one_is_kept(settings, key_file, sealed, append_events):
    settings.DEBUG = True
    old_text = key_file.read_text()
    output = rotate()
    retired = key_file.with_name(f"audit-signing.key.{sealed.key_id}.retired")
    assert retired.read_text() == old_text
    new_text = key_file.read_text()
    assert new_text != old_text and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in key_file.parent.iterdir()) == sorted([key_file.name, retired.name])
    assert "AUDIT_SIGNING_KEY=" not in output and str(retired) in output
    new_id = key_id(public_of(new_text))
    assert TreeHead.objects.order_by("-tree_size").first().key_id == new_id
    assert list(PublicKey.objects.values_list("key_id", flat=True)) == [sealed.key_id, new_id]
    # This process (and any other) reads the replaced file at once: no restart, no cache to clear.
    assert signing_key().key_id == new_id
    append_events(2, start=3)
    assert audit_seal()["tree_size"] == 6
    report = audit_log_verify()
    assert report.ok, [p.message for p in report.problems]


@pytest.mark.parametrize("debug, configured", [(False, False), (True, True)], ids=["debug-off", "key-in-settings"])
def test_without_a_writable_key_file_the_key_is_printed_and_no_file_is_written(
    settings, key_file, append_events, debug, configured
):
    if configured:
        settings.AUDIT_SIGNING_KEY = signing_key_generate()[1]
    append_events(3)
    audit_seal()
    old = signing_key()
    settings.DEBUG = debug
    before = {p.name: p.read_bytes() for p in key_file.parent.iterdir()}
    output = rotate()
    assert {p.name: p.read_bytes() for p in key_file.parent.iterdir()} == before  # not a byte written
    assert "no key file is written" in output
    printed = re.search(r"^AUDIT_SIGNING_KEY=(\S+)$", output, re.MULTILINE).group(1)
    assert len(base64.b64decode(printed)) == 32
    new_id = key_id(public_of(printed))
    assert PublicKey.objects.get(retired_at__isnull=True).key_id == new_id
    assert TreeHead.objects.order_by("-tree_size").first().key_id == new_id
    append_events(1, start=3)
    with pytest.raises(AuditKeyError, match=f"{old.key_id} was retired"):  # until the operator sets the key
        audit_seal()
    settings.AUDIT_SIGNING_KEY = printed
    assert audit_seal()["sealed"] == 1
    assert audit_log_verify().ok


def test_a_refused_rotation_changes_nothing_and_leaves_no_file(settings, key_file, sealed):
    settings.DEBUG = True
    TreeHead.objects.update(signature="00" * 64)
    old_text = key_file.read_text()
    with pytest.raises(CommandError, match="Rotation refused, nothing changed"):
        rotate()
    assert key_file.read_text() == old_text
    assert [p.name for p in key_file.parent.iterdir()] == [key_file.name]  # no staged or retired file
    assert list(PublicKey.objects.values_list("key_id", "retired_at")) == [(sealed.key_id, None)]


def test_rotating_twice_in_debug_keeps_every_old_key(settings, key_file, sealed):
    settings.DEBUG = True
    rotate()
    second = signing_key()
    rotate()
    names = sorted(p.name for p in key_file.parent.iterdir())
    assert names == sorted(
        [
            "audit-signing.key",
            f"audit-signing.key.{sealed.key_id}.retired",
            f"audit-signing.key.{second.key_id}.retired",
        ]
    )
    assert PublicKey.objects.filter(retired_at__isnull=True).count() == 1
    assert TreeHead.objects.values("key_id").distinct().count() == 3
    assert audit_log_verify().ok
