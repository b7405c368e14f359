"""Field-level history on every record, and a readable event log on each detail page."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest

from .expected import ASAHI, LEAD_UNIVERSITY, MODELS


def _edit_form_data(response) -> dict:
    from .test_permissions import form_data

    return form_data(response.context["form"])


def _activity(response) -> str:
    """The text of the detail page's history card, tags stripped."""
    card = re.search(r'<section class="card" id="activity">(.*?)</section>', response.content.decode(), re.S).group(1)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)))


@pytest.fixture
def endos_invention(db):
    from kyoso.ip.models import Invention

    return Invention.objects.filter(inventors__person__family_name="Endo").order_by("pk").first()


def test_web_edit_records_old_and_new_value_and_who(login, endos_invention):
    web = login("researcher")
    old_title = endos_invention.title
    data = _edit_form_data(web.get(f"/inventions/{endos_invention.pk}/edit/"))
    data["title"] = "A clearer title for the examiner"
    assert web.post(f"/inventions/{endos_invention.pk}/edit/", data).status_code == 302

    latest = endos_invention.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user.username == "researcher"
    assert latest.title == "A clearer title for the examiner"

    # Anyone who may see the invention reads the change on its page: who, what, before → after.
    activity = _activity(login("ipoffice").get(f"/inventions/{endos_invention.pk}/"))
    assert f"researcher changed title: {old_title} → A clearer title for the examiner" in activity
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} researcher", activity)  # when, then who


def test_changing_owners_shows_in_the_event_log(login, endos_invention):
    from kyoso.parties.models import Organisation

    web = login("ipoffice")
    data = _edit_form_data(web.get(f"/inventions/{endos_invention.pk}/edit/"))
    lead, asahi = Organisation.objects.get(name=LEAD_UNIVERSITY), Organisation.objects.get(name=ASAHI)
    for i in range(3):
        data[f"owners-{i}-organisation"], data[f"owners-{i}-share"] = "", ""
    data.update({"owners-0-organisation": lead.pk, "owners-0-share": "70",
                 "owners-1-organisation": asahi.pk, "owners-1-share": "30"})
    assert web.post(f"/inventions/{endos_invention.pk}/edit/", data).status_code == 302

    activity = _activity(web.get(f"/inventions/{endos_invention.pk}/"))
    assert "ipoffice Owners now: Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)" in activity
    # …and the IP office's event log lists it too.
    assert "Owners now: Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)" in html.unescape(
        web.get("/events/").content.decode()
    )


def test_the_event_log_speaks_the_readers_language(login, endos_invention):
    """Written by someone working in English, read by someone working in Japanese (and back)."""
    from .test_i18n import _switch

    writer = login("ipoffice")
    data = _edit_form_data(writer.get(f"/inventions/{endos_invention.pk}/edit/"))
    data["title"] = "A title to be read in Japanese"
    assert writer.post(f"/inventions/{endos_invention.pk}/edit/", data).status_code == 302

    reader = login("cpo")
    _switch(reader, "ja")
    activity = _activity(reader.get(f"/inventions/{endos_invention.pk}/"))
    assert "発明「" in activity and "」を変更：名称" in activity  # the event: invention “…” changed: title
    assert "ipoffice 変更" in activity  # the field history's "changed"
    assert " changed" not in activity

    # A Japanese writer's event reads in English for an English reader.
    _switch(writer, "ja")
    data["title"] = "Another title, written from a Japanese screen"
    assert writer.post(f"/inventions/{endos_invention.pk}/edit/", data).status_code == 302
    _switch(reader, "en")
    activity = _activity(reader.get(f"/inventions/{endos_invention.pk}/"))
    assert "Invention “" in activity and "” changed: title" in activity
    assert "を変更" not in activity


def test_unchanged_save_adds_no_noise(login, endos_invention):
    from kyoso.core.models import Event

    web = login("ipoffice")
    events = Event.objects.count()
    activity = _activity(web.get(f"/inventions/{endos_invention.pk}/"))
    data = _edit_form_data(web.get(f"/inventions/{endos_invention.pk}/edit/"))
    assert web.post(f"/inventions/{endos_invention.pk}/edit/", data).status_code == 302
    assert Event.objects.count() == events
    assert _activity(web.get(f"/inventions/{endos_invention.pk}/")) == activity


# One harmless change per model: (field, new value).
REVISIONS = {
    "Organisation": ("name_ja", "改訂名"), "Person": ("email", "revised@example.org"),
    "Affiliation": ("department", "Revised department"), "Consortium": ("description", "Revised."),
    "Membership": ("left", date(2030, 3, 31)), "ResearchArea": ("name_ja", "改訂"),
    "ResearchTopic": ("title_ja", "改訂課題"), "ContractType": ("description", "Revised."),
    "Agreement": ("notes", "Revised."), "AgreementParty": ("role", "funder"),
    "Contribution": ("note", "Revised."), "Invention": ("abstract", "Revised."),
    "InventionOwner": ("share_denominator", 8), "Inventor": ("contribution", Decimal("12.50")),
    "Family": ("title", "Revised family title"), "Filing": ("claims", 42),
    "Deadline": ("note", "Revised."), "ShareClassScheme": ("title", "Revised scheme"), "ShareClass": ("label", "Revised"),
    "LicensingPolicy": ("title", "Revised policy"), "LicenceRequest": ("note", "Revised."),
    "Licence": ("territory", "Japan and Korea"), "RoyaltyTerm": ("event", "Revised milestone"),
    "RoyaltyReport": ("note", "Revised."), "Invoice": ("number", "INV-REVISED"), "DistributionRule": ("name", "Revised rule"),
    "PatentCost": ("description", "Revised."), "Grant": ("notes", "Revised."), "Cost": ("description", "Revised."),
    "AreaWeight": ("weight", 55), "ReviewRound": ("title", "Revised round"),
    "ReviewItem": ("decision_note", "Revised."), "MemberVote": ("note", "Revised."),
}
# Not revised by hand, so not here: ledger entries are append-only (a reversing entry corrects
# one), class assignments and distribution runs are recomputed by their
# services, a licensed asset and a compensation policy have no free field, statement lines keep no
# history (a run replaces them whole).


@pytest.mark.parametrize("spec", [s for s in MODELS if s.name in REVISIONS], ids=str)
def test_every_model_keeps_field_history_with_the_user(spec, user):
    """A change to any record, saved through the service, is in its history: before, after, who."""
    from kyoso.core.services import save_object

    field, value = REVISIONS[spec.name]
    obj = spec.model.objects.order_by("pk").first()
    save_object(obj, user=user("ipoffice"))  # rows from data migrations (contract types) have no history yet
    before = getattr(obj, field)
    setattr(obj, field, value)
    save_object(obj, user=user("ipoffice"))

    newest, previous = obj.history.order_by("-history_date", "-history_id")[:2]
    changes = [c for c in newest.diff_against(previous).changes if c.field != "modified"]
    assert [(c.field, c.old, c.new) for c in changes] == [(field, before, value)]
    assert newest.history_user.username == "ipoffice"
