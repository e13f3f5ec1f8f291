"""HTML forms for the account pages. They check shape and show errors; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import User

# Passwords are hashed on every attempt; an upper bound keeps a megabyte "password" from costing CPU.
PASSWORD_MAX_LENGTH = 256

# Service error keys that name a different form field.
_SERVICE_FIELD_TO_FORM_FIELD = {"password": "password1", "language": None}


def _email_field(**extra: Any) -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}),
        **extra,
    )


class SignupForm(forms.Form):
    email = _email_field()
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Avoid common words and numbers only."),
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password1(self) -> str:
        # Checked here as well as in user_signup so that every problem shows at once, not one round at a time.
        password = self.cleaned_data["password1"]
        candidate = User(email=self.data.get("email", ""), full_name=self.data.get("full_name", ""))
        password_validation.validate_password(password, candidate)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned

    def add_service_errors(self, fields: dict[str, Any]) -> None:
        """Show errors raised by accounts.services next to the fields they concern."""
        for name, messages in fields.items():
            target = _SERVICE_FIELD_TO_FORM_FIELD.get(name, name)
            if target not in self.fields:
                target = None
            for message in messages:
                if target is None or message not in self.errors.get(target, []):
                    self.add_error(target, str(message))


class EmailCheckForm(forms.Form):
    """The sign-up form's email field on its own, for the inline check while the user types."""

    email = _email_field()


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, keyed on the email address (stored lower-case, so compared lower-case)."""

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The email or password is wrong."),
        "inactive": _("This account is disabled."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()


class LapakPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail in the language the account chose, not the language of the request."""

    email = _email_field()

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(getattr(context["user"], "language", None) or translation.get_language()):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


class LapakSetPasswordForm(SetPasswordForm):
    """Django's new-password form with Lapak's labels and the same length bound as sign-up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _("At least 10 characters. Avoid common words and numbers only.")
        self.fields["new_password2"].label = _("Repeat new password")
        for name in ("new_password1", "new_password2"):
            self.fields[name].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
            self.fields[name].widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
