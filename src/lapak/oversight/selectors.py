"""Reads for the oversight portal: one figure, validated, logged and made private before anyone sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import readable_jurisdictions
from lapak.config.db_router import replica_reads
from lapak.core.errors import NotFound, ValidationFailed
from lapak.oversight.access import query_log
from lapak.oversight.figures.base import FIGURES, Figure, FigureQuery, FigureTable
from lapak.oversight.params import figure_query
from lapak.oversight.pricing.selectors import legal_request_named_sellers
from lapak.oversight.privacy import apply_suppression


@dataclass(frozen=True)
class FigureAnswer:
    figure: Figure
    query: FigureQuery
    table: FigureTable


def figure_read(*, user: Any, key: str, params: Mapping[str, str], channel: str) -> FigureAnswer:
    """The figure `key` for the query in `params`, as `user` may see it. The query is written to the audit log
    (with its channel: page, api or csv) before it is computed."""
    figure = FIGURES.get(key)
    if figure is None:
        raise NotFound(_("There is no such figure."), code="figure_not_found")
    try:
        query = figure_query(figure, params, user=user)
    except ValidationFailed:
        # A malformed query is a query too: recorded with what was sent, then answered with its errors.
        allowed = readable_jurisdictions(user) or []
        query_log(user=user, jurisdiction=allowed[0] if len(allowed) == 1 else "", what=f"figure:{key}",
                  params={"channel": channel, "outcome": "invalid",
                          **{name: str(value)[:100] for name, value in list(params.items())[:20]}})
        raise
    query = replace(query, names_allowed=legal_request_named_sellers(user=user, jurisdiction=query.jurisdiction))
    query_log(user=user, jurisdiction=query.jurisdiction, what=f"figure:{key}",
              params={"channel": channel, "from": query.date_from, "to": query.date_to, "by": ",".join(query.by),
                      "source": query.source})
    with replica_reads():  # the figures are read from the replica when one is configured (ADR 0016)
        table = figure.compute(query)
    return FigureAnswer(figure=figure, query=query, table=apply_suppression(table))
