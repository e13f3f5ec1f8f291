"""`python -m bench <scenario> [options]`: runs one scenario, one JSON line per result on stdout.

Progress and logs go to stderr, so `python -m bench http-baseline > results.jsonl` keeps only results.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys

import bench.scenarios  # noqa: F401  (importing registers the scenarios)
from bench._registry import SCENARIOS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="scenario", required=True, metavar="scenario")
    for item in SCENARIOS.values():
        item.configure(sub.add_parser(item.name, help=item.help, description=item.help))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so every server a scenario started is stopped by its `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for result in SCENARIOS[args.scenario].run(args):
            print(json.dumps(result, sort_keys=False), flush=True)
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
