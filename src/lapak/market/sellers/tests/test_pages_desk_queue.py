"""The KYC queue: what waits by default, filters, counts per status, oldest first, SLA age highlighted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.services import seller_apply
from lapak.market.sellers.tests.conftest import NIK_MAN, NIK_WOMAN


def queue(people, **params) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people.operator)
    response = client.get(reverse("operations:kyc_queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def listed(body: str) -> list[str]:
    """The case ids in the table, in order."""
    return re.findall(r'<th scope="row"><a href="/operations/kyc/(kyc_[^/]+)/">', body)


def age(application, hours):
    SellerApplication.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - timedelta(hours=hours))


@pytest.fixture
def cases(build, people):
    submitted = build.submitted(birth=timezone.datetime(1990, 5, 13).date())  # flagged: birth date mismatch
    in_review = build.in_review(owner=build.user(), nik=NIK_WOMAN, sex="F", shop="Toko Siti", account="2222222222")
    business = build.business(owner=build.user(), responsible_nik="3171014101850003")
    from lapak.market.sellers.services import application_submit

    business = application_submit(application=business, actor=business.organisation.memberships.get().user)
    gb = build.submitted(owner=build.user(), nik="3171010101800004", shop="UK Shop", jurisdiction="GB",
                         birth=timezone.datetime(1980, 1, 1).date(), account="3333333333")
    draft = seller_apply(actor=build.user(), seller_type="individual", shop_name="Toko Draf")
    age(submitted, 80)
    age(in_review, 30)
    age(business, 2)
    age(gb, 50)
    return {"submitted": submitted, "in_review": in_review, "business": business, "gb": gb, "draft": draft}


@pytest.mark.django_db
def test_the_queue_lists_waiting_cases_oldest_first_with_counts_and_sla(cases, people):
    body = queue(people)
    ids = {name: a.public_id for name, a in cases.items()}
    assert listed(body) == [ids["submitted"], ids["gb"], ids["in_review"], ids["business"]]
    assert ids["draft"] not in body
    assert NIK_MAN not in body and NIK_WOMAN not in body
    # Counts per status are links that filter the queue.
    assert re.search(r'status=submitted">Submitted <span class="count-tabs__count">3</span>', body)
    assert re.search(r'status=in_review">In review <span class="count-tabs__count">1</span>', body)
    assert re.search(r'status=draft">Draft <span class="count-tabs__count">1</span>', body)
    # 80 hours: overdue; 30 and 50 hours: due soon; 2 hours: fine.
    rows = re.findall(r'<tr class="row--sla-(\w+)">\s*<th scope="row"><a href="/operations/kyc/(kyc_[^/]+)/', body)
    by_case = {case: level for level, case in rows}
    assert by_case == {ids["submitted"]: "breach", ids["gb"]: "warn", ids["in_review"]: "warn",
                       ids["business"]: "ok"}
    assert body.count("<strong>overdue</strong>") == 1


@pytest.mark.django_db
def test_each_filter_narrows_the_queue(cases, people):
    ids = {name: a.public_id for name, a in cases.items()}
    assert listed(queue(people, status="in_review")) == [ids["in_review"]]
    assert listed(queue(people, status="draft")) == [ids["draft"]]
    assert listed(queue(people, flag="birth_date_mismatch")) == [ids["submitted"]]
    assert listed(queue(people, seller_type="business")) == [ids["business"]]
    assert listed(queue(people, jurisdiction="GB")) == [ids["gb"]]
    assert listed(queue(people, jurisdiction="ID", seller_type="individual")) == [ids["submitted"], ids["in_review"]]
    assert listed(queue(people, sort="newest")) == [ids["business"], ids["in_review"], ids["gb"], ids["submitted"]]
    # Counts follow the other filters.
    assert re.search(r'Submitted <span class="count-tabs__count">1</span>', queue(people, seller_type="business"))


@pytest.mark.django_db
def test_an_invalid_filter_is_shown_and_ignored(cases, people):
    body = queue(people, status="nonsense", seller_type="business")
    assert "Select a valid choice." in body
    assert listed(body) == [cases["business"].public_id]


@pytest.mark.django_db
def test_an_empty_queue_says_so(people):
    assert "No applications here" in queue(people)
