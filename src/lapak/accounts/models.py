"""Users (email login), their roles, and hashed API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER_MEMBER = "seller_member", _("Seller member")
    CREATOR = "creator", _("Creator")
    OPERATOR = "operator", _("Operator")
    REGULATOR = "regulator", _("Regulator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = PublicIdField(prefix="usr")
    email = models.EmailField(_("email address"), max_length=254, unique=True)  # stored lower-case
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=8, default="id", choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleGrant(models.Model):
    """A role held by a user. Regulators are always scoped to one jurisdiction (e.g. `ID`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, blank=True, default="")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role grant")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "jurisdiction"], name="accounts_role_grant_unique"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.REGULATOR) | ~models.Q(jurisdiction=""),
                name="accounts_regulator_has_jurisdiction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}:{self.jurisdiction}" if self.jurisdiction else self.role


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once, at issue."""

    public_id = PublicIdField(prefix="tok")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    display_prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        indexes = [models.Index(fields=["user", "revoked_at"], name="accounts_token_user_live")]

    def __str__(self) -> str:
        return f"{self.display_prefix}…"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Address(models.Model):
    """A buyer's saved shipping address, on a Kemendagri village (kelurahan/desa).

    Only the village is chosen; its district, regency and province are copied from the region tree by the
    services (never typed), so they always nest. At most one address per user is the default (a partial unique
    constraint); the services keep exactly one while the user has any.
    """

    public_id = PublicIdField(prefix="adr")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=40, help_text=_("Such as Rumah or Kantor."))
    recipient_name = models.CharField(_("recipient's name"), max_length=100)
    phone = models.CharField(_("recipient's phone"), max_length=16, help_text=_("E.164, +628…"))
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("village (kelurahan/desa)"))
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    regency = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    # The market whose rules govern orders shipped here (the region tree is Indonesia's).
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, default="ID")
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [models.Index(fields=["user", "-is_default", "-created_at"], name="accounts_address_user")]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(is_default=True),
                                    name="accounts_address_one_default"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.recipient_name}"
