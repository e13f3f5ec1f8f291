"""Creators, their followers, phone checks and showcases."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.social.models.snapshot import ProductSnapshot


class Creator(models.Model):
    """A user with the creator role, seen by the public through a handle."""

    public_id = PublicIdField(prefix="crt")
    account = models.CharField(_("account"), max_length=40, unique=True,
                               help_text=_("The user's public id (usr_…); the marketplace pays commission to it."))
    handle = models.SlugField(_("handle"), max_length=30, unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    bio = models.CharField(_("bio"), max_length=300, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=16, help_text=_("E.164, +628…"))
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    seller_org = models.CharField(_("linked shop"), max_length=40, blank=True, default="",
                                  help_text=_("Public id of a seller organisation the creator belongs to, if any."))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, default="ID")
    followers_count = models.PositiveIntegerField(_("followers"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")

    def __str__(self) -> str:
        return f"@{self.handle}"


class PhoneCheck(models.Model):
    """A one-time code sent to a creator's phone; only its hash is kept."""

    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="phone_checks")
    phone = models.CharField(_("phone"), max_length=16)
    code_hash = models.CharField(_("code hash"), max_length=128)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone check")
        verbose_name_plural = _("phone checks")

    def __str__(self) -> str:
        return f"{self.creator_id}:{self.sent_at:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    follower = models.CharField(_("follower"), max_length=40, help_text=_("The follower's account public id."))
    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("followed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["follower", "creator"], name="social_follow_once")]
        indexes = [models.Index(fields=["follower", "creator"], name="social_follow_follower")]

    def __str__(self) -> str:
        return f"{self.follower} → {self.creator_id}"


class ShowcaseItem(ProductSnapshot):
    """A product a creator recommends on their page (the affiliate showcase)."""

    creator = models.ForeignKey(Creator, on_delete=models.CASCADE, related_name="showcase")
    position = models.PositiveIntegerField(_("position"), default=0)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("showcase item")
        verbose_name_plural = _("showcase items")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["creator", "product_id"], name="social_showcase_once")]
