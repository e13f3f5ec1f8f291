"""Shoppable posts: a short video or pictures, a caption, tagged products; likes, comments, shares, reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.social.models.creators import Creator
from lapak.social.models.snapshot import ProductSnapshot


class Post(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        IMAGE = "image", _("Picture")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Refused by the rules")
        TAKEN_DOWN = "taken_down", _("Taken down")
        DELETED = "deleted", _("Deleted by the creator")

    public_id = PublicIdField(prefix="pst")
    creator = models.ForeignKey(Creator, on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    caption = models.CharField(_("caption"), max_length=2200, blank=True, default="")
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    media = models.FileField(_("video or picture"), upload_to="social/posts/%Y/%m/", max_length=300)
    poster = models.ImageField(_("poster frame"), upload_to="social/posters/%Y/%m/", max_length=300,
                               blank=True, default="")
    media_type = models.CharField(_("media type"), max_length=40, default="")
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    campaign = models.CharField(_("campaign"), max_length=40, blank=True, default="")
    decision = models.CharField(_("compliance decision"), max_length=40, blank=True, default="",
                                help_text=_("Public id of the content.publish decision."))
    refusal = models.JSONField(_("refusal reasons"), default=list, blank=True)
    likes_count = models.PositiveIntegerField(_("likes"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    shares_count = models.PositiveIntegerField(_("shares"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # The feed walks published posts newest first with a keyset (published_at, id).
            models.Index(fields=["status", "-published_at", "-id"], name="social_post_feed"),
            models.Index(fields=["creator", "status", "-published_at"], name="social_post_creator"),
        ]

    def __str__(self) -> str:
        return self.public_id


class ProductTag(ProductSnapshot):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="tags")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product tag")
        verbose_name_plural = _("product tags")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "product_id"], name="social_tag_once")]


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    account = models.CharField(_("account"), max_length=40)
    created_at = models.DateTimeField(_("liked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["post", "account"], name="social_like_once")]

    def __str__(self) -> str:
        return f"{self.account} ♥ {self.post_id}"


class Comment(models.Model):
    public_id = PublicIdField(prefix="cmt")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    account = models.CharField(_("account"), max_length=40)
    author_name = models.CharField(_("author"), max_length=80)
    body = models.CharField(_("comment"), max_length=500)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "-created_at", "-id"], name="social_comment_post")]

    def __str__(self) -> str:
        return self.public_id


class Share(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="shares")
    account = models.CharField(_("account"), max_length=40, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=20, default="link")
    created_at = models.DateTimeField(_("shared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        # Shares weigh in the feed's ranking (ID-MKT-2): one account counts once per post and channel.
        constraints = [models.UniqueConstraint(fields=["post", "account", "channel"], name="social_share_once")]

    def __str__(self) -> str:
        return f"{self.post_id} via {self.channel}"


class Report(models.Model):
    class Reason(models.TextChoices):
        PAYMENT = "payment", _("Asks for payment outside Lapak")
        COUNTERFEIT = "counterfeit", _("Counterfeit or prohibited goods")
        MISLEADING = "misleading", _("Misleading claims")
        HATE = "hate", _("Hate or harassment")
        ADULT = "adult", _("Adult content")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld (taken down)")
        DISMISSED = "dismissed", _("Dismissed")

    public_id = PublicIdField(prefix="rpt")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(_("reporter"), max_length=40)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="social_report_once")]

    def __str__(self) -> str:
        return self.public_id


class Takedown(models.Model):
    public_id = PublicIdField(prefix="tkd")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="takedown")
    operator = models.CharField(_("operator"), max_length=40)
    reason = models.CharField(_("reason"), max_length=16, choices=Report.Reason.choices)
    note = models.CharField(_("note"), max_length=1000)
    created_at = models.DateTimeField(_("taken down at"), auto_now_add=True)

    class Meta:
        verbose_name = _("takedown")
        verbose_name_plural = _("takedowns")

    def __str__(self) -> str:
        return self.public_id
