"""Settings of the sandbox gateway, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SERVER_KEY = "SB-Mid-server-lapak-sandbox"
DEFAULT_DB = "var/gateway-sandbox.sqlite3"


def _delays(raw: str) -> tuple[float, ...]:
    return tuple(float(part) for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Config:
    """Everything the gateway needs; tests build one directly instead of touching the environment."""

    server_key: str = DEFAULT_SERVER_KEY
    db_path: Path = Path(DEFAULT_DB)
    notify_url: str = ""
    # Where payout (Iris) callbacks go; empty: the same address as payment notifications.
    payout_notify_url: str = ""
    controls: bool = False
    merchant_id: str = "G000LAPAK"
    # Where buyers and clients reach this process; empty means "the Host header of the request".
    public_url: str = ""
    # Where the buyer goes after paying (Midtrans' "finish redirect URL"); empty shows no link.
    finish_url: str = ""
    # Seconds to wait before each re-send of a notification the receiver did not accept (non-2xx or no answer).
    retry_delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
    notify_timeout: float = 5.0
    sweep_interval: float = 1.0
    background: bool = field(default=True)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        """Read `GATEWAY_SANDBOX_*` variables; every one is optional."""
        env = os.environ if environ is None else environ
        return cls(
            server_key=env.get("GATEWAY_SANDBOX_SERVER_KEY", DEFAULT_SERVER_KEY),
            db_path=Path(env.get("GATEWAY_SANDBOX_DB", DEFAULT_DB)),
            notify_url=env.get("GATEWAY_SANDBOX_NOTIFY_URL", ""),
            payout_notify_url=env.get("GATEWAY_SANDBOX_PAYOUT_NOTIFY_URL", ""),
            controls=env.get("GATEWAY_SANDBOX_CONTROLS", "0") == "1",
            merchant_id=env.get("GATEWAY_SANDBOX_MERCHANT_ID", "G000LAPAK"),
            public_url=env.get("GATEWAY_SANDBOX_PUBLIC_URL", "").rstrip("/"),
            finish_url=env.get("GATEWAY_SANDBOX_FINISH_URL", ""),
            retry_delays=_delays(env.get("GATEWAY_SANDBOX_RETRY_DELAYS", "1,2,4,8,16")),
            notify_timeout=float(env.get("GATEWAY_SANDBOX_NOTIFY_TIMEOUT", "5")),
            sweep_interval=float(env.get("GATEWAY_SANDBOX_SWEEP_SECONDS", "1")),
        )
