"""Action URLs (the targets of forms) opened by GET — a bookmark, the browser's history — answer
405 Method Not Allowed, or the action's own page; never a server error.

``ACTION_URLS`` lists every action; the resolver walk below finds every class-based view without
a page of its own, so a new action view that is not listed here (and so not tried by GET) fails.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic.base import TemplateResponseMixin

pytestmark = pytest.mark.django_db


def _pk(model_path: str):
    """A demo row's primary key, looked up when the test runs (``app.Model``)."""
    from django.apps import apps

    return lambda: [apps.get_model(model_path).objects.order_by("pk").first().pk]


def _undecided_item():
    """A right still to decide: a second round over the demo's rights (the first is all decided)."""
    from django.contrib.auth import get_user_model

    from kyoso.consortia.models import Consortium
    from kyoso.portfolio.services.review import open_round

    review = open_round(Consortium.objects.get(slug="opera-demo"), user=get_user_model().objects.get(username="ipoffice"),
                        as_of=date(2026, 11, 26))
    return [review.items.order_by("pk").first().pk]


def _none():
    return []


#: (URL name, arguments, status of a GET by the IP office).
ACTION_URLS = [
    ("portfolio:reviewround_open", _none, 405),
    ("portfolio:reviewround_rescore", _pk("portfolio.ReviewRound"), 405),
    ("portfolio:reviewitem_vote", _pk("portfolio.ReviewItem"), 405),
    ("portfolio:reviewitem_decide", _pk("portfolio.ReviewItem"), 405),
    ("portfolio:reviewitem_reopen", _pk("portfolio.ReviewItem"), 405),
    ("portfolio:reviewitem_abandon", _undecided_item, 200),  # the confirmation page
    ("budget:sync", lambda: ["opera-demo"], 405),
    ("budget:ledgerentry_reverse", _pk("budget.LedgerEntry"), 405),
    ("licensing:shareclassscheme_recompute", _pk("licensing.ShareClassScheme"), 405),
    ("licensing:licencerequest_committee", _pk("licensing.LicenceRequest"), 405),
    ("licensing:licencerequest_issue", _pk("licensing.LicenceRequest"), 405),
    ("licensing:distributionrule_run", _pk("licensing.DistributionRule"), 405),
    ("transfer:deal_move", _pk("transfer.Deal"), 405),
    ("transfer:technology_publish", _pk("transfer.Technology"), 405),
    ("docket:deadline_complete", _pk("docket.Deadline"), 405),
    ("docket:deadline_reopen", _pk("docket.Deadline"), 405),
    ("docket:calendar_regenerate", _none, 405),
    ("importing:confirm", _none, 405),
    ("ip:changeproposal_decide", lambda: [1], 405),  # refused by method before any proposal is looked up
    ("ip:invention_agreement_owners", _pk("ip.Invention"), 405),
    ("accounts:user_active", _pk("auth.User"), 405),
    ("accounts:user_reinvite", _pk("auth.User"), 405),
    ("accounts:token_revoke", lambda: [1], 405),  # refused by method before any token is looked up
    ("accounts:feed_rotate", _none, 405),
    ("documents:document_attach", lambda: ["agreement", 1], 405),
    ("documents:document_delete", _pk("documents.Document"), 405),
    ("set_language", _none, 405),
    ("logout", _none, 405),
    ("rest_framework:logout", _none, 405),
]


@pytest.mark.parametrize(("name", "args", "status"), ACTION_URLS, ids=[row[0] for row in ACTION_URLS])
def test_an_action_url_opened_by_get_answers_405_or_its_page(name, args, status, login):
    response = login("ipoffice").get(reverse(name, args=args()))
    assert response.status_code == status


def _views(patterns, namespace=""):
    """(URL name, view class) of every class-based view the resolver reaches."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "view_class"):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback.view_class


def _renders_without_a_template(view_class) -> bool:
    """A GET that would render a template nobody named (a ``TemplateView`` used for a POST action)."""
    return (issubclass(view_class, TemplateResponseMixin) and view_class.template_name is None
            and view_class.get_template_names is TemplateResponseMixin.get_template_names)


def _has_no_page(view_class) -> bool:
    return "get" not in view_class.http_method_names or not hasattr(view_class, "get")


def test_no_view_answers_get_with_a_template_it_does_not_have():
    broken = sorted(name for name, view in _views(get_resolver().url_patterns)
                    if not _has_no_page(view) and _renders_without_a_template(view))
    assert broken == []


def test_every_view_without_a_page_is_listed_and_so_tried_by_get():
    without_page = {name for name, view in _views(get_resolver().url_patterns) if _has_no_page(view)}
    listed = {name for name, _args, _status in ACTION_URLS}
    assert without_page - listed == set()
    assert {"portfolio:reviewitem_decide", "budget:sync", "licensing:distributionrule_run"} <= without_page
