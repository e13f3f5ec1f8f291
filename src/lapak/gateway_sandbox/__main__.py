"""`python -m lapak.gateway_sandbox [--bind 127.0.0.1:8010] [--wsgiref]`.

Runs gunicorn with one worker and four threads (the gateway keeps its queue and sweep in one process), or
wsgiref when gunicorn is missing or `--wsgiref` is given. Settings come from the GATEWAY_SANDBOX_* variables.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m lapak.gateway_sandbox", description=__doc__)
    parser.add_argument("--bind", default=os.environ.get("GATEWAY_SANDBOX_BIND", "127.0.0.1:8010"))
    parser.add_argument("--wsgiref", action="store_true", help="use the standard library server")
    args = parser.parse_args(argv)
    if not args.wsgiref and importlib.util.find_spec("gunicorn") is not None:
        # No control socket: its default path is per user, so a second gunicorn on the machine would clash.
        command = [sys.executable, "-m", "gunicorn", "--bind", args.bind, "--workers", "1", "--threads", "4",
                   "--no-control-socket", "lapak.gateway_sandbox.app:app"]
        os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn, fixed arguments
    from lapak.gateway_sandbox.app import app
    from lapak.gateway_sandbox.server import make_threaded_server

    host, _, port = args.bind.rpartition(":")
    server = make_threaded_server(app, host or "127.0.0.1", int(port), quiet=False)
    print(f"gateway sandbox on http://{args.bind}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
