"""Viewers' live pages: /live/ (on air now and coming up), /live/<id>/ (the live, or its replay once it ended),
and the chat form. Without JavaScript the page still works: the chat form posts and the page reloads with the
latest messages; with it, the page listens to /live/<id>/events."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError
from lapak.social.forms_live import ChatForm
from lapak.social.live_events import pin_card
from lapak.social.models import LiveSession
from lapak.social.selectors.live import (
    chat_page,
    chat_replay,
    live_get,
    live_pin_timeline,
    live_pins_shown,
    lives_on_air,
    lives_upcoming,
    offset_label,
)
from lapak.social.services.live_chat import chat_post

Status = LiveSession.Status


def author_name(user: object) -> str:
    """How a viewer is named in the chat: the first name, never the email address."""
    full_name = (getattr(user, "full_name", "") or "").strip()
    return full_name.split(" ")[0][:80] if full_name else _("Viewer")


@require_safe
def live_list(request: HttpRequest) -> HttpResponse:
    return render(request, "social/live/list.html", {"on_air": lives_on_air(), "upcoming": lives_upcoming()})


def _live_or_404(live_id: str) -> LiveSession:
    live = live_get(live_id=live_id)
    if live is None:
        raise Http404(_("There is no such live."))
    return live


def _page(request: HttpRequest, live: LiveSession, form: ChatForm | None = None, status: int = 200) -> HttpResponse:
    over = live.status in (Status.ENDED, Status.SUSPENDED)
    # Not "messages": that name is the flash messages' in every template (base.html shows them as alerts).
    chat = chat_replay(live=live) if over else chat_page(live=live, limit=50)
    context = {"live": live, "form": form or ChatForm(), "chat": chat, "last_id": chat[-1].pk if chat else 0,
               "pins": [pin_card(live.public_id, p) for p in live_pins_shown(live=live)],
               "is_host": getattr(request.user, "public_id", None) == live.creator.account,
               "status_labels": {value: str(label) for value, label in Status.choices}}
    if over:
        start = live.started_at or live.scheduled_for
        context["timeline"] = [(offset_label(e.at), e) for e in live_pin_timeline(live=live)]
        context["chat_offsets"] = [(offset_label(max(m.created_at - start, timedelta())), m)
                                   for m in chat]
        return render(request, "social/live/replay.html", context, status=status)
    return render(request, "social/live/detail.html", context, status=status)


@require_safe
def live_detail(request: HttpRequest, live_id: str) -> HttpResponse:
    return _page(request, _live_or_404(live_id))


@require_POST
def live_chat(request: HttpRequest, live_id: str) -> HttpResponse:
    """Post a chat message (a form post: the page's script sends the same form with fetch and stays put)."""
    live = _live_or_404(live_id)
    if not request.user.is_authenticated:
        return redirect_to_login(live_page_url(live))
    form = ChatForm(request.POST)
    if form.is_valid():
        try:
            chat_post(account=request.user.public_id, author_name=author_name(request.user), live_id=live.public_id,
                      body=form.cleaned_data["body"])
        except LapakError as error:
            form.add_service_error(error)
            if request.headers.get("X-Requested-With") == "fetch":
                return HttpResponse(" ".join(str(m) for m in form.errors.get("body", form.non_field_errors())),
                                    status=error.status, content_type="text/plain; charset=utf-8")
            return _page(request, live, form, status=error.status)
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)
        return redirect(live_page_url(live) + "#chat")
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(" ".join(str(m) for m in form.errors.get("body", [])), status=422,
                            content_type="text/plain; charset=utf-8")
    return _page(request, live, form, status=422)


def live_page_url(live: LiveSession) -> str:
    return reverse("social_live:detail", args=[live.public_id])
