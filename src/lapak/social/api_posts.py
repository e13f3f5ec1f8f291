"""The posts API under /api/v1/social/ (shoppable posts, engagement, reports, takedowns).

- `POST /posts` (multipart: `media`, `caption`, `tags` = product ids separated by spaces or commas, `campaign`):
  a verified creator's draft. `POST /posts/{id}/publish` asks the rules; `DELETE /posts/{id}` withdraws it.
- `GET /posts/{id}`, `GET /posts?creator=<handle>`, `GET /posts/{id}/comments`: public for published posts (a
  creator also reads their own drafts); `GET /posts/mine`: the caller's posts in every state.
- Likes, comments, shares and reports: any signed-in person but a regulator (read-only), on published posts.
- `GET /reports`, `POST /posts/{id}/takedown`, `POST /reports/{id}/dismiss`: operators.
Who may call each is listed in tests/test_posts_api_matrix.py, which fails for an endpoint added without a row.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.security import HttpBearer

from lapak.accounts.selectors import user_for_bearer_token
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.social.models import Comment, Post, Report
from lapak.social.selectors import posts as selectors
from lapak.social.services import engagement, moderation
from lapak.social.services import posts as services

E = ErrorOut
READ = {404: E, 422: E}
WRITE = {401: E, 403: E, 404: E, 409: E, 422: E, 429: E}


class _Bearer(HttpBearer):
    openapi_description = "A token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer lpk_…`."

    def authenticate(self, request: HttpRequest, token: str) -> object:
        return user_for_bearer_token(token)


def _visitor(request: HttpRequest) -> object:
    """No token at all: an anonymous reader (a token that is sent must be valid, _Bearer checks it first)."""
    return AnonymousUser()


router = Router(tags=["social: posts"], auth=_Bearer())
PUBLIC = [_Bearer(), _visitor]


class CreatorOut(Schema):
    id: str
    handle: str
    display_name: str


class TagOut(Schema):
    product_id: str
    title: str
    price_min: int
    price_max: int
    image_url: str
    seller_id: str
    seller_name: str
    available: bool
    go_url: str = Field(..., description="Open this to buy: it hands over to the marketplace with a signed token.")


class RefusalOut(Schema):
    rule_id: str
    title: str
    text: str


class PostOut(Schema):
    id: str
    creator: CreatorOut
    kind: str
    status: str
    caption: str = Field(..., description="As typed: plain text, to be shown escaped.")
    hashtags: list[str]
    media_url: str
    poster_url: str
    media_type: str
    duration_ms: int | None
    width: int | None
    height: int | None
    campaign: str
    tags: list[TagOut]
    likes_count: int
    comments_count: int
    shares_count: int
    refusal: list[RefusalOut]
    created_at: datetime
    published_at: datetime | None


class CommentOut(Schema):
    id: str
    author_name: str
    body: str
    created_at: datetime


class CommentIn(StrictSchema):
    body: str = Field(..., max_length=2000)


class ShareIn(StrictSchema):
    channel: str = Field("link", max_length=20)


class ReportIn(StrictSchema):
    reason: str = Field(..., max_length=20, description="payment, counterfeit, misleading, hate, adult, spam, other")
    note: str = Field("", max_length=2000)


class TakedownIn(StrictSchema):
    reason: str = Field(..., max_length=20)
    note: str = Field(..., max_length=2000)


class DismissIn(StrictSchema):
    note: str = Field("", max_length=2000)


class LikeOut(Schema):
    liked: bool
    likes_count: int


class ReportOut(Schema):
    id: str
    post_id: str
    reason: str
    note: str
    status: str
    created_at: datetime
    closed_at: datetime | None


class TakedownOut(Schema):
    id: str
    post_id: str
    reason: str
    note: str
    created_at: datetime


def post_out(post: Post) -> dict:
    tags = [{**{name: getattr(tag, name) for name in ("product_id", "title", "price_min", "price_max", "image_url",
                                                         "seller_id", "seller_name", "available")},
             "go_url": reverse("social_go:go", args=["post", post.public_id, tag.product_id])}
            for tag in post.tags.all()]
    return {"id": post.public_id, "kind": post.kind, "status": post.status, "caption": post.caption,
            "creator": {"id": post.creator.public_id, "handle": post.creator.handle,
                        "display_name": post.creator.display_name},
            "hashtags": list(post.hashtags or []), "media_url": post.media.url if post.media else "",
            "poster_url": post.poster.url if post.poster else "", "media_type": post.media_type,
            "duration_ms": post.duration_ms, "width": post.width, "height": post.height, "campaign": post.campaign,
            "tags": tags, "likes_count": post.likes_count, "comments_count": post.comments_count,
            "shares_count": post.shares_count, "refusal": selectors.refusal_lines(post),
            "created_at": post.created_at, "published_at": post.published_at}


def _report_out(report: Report) -> dict:
    return {"id": report.public_id, "post_id": report.post.public_id, "reason": report.reason, "note": report.note,
            "status": report.status, "created_at": report.created_at, "closed_at": report.closed_at}


def _comment_out(comment: Comment) -> dict:
    return {"id": comment.public_id, "author_name": comment.author_name, "body": comment.body,
            "created_at": comment.created_at}


@router.post("/posts", response={201: PostOut, 503: E, **WRITE}, summary="Upload a draft post (verified creators)",
             description="Multipart. `media`: an MP4/MOV (H.264, HEVC, VP9, AV1) or WebM video, or a JPEG, PNG or "
                         "WebP picture, checked by content. `tags`: 1 to 20 product ids; each must be on sale in the "
                         "catalogue (errors per `tags.<n>`). 503 `catalogue_unavailable`: nothing was stored.")
def post_create(request: HttpRequest, media: UploadedFile | None = File(None),  # noqa: B008
                caption: str = Form(""), tags: str = Form(""), campaign: str = Form("")) -> Status[dict]:
    post = services.post_create(actor=request.auth, upload=media, caption=caption,
                                product_ids=services.product_ids_of(tags), campaign=campaign.strip())
    return Status(201, post_out(post))


@router.get("/posts/mine", response={200: list[PostOut], 401: E}, summary="My posts, in every state but deleted")
def posts_mine(request: HttpRequest) -> list[dict]:
    return [post_out(p) for p in selectors.posts_of_account(request.auth.public_id)[:200]]


@router.get("/posts", auth=PUBLIC, response={200: list[PostOut], 401: E, **READ},
            summary="A creator's published posts, newest first",
            description="Keyset pagination: pass the last post's id as `before` for the next page.")
def posts_list(request: HttpRequest, creator: str, before: str = "", limit: int = 20) -> list[dict]:
    return [post_out(p) for p in selectors.posts_of_creator(handle=creator, before=before, limit=limit)]


@router.get("/posts/{post_id}", auth=PUBLIC, response={200: PostOut, 401: E, **READ}, summary="One post")
def post_get(request: HttpRequest, post_id: str) -> dict:
    return post_out(selectors.post_visible_to(viewer=request.auth, public_id=post_id))


@router.post("/posts/{post_id}/publish", response={200: PostOut, 503: E, **WRITE},
             summary="Publish a draft (its creator)",
             description="The answer is the post: `published`, or `refused` with the rules' reasons in `refusal`.")
def post_publish(request: HttpRequest, post_id: str) -> dict:
    post = selectors.post_visible_to(viewer=request.auth, public_id=post_id)
    return post_out(services.post_publish(actor=request.auth, post=post))


@router.delete("/posts/{post_id}", response={204: None, **WRITE}, summary="Delete my post")
def post_delete(request: HttpRequest, post_id: str) -> Status[None]:
    services.post_delete(actor=request.auth, post=selectors.post_visible_to(viewer=request.auth, public_id=post_id))
    return Status(204, None)


@router.post("/posts/{post_id}/like", response={200: LikeOut, **WRITE}, summary="Like a post (idempotent)")
def post_like(request: HttpRequest, post_id: str) -> dict:
    post = selectors.post_published(post_id)
    engagement.post_like(actor=request.auth, post=post)
    post.refresh_from_db(fields=["likes_count"])
    return {"liked": True, "likes_count": post.likes_count}


@router.delete("/posts/{post_id}/like", response={200: LikeOut, **WRITE}, summary="Take my like back")
def post_unlike(request: HttpRequest, post_id: str) -> dict:
    post = selectors.post_published(post_id)
    engagement.post_unlike(actor=request.auth, post=post)
    post.refresh_from_db(fields=["likes_count"])
    return {"liked": False, "likes_count": post.likes_count}


@router.get("/posts/{post_id}/comments", auth=PUBLIC, response={200: list[CommentOut], 401: E, **READ},
            summary="Comments, newest first", description="Pass the last comment's id as `before` for more.")
def comments_list(request: HttpRequest, post_id: str, before: str = "", limit: int = 20) -> list[dict]:
    post = selectors.post_published(post_id)
    return [_comment_out(c) for c in selectors.comments_page(post=post, before=before, limit=limit)]


@router.post("/posts/{post_id}/comments", response={201: CommentOut, **WRITE}, summary="Comment (1 to 500 chars)",
             description="At most 5 a minute and 60 an hour per account: 429 `comment_flood` beyond.")
def comment_create(request: HttpRequest, post_id: str, payload: CommentIn) -> Status[dict]:
    comment = engagement.comment_add(actor=request.auth, post=selectors.post_published(post_id), body=payload.body)
    return Status(201, _comment_out(comment))


@router.post("/posts/{post_id}/shares", response={201: None, **WRITE}, summary="Count a share",
             description="Counted once per account, post and channel (repeating it is accepted and not counted "
                         "again); at most 10 a minute and 100 an hour per account: 429 `share_flood` beyond.")
def share_create(request: HttpRequest, post_id: str, payload: ShareIn) -> Status[None]:
    engagement.post_share(actor=request.auth, post=selectors.post_published(post_id), channel=payload.channel)
    return Status(201, None)


@router.post("/posts/{post_id}/reports", response={201: ReportOut, **WRITE}, summary="Report a post (once)")
def report_create(request: HttpRequest, post_id: str, payload: ReportIn) -> Status[dict]:
    report = moderation.report_file(actor=request.auth, post=selectors.post_published(post_id),
                                    reason=payload.reason, note=payload.note)
    return Status(201, _report_out(report))


@router.get("/reports", response={200: list[ReportOut], 401: E, 403: E}, summary="Open reports, oldest first "
            "(operators)")
def reports_open(request: HttpRequest) -> list[dict]:
    moderation.require_operator(request.auth)
    return [_report_out(r) for r in selectors.open_reports()[:200]]


@router.post("/posts/{post_id}/takedown", response={201: TakedownOut, **WRITE},
             summary="Take a post down (operators; reason and note required, audited)")
def post_takedown(request: HttpRequest, post_id: str, payload: TakedownIn) -> Status[dict]:
    moderation.require_operator(request.auth)
    takedown = moderation.post_takedown(actor=request.auth, post=selectors.post_any(post_id), reason=payload.reason,
                                        note=payload.note)
    return Status(201, {"id": takedown.public_id, "post_id": post_id, "reason": takedown.reason,
                        "note": takedown.note, "created_at": takedown.created_at})


@router.post("/reports/{report_id}/dismiss", response={200: ReportOut, **WRITE},
             summary="Dismiss a report (operators, audited)")
def report_dismiss(request: HttpRequest, report_id: str, payload: DismissIn) -> dict:
    moderation.require_operator(request.auth)
    report = moderation.report_dismiss(actor=request.auth, report=selectors.report_any(report_id), note=payload.note)
    return _report_out(report)
