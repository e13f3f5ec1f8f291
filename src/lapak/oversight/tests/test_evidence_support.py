"""Shared helpers for the evidence tests: a real audit log in two jurisdictions, sealed twice, read back through the
API by a regulator, and the standalone verifier run as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

VERIFIER = Path(__file__).resolve().parents[4] / "tools" / "audit_verifier" / "lapak_audit_verify.py"
API = "/api/v1/oversight/audit"


def append(count: int, *, jurisdiction: str, start: int = 0, action: str = "compliance.rule_version.draft",
           subject_type: str = "rule_version", subject_id: str = "rv_{jurisdiction}_{n:04d}") -> list:
    """`count` events; by default a platform-level action, whose data a regulator of `jurisdiction` is shown
    (`oversight/disclosure.py`). Pass a seller or order action for events whose data is withheld."""
    from lapak.core.audit.services import audit_append

    return [
        audit_append(actor="usr_TEST", action=action, subject_type=subject_type,
                     subject_id=subject_id.format(jurisdiction=jurisdiction, n=start + i), jurisdiction=jurisdiction,
                     before={"status": "pending"}, after={"status": "verified", "n": start + i, "kota": "Bandung é"},
                     decision={"rule": "local_seller", "allowed": True})
        for i in range(count)
    ]


@dataclass
class Log:
    regulator: object
    headers: dict
    id_events: list
    gb_events: list
    old_size: int
    new_size: int


def build_log(make_user, bearer) -> Log:
    """Events in ID and GB (all disclosable in their own jurisdiction), sealed twice; the regulator (ID) is created
    first so its own grant is sealed too."""
    from lapak.core.audit.sealing import audit_seal

    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    id_events = append(3, jurisdiction="ID")
    gb_events = append(2, jurisdiction="GB")
    old_size = audit_seal()["tree_size"]
    id_events += append(4, jurisdiction="ID", start=3)
    gb_events += append(3, jurisdiction="GB", start=2)
    new_size = audit_seal()["tree_size"]
    return Log(regulator, bearer(regulator), id_events, gb_events, old_size, new_size)


def get_json(client, path: str, headers: dict, status: int = 200) -> dict:
    response = client.get(path, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == status, body[:500]
    return json.loads(body)


def run_verifier(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", str(VERIFIER), *args], capture_output=True, text=True, timeout=60,
                          check=False)


def write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield
