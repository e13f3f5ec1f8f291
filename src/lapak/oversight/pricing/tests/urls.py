"""The site's URL map with the operator pages of this app mounted where config/urls.py mounts them (the lead wires
that line; until then the page tests use this map)."""

from django.urls import include, path

from lapak.config import urls as site

urlpatterns = [path("operations/oversight/", include("lapak.oversight.pricing.urls_operations")), *site.urlpatterns]

handler400, handler403, handler404, handler500 = site.handler400, site.handler403, site.handler404, site.handler500
