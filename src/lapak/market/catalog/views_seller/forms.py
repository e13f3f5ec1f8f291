"""Forms of the product editor. They read what was typed; the catalogue services judge it and their
ValidationFailed.fields land beside the fields (ServiceErrorsForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.market.catalog.cells import CellError, options_format, options_parse, usd_cents, whole_number
from lapak.market.catalog.models import CertificateKind, Origin, Product, Variant
from lapak.market.catalog.selectors import categories_active
from lapak.market.sellers.forms.base import ServiceErrorsForm

ACCEPT_PICTURE = "image/jpeg,image/png,image/webp"


def category_choices() -> list[tuple[str, str]]:
    """Active categories as "Parent › Child" in the page's language, sorted by that label."""
    language = translation.get_language() or "id"
    categories = {c.pk: c for c in categories_active()}

    def label(category: Any) -> str:
        names, seen = [], set()
        while category is not None and category.pk not in seen:
            seen.add(category.pk)
            names.append(category.name_for(language))
            category = categories.get(category.parent_id)
        return " › ".join(reversed(names))

    choices = sorted(((c.slug, label(c)) for c in categories.values()), key=lambda choice: choice[1].casefold())
    return [("", _("Choose a category")), *choices]


def _text(label: object, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class ProductForm(ServiceErrorsForm):
    category = forms.ChoiceField(label=_("Category"), required=False)
    title = _text(_("Title"), 200)
    description_id = _text(_("Description (Bahasa Indonesia)"), 20_000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Required for buyers in Indonesia."))
    description_en = _text(_("Description (English)"), 20_000, widget=forms.Textarea(attrs={"rows": 4}))
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.DOMESTIC)
    origin_country = _text(_("Country of origin"), 2, help_text=_("Two letters, such as ID or CN."),
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 3}))
    hs_code = _text(_("HS code"), 12, help_text=_("8 digits; required for products shipped from abroad."),
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    fob_value_usd = _text(_("FOB value (US dollars)"), 20, help_text=_(
        "Required for products shipped from abroad, such as 12.50."), widget=forms.TextInput(
        attrs={"inputmode": "decimal"}))
    service_field_map = {"fob_value_usd_cents": "fob_value_usd"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    @classmethod
    def for_product(cls, product: Product) -> ProductForm:
        fob = product.fob_value_usd_cents
        return cls(initial={
            "category": product.category.slug, "title": product.title, "description_id": product.description_id,
            "description_en": product.description_en, "origin": product.origin,
            "origin_country": product.origin_country, "hs_code": product.hs_code,
            "fob_value_usd": "" if fob is None else f"{fob // 100}.{fob % 100:02d}",
        })

    def clean_fob_value_usd(self) -> int | None:
        try:
            return usd_cents(self.cleaned_data["fob_value_usd"])
        except CellError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    def product_data(self) -> dict[str, Any]:
        """The fields as the services take them; an empty country is left for the service to assume."""
        data = {name: self.cleaned_data[name] for name in ("category", "title", "description_id", "description_en",
                                                           "origin", "hs_code")}
        data["fob_value_usd_cents"] = self.cleaned_data["fob_value_usd"]
        if self.cleaned_data["origin_country"].strip():
            data["origin_country"] = self.cleaned_data["origin_country"].strip()
        return data


class VariantForm(ServiceErrorsForm):
    sku = _text(_("SKU"), 64, help_text=_("Your own code for this variant, unique among your products."))
    price = _text(_("Price (rupiah)"), 40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    options = _text(_("Options"), 2_000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_(
        "One per line, as name: value, such as size: M. Leave empty for a product without options."))
    weight_grams = _text(_("Weight (grams)"), 40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    length_mm = _text(_("Length (mm)"), 40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    width_mm = _text(_("Width (mm)"), 40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    height_mm = _text(_("Height (mm)"), 40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    is_active = forms.BooleanField(label=_("Buyers can buy this variant"), required=False, initial=True)

    @classmethod
    def for_variant(cls, variant: Variant) -> VariantForm:
        return cls(initial={
            "sku": variant.sku, "price": variant.price, "options": options_format(variant.options, separator="\n"),
            "weight_grams": variant.weight_grams, "length_mm": variant.length_mm, "width_mm": variant.width_mm,
            "height_mm": variant.height_mm, "is_active": variant.is_active,
        })

    def clean_options(self) -> dict[str, str]:
        try:
            return options_parse(self.cleaned_data["options"], separator="\n")
        except CellError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    def variant_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sku": self.cleaned_data["sku"], "options": self.cleaned_data["options"],
                                "is_active": self.cleaned_data["is_active"]}
        for name in ("price", "weight_grams", "length_mm", "width_mm", "height_mm"):
            data[name] = whole_number(self.cleaned_data[name])  # text that is no number: the service says so
        return data


class ImageForm(ServiceErrorsForm):
    image = forms.FileField(label=_("Add a picture"), help_text=_(
        "JPEG, PNG or WebP; it is resized to at most 1600 pixels. Up to 10 pictures."),
        widget=forms.FileInput(attrs={"accept": ACCEPT_PICTURE}))


class CertificateForm(ServiceErrorsForm):
    kind = forms.ChoiceField(label=_("Certificate"), choices=CertificateKind.choices)
    number = _text(_("Number"), 80)
    issuer = _text(_("Issued by"), 120)
    expires_on = forms.DateField(label=_("Valid until"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("Leave empty if it does not expire."))


class ListingForm(forms.Form):
    to = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(target, target) for target in targets]
