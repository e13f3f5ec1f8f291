"""Forms of the stock pages: a warehouse, a stock change on one variant × warehouse, a CSV import file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.market.catalog.cells import whole_number
from lapak.market.sellers.forms.base import ServiceErrorsForm

PREFIX = "pickup"  # a warehouse is a pickup point: the sellers' region picker serves this prefix


class WarehouseForm(ServiceErrorsForm):
    name = forms.CharField(label=_("Name"), max_length=80, required=False,
                           help_text=_("How you call it, such as Gudang Utama."))
    street = forms.CharField(label=_("Street address"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    pickup_region_code = forms.CharField(required=False, max_length=13)
    pickup_postcode = forms.CharField(required=False, max_length=10)
    # The service's names for the picker's inputs; the picker shows these errors itself.
    service_field_map = {"region": "pickup_region_code", "postcode": "pickup_postcode"}


class StockForm(ServiceErrorsForm):
    """One change to one stock row: add units (restock) or set the counted quantity (adjust)."""

    ACTIONS = (("restock", _("Add")), ("adjust", _("Set to")))

    variant = forms.CharField(max_length=40, widget=forms.HiddenInput)
    warehouse = forms.CharField(max_length=40, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, initial="restock")
    quantity = forms.CharField(label=_("Units"), max_length=40, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}))
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False,
                             help_text=_("For a count, say why it changed (damaged, counted, …)."))

    def quantity_value(self) -> Any:
        """An int when the text is a number, else the text (the inventory service answers "whole number")."""
        return whole_number(self.cleaned_data["quantity"])


class ImportForm(ServiceErrorsForm):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "UTF-8, with commas or semicolons between the cells; up to 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))
