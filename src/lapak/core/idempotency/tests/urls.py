"""A test-only URL map: plain views under /api/test/ (never mounted in production)."""

import threading

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from lapak.config.urls import urlpatterns as production_urlpatterns


class Recorder:
    """What the views saw, and knobs the tests turn."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.calls = 0
        self.next_status = 201
        self.raise_next = False
        self.no_store = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def count(self) -> int:
        with self.lock:
            self.calls += 1
            return self.calls


recorder = Recorder()


@csrf_exempt
def echo(request: HttpRequest) -> JsonResponse:
    n = recorder.count()
    if recorder.raise_next:
        recorder.raise_next = False
        raise RuntimeError("boom")
    body = request.body.decode("utf-8", "replace")
    response = JsonResponse({"call": n, "method": request.method, "body": body}, status=recorder.next_status)
    response["Location"] = f"/things/{n}"
    response.set_cookie("noise", "not replayed")
    if recorder.no_store:
        response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def slow(request: HttpRequest) -> JsonResponse:
    n = recorder.count()
    recorder.entered.set()
    assert recorder.release.wait(timeout=15), "the test never released the slow view"
    return JsonResponse({"call": n}, status=201)


urlpatterns = [
    path("api/test/echo", echo),
    path("api/test/slow", slow),
    path("plain/echo", echo),
    *production_urlpatterns,
]
