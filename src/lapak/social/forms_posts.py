"""Forms of the post pages, the studio and the moderation queue. They only shape input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.social.models import Report


class ServiceErrorsMixin:
    """Puts a service's per-field errors on the form; `tags.<n>` lands on the tags field, naming the product."""

    def add_service_error(self, error: ValidationFailed, *, tag_ids: list[str] | None = None) -> None:
        if not error.fields:
            self.add_error(None, str(error.message))
        for name, messages in error.fields.items():
            target, prefix = name, ""
            if name.startswith("tags."):
                target = "tags"
                index = int(name.split(".", 1)[1]) if name.split(".", 1)[1].isdigit() else -1
                if tag_ids and 0 <= index < len(tag_ids):
                    prefix = f"{tag_ids[index]}: "
            if target not in self.fields:
                target = None
            for message in messages:
                self.add_error(target, f"{prefix}{message}")


class PostForm(ServiceErrorsMixin, forms.Form):
    media = forms.FileField(label=_("Video or picture"), required=False,
                            help_text=_("MP4, MOV or WebM video (H.264, HEVC, VP9 or AV1), or a JPEG, PNG or WebP "
                                        "picture."),
                            widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/quicktime,video/webm,"
                                                                             "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=2200,
                              help_text=_("Up to 2,200 characters; #hashtags are picked up from it."),
                              widget=forms.Textarea(attrs={"rows": 4}))
    tags = forms.CharField(label=_("Products to tag"), max_length=1000,
                           help_text=_("Product ids (prd_…) from the marketplace, separated by spaces or commas; "
                                       "1 to 20."))
    campaign = forms.CharField(label=_("Campaign label"), required=False, max_length=40,
                               help_text=_("Optional: letters, digits, '-' or '_'. Shown in your earnings."))

    def clean_media(self) -> object:
        # Required here rather than by the field, so the error reads the same as the API's.
        media = self.cleaned_data.get("media")
        if not media:
            raise forms.ValidationError(_("Choose a video or a picture."))
        return media


class CommentForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything to add"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


class TakedownForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices)
    note = forms.CharField(label=_("Note for the record"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required: what you saw and why it breaks the rules."))


class DismissForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
