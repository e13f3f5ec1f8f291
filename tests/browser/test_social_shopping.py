"""Issue 8's buyer side in Chromium on a phone, on the demo data (`demo_seed` at scale 0, social seeder included):
the demo buyer signs in, finds @rizky's video in the feed, taps a tagged product (social's /go/ redirect → the
marketplace's /handoff/ landing → the product page) and adds it to the cart; opens the live, sees the pinned
product and chats (the message arrives over the live's Server-Sent Events stream: the page's script sends the
form with fetch and does not reload); a comment carrying a script tag shows as text and never runs.

Screenshots land in test-artifacts/social-*.png for a person to look at. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os
import re

import pytest
from phone import PHONE, phone_page
from test_smoke import ARTIFACTS, CHROMIUM, chromium  # noqa: F401  (the shared Chromium launch and fixture)

from lapak.demo.tests.conftest import regions, regions_session_load  # noqa: F401  (fixtures)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# As phone.MARKS, but on both databases: the social pages read the `social` alias.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", "social"]),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]
INJECTION = "<script>window.pwned=1</script>"


def fits(page, name: str) -> None:
    page.wait_for_load_state("load")  # the page's own stylesheet applied (it sizes the 720 px video poster)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a {PHONE['width']}px screen"


@pytest.fixture
def demo(regions, live_server, settings):  # noqa: F811
    """The demo data; the catalogue client (used after seeding, e.g. to refresh snapshots) asks the live server."""
    from lapak.demo.tests.demo_money_support import demo_seed

    settings.MARKETPLACE_API_URL = f"{live_server.url}/api/v1"
    return demo_seed()


def test_buyer_shops_from_a_post_chats_in_a_live_and_a_script_comment_stays_text(chromium, live_server, demo):  # noqa: F811
    from playwright.sync_api import expect

    from lapak.accounts.models import User
    from lapak.demo.seeders.accounts import DEMO_DOMAIN, DEMO_PASSWORD
    from lapak.demo.seeders.social import LIVE_TITLE
    from lapak.market.checkout.models import CartLine
    from lapak.social.models import ChatMessage, Comment, LiveSession, Post

    base = live_server.url
    buyer = User.objects.get(email=f"pembeli@{DEMO_DOMAIN}")
    creator = User.objects.get(email=f"kreator@{DEMO_DOMAIN}")
    post = Post.objects.get(creator__handle="rizky", kind=Post.Kind.VIDEO)
    first_tag = post.tags.order_by("position")[0]
    live = LiveSession.objects.get(title=LIVE_TITLE)
    [pin] = live.pins.filter(unpinned_at=None)
    page, errors = phone_page(chromium, base)

    # 1. Sign in through the form, open the feed: the creator's video card is there.
    page.goto(f"{base}/accounts/login/?next=/feed/")
    page.get_by_label("Email address").fill(buyer.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/feed/")
    # Signing in brings back the demo buyer's own language (Indonesian); this test reads the English pages.
    if page.locator("html").get_attribute("lang") != "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    card = page.locator(f"#post-{post.public_id}")
    expect(card.locator(".feed-card__creator")).to_contain_text("@rizky")
    expect(card.locator("video")).to_have_count(1)
    fits(page, "the feed")
    page.screenshot(path=str(ARTIFACTS / "social-feed.png"), full_page=True)

    # The post's page lists both tagged products; tapping the first hands the buyer to the marketplace.
    card.locator(".feed-card__counts a").click()
    expect(page).to_have_url(f"{base}/posts/{post.public_id}/")
    tagged = page.locator("#tagged-products .product-card")
    expect(tagged).to_have_count(2)
    hops: list[str] = []
    page.on("request", lambda request: hops.append(request.url) if request.is_navigation_request() else None)
    tagged.first.get_by_role("link").click()
    expect(page).to_have_url(f"{base}/p/{first_tag.product_id}/")
    assert [re.sub(r"\?.*", "", url.removeprefix(base)) for url in hops] == [
        f"/go/post/{post.public_id}/{first_tag.product_id}/", "/handoff/", f"/p/{first_tag.product_id}/"], hops
    expect(page.locator("#product-title")).to_have_text(first_tag.title)
    add = page.get_by_role("button", name="Add to cart")
    if add.is_disabled():  # a product with variants: pick the first one offered (htmx swaps the buy box)
        page.locator("#buy-picker a").first.click()
        expect(add).to_be_enabled()
    add.click()
    expect(page).to_have_url(f"{base}/cart/")
    expect(page.get_by_role("main")).to_contain_text(first_tag.title)
    line = CartLine.objects.get(cart__user=buyer)
    assert line.variant.product.public_id == first_tag.product_id
    # The hand-off the browser went through is what the cart line is attributed to.
    assert (line.attribution_creator, line.attribution_click.source, line.attribution_click.source_id) == (
        creator.public_id, "post", post.public_id)
    fits(page, "the cart")

    # 2. The live: the pinned product is shown; a chat message arrives through the event stream, no reload.
    with page.expect_response(re.compile(rf"/live/{live.public_id}/events\?after=\d+$")) as stream:
        page.goto(f"{base}/live/{live.public_id}/")  # the page's script opens the stream
    assert stream.value.status == 200
    expect(page.locator(f"#pin-{pin.product_id}")).to_contain_text(pin.title)
    expect(page.locator("#chat-list")).to_contain_text("Kak, ada ukuran L?")  # the seeded message
    page.evaluate("window.sameDocument = true")  # gone if the page reloads instead
    page.get_by_label("Message").fill("Ukuran M masih ada, kak?")
    with page.expect_response(f"{base}/live/{live.public_id}/chat/") as sent:
        page.locator("#chat-form").get_by_role("button", name="Send").click()
    assert sent.value.status == 204
    message = ChatMessage.objects.get(live=live, body="Ukuran M masih ada, kak?")
    expect(page.locator(f"#chat-{message.pk} .live-chat__body")).to_have_text("Ukuran M masih ada, kak?")
    expect(page.get_by_label("Message")).to_have_value("")
    assert page.evaluate("window.sameDocument") is True, "the chat message showed only after a reload"
    expect(page.locator("#chat-error")).to_be_hidden()
    fits(page, "the live")
    page.screenshot(path=str(ARTIFACTS / "social-live.png"), full_page=True)

    # 3. A comment with a script tag is stored and shown as text; the script never runs.
    page.goto(f"{base}/posts/{post.public_id}/")
    page.get_by_label("Your comment").fill(INJECTION)
    page.locator("#comment-form").get_by_role("button", name="Send").click()  # htmx swaps #comments
    comment = page.locator("#comment-list li").filter(has_text=INJECTION)
    expect(comment).to_have_count(1)
    assert Comment.objects.filter(post=post, body=INJECTION).count() == 1
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("#comment-list script").count() == 0
    page.reload()  # the page as rendered by the server, not the htmx swap
    expect(page.locator("#comment-list li").filter(has_text=INJECTION)).to_have_count(1)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("#comment-list script").count() == 0
    fits(page, "the post")
    page.screenshot(path=str(ARTIFACTS / "social-post-comment.png"), full_page=True)

    assert not errors, errors
    page.context.close()
