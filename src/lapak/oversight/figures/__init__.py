"""The oversight figures. Importing this package registers every figure module below in `base.FIGURES`."""

from lapak.oversight.figures.base import FIGURES, Column, Figure, FigureQuery, FigureTable, figures_in_order, register

__all__ = ["FIGURES", "Column", "Figure", "FigureQuery", "FigureTable", "figures_in_order", "register"]

from lapak.oversight.pricing import figures as _pricing  # noqa: F401  (price-dumping)
from lapak.oversight.rules import figures as _rules  # noqa: F401  (decisions, appeals, cross-border, switches)
from lapak.oversight.sales import figures as _sales  # noqa: F401  (sellers, sales, first-party)
from lapak.oversight.service import figures as _service  # noqa: F401  (payments, tax, payouts, service)
