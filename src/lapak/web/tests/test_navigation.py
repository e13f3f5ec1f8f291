"""The header navigation shows each role its areas, and never a link to a page that does not exist."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

# Everyone's links: the home page, the feed and the lives (social pages anyone may read).
PUBLIC_LINKS = {"/": "Home", "/feed/": "Feed", "/live/": "Live"}
AREA_LABELS = {
    "/orders/": "My orders",
    "/seller/": "Seller centre",
    "/studio/": "Creator studio",
    "/operations/": "Operations",
    "/operations/compliance/decisions/": "Compliance",
    "/oversight/": "Oversight",
}


def nav_links(client: Client, path: str = "/") -> dict[str, str]:
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no main navigation"
    return dict(re.findall(r'<a class="site-nav__link" href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1)))


def signed_in(make_user, roles=()) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(make_user(roles=roles, jurisdiction="ID"))
    return client


@pytest.mark.urls("lapak.web.tests.nav_urls")
@pytest.mark.parametrize(
    ("roles", "areas"),
    [
        ((), {"/orders/"}),
        (("seller_member",), {"/orders/", "/seller/"}),
        (("creator",), {"/orders/", "/studio/"}),
        (("operator",), {"/orders/", "/operations/", "/operations/compliance/decisions/"}),
        (("regulator",), {"/orders/", "/oversight/", "/operations/compliance/decisions/"}),
        (("seller_member", "creator"), {"/orders/", "/seller/", "/studio/"}),
    ],
)
def test_each_role_sees_its_own_areas_and_no_others(make_user, roles, areas):
    # Every account made by sign-up is a buyer too; the extra roles add their areas.
    links = nav_links(signed_in(make_user, roles))
    assert links == PUBLIC_LINKS | {url: AREA_LABELS[url] for url in areas}


@pytest.mark.urls("lapak.web.tests.nav_urls")
def test_anonymous_visitors_see_no_area_links():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert nav_links(client) == PUBLIC_LINKS


@pytest.mark.urls("lapak.web.tests.nav_urls")
def test_the_current_area_is_marked(make_user):
    html = signed_in(make_user, ("seller_member",)).get("/").content.decode()
    assert '<a class="site-nav__link" href="/" aria-current="page">' in html
    assert '<a class="site-nav__link" href="/seller/">' in html


@pytest.mark.django_db(databases=["default", "social"])
def test_areas_that_do_not_exist_yet_are_not_linked(make_user):
    # With the real URL map, only pages that exist are linked, whatever the roles.
    client = signed_in(make_user, ("seller_member", "creator", "operator", "regulator"))
    for url, target in nav_links(client).items():
        assert client.get(url).status_code != 404, f"{target} links to a missing page"
