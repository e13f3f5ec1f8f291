"""A URL map with stand-ins for the area pages later work adds, to test the role navigation."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from lapak.config.urls import urlpatterns as site_urlpatterns


def stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stand-in")


def _area(prefix: str, namespace: str, name: str):
    return path(f"{prefix}/", include(([path("", stand_in, name=name)], namespace)))


urlpatterns = [
    _area("orders", "orders", "list"),
    _area("seller", "sellers", "centre"),
    _area("operations", "operations", "home"),
    _area("oversight", "oversight", "home"),
    *site_urlpatterns,
]
