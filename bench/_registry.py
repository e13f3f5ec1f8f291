"""The scenarios `python -m bench` knows. A scenario module registers itself with `@scenario(...)`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Result = dict
Runner = Callable[[argparse.Namespace], Iterator[Result]]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Scenario:
    name: str
    help: str
    run: Runner
    configure: Configure


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, help: str, configure: Configure) -> Callable[[Runner], Runner]:
    """Registers `run` under `name`; `configure` adds the scenario's own command-line options."""

    def register(run: Runner) -> Runner:
        if name in SCENARIOS:
            raise ValueError(f"scenario {name!r} is registered twice")
        SCENARIOS[name] = Scenario(name=name, help=help, run=run, configure=configure)
        return run

    return register
