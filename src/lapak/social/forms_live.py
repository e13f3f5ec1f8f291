"""Forms of the live pages. The services check everything; the forms carry text and show the services' errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError


class ServiceErrorsMixin:
    def add_service_error(self, error: LapakError) -> None:
        fields = error.fields or {"__all__": [error.message]}
        for name, messages in fields.items():
            target = name if name in self.fields else None  # type: ignore[attr-defined]
            for message in messages:
                self.add_error(target, str(message))  # type: ignore[attr-defined]


class LiveScheduleForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    scheduled_for = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    stream_url = forms.CharField(label=_("Stream address (HLS)"), max_length=500, required=False,
                                 help_text=_("The https:// address of the .m3u8 stream your streaming service gives "
                                             "you. Lapak does not receive video; it shows this stream."),
                                 widget=forms.URLInput())
    voucher_code = forms.CharField(label=_("Live voucher code"), max_length=32, required=False,
                                   help_text=_("A voucher you or the shop created in the marketplace; the "
                                               "marketplace applies it at checkout. Lapak only shows the code."))
    campaign = forms.CharField(label=_("Campaign"), max_length=40, required=False,
                               help_text=_("Optional name carried in the product links, for your statistics."))


class PinForm(ServiceErrorsMixin, forms.Form):
    product_id = forms.CharField(label=_("Product id"), max_length=40,
                                 help_text=_("The marketplace product's id, prd_…, from its page or your showcase."))


class ChatForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Message"), max_length=300, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 300}))


class EndForm(ServiceErrorsMixin, forms.Form):
    replay_url = forms.CharField(label=_("Replay address"), max_length=500, required=False,
                                 help_text=_("Optional: the https:// address of the recording, for the replay page."),
                                 widget=forms.URLInput())
