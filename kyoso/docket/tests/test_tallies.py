"""The open-deadline tallies the database keeps: after every kind of write, exactly a recount.

The oracle walks every deadline in Python (its invention's consortium and confidentiality, its
owners, its state and kind), independently of the triggers and of ``recount_open_tallies``.
"""

from collections import Counter
from datetime import timedelta
from importlib import import_module

import pytest
from django.core.management import call_command

from kyoso.docket.choices import MILESTONE_KINDS, DeadlineState
from kyoso.docket.models import CoOwnedTally, CoOwnedTallyByDay, Deadline, OpenTally, OpenTallyByDay

pytestmark = pytest.mark.django_db


def counted_by_hand() -> tuple[dict, dict, dict, dict]:
    """(by day, totals, co-owned by day, co-owned totals) of the open action deadlines, keyed as
    the tallies are, zeros left out; the co-owned ones once per owner organisation."""
    days, totals, co_days, co_totals = Counter(), Counter(), Counter(), Counter()
    for deadline in Deadline.objects.select_related("filing__family__invention").prefetch_related(
            "filing__family__invention__owners"):
        if deadline.state != DeadlineState.OPEN or deadline.kind in MILESTONE_KINDS:
            continue
        invention = deadline.filing.family.invention
        key = (invention.consortium_id or 0, invention.confidential)
        days[(*key, deadline.office, deadline.due)] += 1
        totals[key] += 1
        for owner in invention.owners.all():
            co_days[(owner.organisation_id, *key, deadline.office, deadline.due)] += 1
            co_totals[(owner.organisation_id, *key)] += 1
    return dict(days), dict(totals), dict(co_days), dict(co_totals)


def stored() -> tuple[dict, dict, dict, dict]:
    days = {(r.consortium_id, r.confidential, r.office, r.due): r.n for r in OpenTallyByDay.objects.all()}
    totals = {(r.consortium_id, r.confidential): r.n for r in OpenTally.objects.all()}
    co_days = {(r.organisation_id, r.consortium_id, r.confidential, r.office, r.due): r.n for r in CoOwnedTallyByDay.objects.all()}
    co_totals = {(r.organisation_id, r.consortium_id, r.confidential): r.n for r in CoOwnedTally.objects.all()}
    tallies = (days, totals, co_days, co_totals)
    assert min([0, *(n for tally in tallies for n in tally.values())]) == 0, "a tally went below zero"
    return tuple({key: n for key, n in tally.items() if n} for tally in tallies)


def assert_exact():
    assert stored() == counted_by_hand()


@pytest.mark.parametrize("migration", ["0009_open_tallies", "0011_co_owned_tallies"])
def test_the_migration_leaves_out_the_milestone_kinds_of_today(migration):
    """The triggers' SQL names the milestone kinds as they were: a new kind needs a new migration."""
    assert set(import_module(f"kyoso.docket.migrations.{migration}").MILESTONES) == {str(kind) for kind in MILESTONE_KINDS}


def test_the_demo_world_is_tallied_exactly():
    days, totals, co_days, co_totals = counted_by_hand()
    assert sum(totals.values()) > 50 and len(totals) >= 2  # open deadlines in several consortia
    assert len({organisation for organisation, *_key in co_totals}) >= 2  # co-owned by several organisations
    assert stored() == (days, totals, co_days, co_totals)


def test_every_write_keeps_the_tallies_exact(user, today, jp_filing):
    from kyoso.consortia.models import Consortium
    from kyoso.core.importing import importer_class, run_import
    from kyoso.docket.services import (
        complete_deadline,
        recompute_filings,
        reopen_deadline,
        save_manual_deadline,
    )
    from kyoso.import_bench import inventions_file
    from kyoso.ip.models import Family, Filing, Invention
    from kyoso.ip.services import delete_invention, save_invention

    office = user("ipoffice")
    assert jp_filing.deadlines.filter(state="open").exclude(kind__in=MILESTONE_KINDS).count() > 0
    assert_exact()  # a new filing's deadlines, written by the docket's service

    first = jp_filing.deadlines.filter(state="open").exclude(kind__in=MILESTONE_KINDS).order_by("due").first()
    complete_deadline(first, DeadlineState.DONE, user=office)
    assert_exact()
    reopen_deadline(Deadline.objects.get(pk=first.pk), user=office)
    assert_exact()
    manual = save_manual_deadline(Deadline(filing=jp_filing, kind="oa_reply", label="Reply", due=today + timedelta(days=20)),
                                  user=office)
    assert_exact()
    manual.due, manual.office = today + timedelta(days=40), "US"
    save_manual_deadline(manual, user=office)
    assert_exact()
    Deadline.objects.filter(pk=manual.pk).delete()
    assert_exact()

    invention = jp_filing.family.invention
    other = Consortium.objects.exclude(pk=invention.consortium_id).order_by("pk").first()
    invention.consortium, invention.topic = other, None
    save_invention(invention, user=office)  # moved to another consortium
    assert_exact()
    invention.confidential = True
    save_invention(invention, user=office)
    assert_exact()
    Invention.objects.filter(pk=invention.pk).update(consortium=None)  # any path, not only the service's
    assert_exact()

    from kyoso.ip.models import InventionOwner
    from kyoso.parties.models import Organisation

    owning = set(invention.owners.values_list("organisation_id", flat=True))
    newcomer, successor = Organisation.objects.exclude(pk__in=owning).order_by("pk")[:2]
    added = InventionOwner.objects.create(invention=invention, organisation=newcomer)  # an owner added
    assert_exact()
    assert any(key[0] == newcomer.pk for key in stored()[3])  # it now counts the invention's deadlines
    InventionOwner.objects.filter(pk=added.pk).update(organisation=successor)  # handed to another organisation
    assert_exact()
    InventionOwner.objects.filter(pk=added.pk).update(share_numerator=1)  # a share changed: nothing moves
    assert_exact()
    InventionOwner.objects.filter(pk=added.pk).delete()  # an owner removed
    assert_exact()
    assert not any(key[0] in (newcomer.pk, successor.pk) and key[1:] == (0, True) for key in stored()[3])

    elsewhere = Invention.objects.exclude(pk=invention.pk).filter(consortium__isnull=False, confidential=False).first()
    Family.objects.filter(pk=jp_filing.family_id).update(invention=elsewhere)  # a family moved to another invention
    assert_exact()
    Filing.objects.filter(pk=jp_filing.pk).update(family=Family.objects.filter(invention=invention).first()
                                                   or Family.objects.create(invention=invention, reference="F-MOVED", title="x"))
    assert_exact()

    Deadline.objects.filter(filing__family__invention__consortium=other).update(state=DeadlineState.WAIVED)  # in bulk
    assert_exact()
    recompute_filings(Filing.objects.filter(family__invention__consortium=other), today=today)
    assert_exact()

    report = run_import(importer_class("inventions")(office), inventions_file(6), "inventions.csv")  # the bulk path
    assert report.committed, report.file_errors
    assert_exact()

    delete_invention(elsewhere, user=office)  # the cascade: families, filings, deadlines
    assert_exact()


def test_recount_repairs_tallies_edited_by_hand(capsys):
    expected = counted_by_hand()
    OpenTallyByDay.objects.update(n=999)
    OpenTally.objects.all().delete()
    CoOwnedTallyByDay.objects.update(n=999)
    CoOwnedTally.objects.all().delete()
    call_command("docket", "recount")
    assert stored() == expected
    out = capsys.readouterr().out
    assert "Open-deadline tallies rebuilt" in out
    assert f"co-owned: {len(expected[2])} rows by day, {len(expected[3])} totals" in out


@pytest.mark.parametrize("persona", ["company-a", "company-b"])
def test_a_company_counts_its_coowned_inventions_outside_its_pool(login, user, today, persona):
    """Confidential inventions it co-owns are outside its consortia's pool: counted from their
    deadlines, beside the pool's tallies, and equal to the scope's own count."""
    from kyoso.ip.models import Invention, InventionOwner
    from kyoso.ip.services import save_invention

    organisation = user(persona).profile.organisation
    owned = Invention.objects.filter(pk__in=InventionOwner.objects.filter(organisation=organisation).values("invention_id"))
    for invention in owned.filter(families__filings__deadlines__state="open").distinct()[:2]:
        invention.confidential = True
        save_invention(invention, user=user("ipoffice"))
    windows = {key: count for key, _label, count in login(persona).get("/docket/").context["windows"]}
    deadlines = Deadline.objects.for_user(user(persona)).actions().open()
    assert windows == {
        "overdue": deadlines.filter(due__lt=today).count(),
        "7": deadlines.filter(due__gte=today, due__lte=today + timedelta(days=7)).count(),
        "30": deadlines.filter(due__gte=today, due__lte=today + timedelta(days=30)).count(),
        "90": deadlines.filter(due__gte=today, due__lte=today + timedelta(days=90)).count(),
        "open": deadlines.count(),
    }
    confidential = deadlines.filter(filing__family__invention__confidential=True).count()
    assert confidential > 0  # the counts above include the co-owned confidential ones


def test_a_failed_write_leaves_the_tallies_as_they_were(user, today, jp_filing):
    """The tallies change in the write's own transaction: rolled back with it."""
    from django.db import transaction

    before = stored()
    assert any(key[0] == jp_filing.family.invention.consortium_id for key in before[1])  # its deadlines are tallied
    with pytest.raises(RuntimeError), transaction.atomic():
        Deadline.objects.filter(filing=jp_filing).update(state=DeadlineState.DONE)
        raise RuntimeError("the write fails after the update")
    assert stored() == before


def _triggers(table: str = "docket_deadline") -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        else:
            cursor.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass "
                           "AND NOT tgisinternal", [table])
        return dict(cursor.fetchall())


def test_deadlines_inserted_in_bulk_are_tallied_once_each_and_the_triggers_stay(user, today, jp_filing):
    """An import's deadlines are counted by grouped statements (SQLite drops its per-row triggers
    for the insert): the tallies end exact, the triggers are back as they were, and a later
    single insert is counted by them again."""
    from kyoso.docket.services.deadlines import deadlines_of_new_filings
    from kyoso.ip.models import Filing

    triggers = _triggers()
    assert {"docket_tally_insert", "docket_co_owned_insert"} <= set(triggers)
    filings = []
    for number in ("2026-700001", "2026-700002"):
        filing = Filing(family=jp_filing.family, office="JP", kind="national", application_number=f"特願{number}",
                        filing_date=today - timedelta(days=30), priority_date=today - timedelta(days=30))
        filing.save()
        Deadline.objects.filter(filing=filing).delete()  # made by the save's hook: inserted again below, in bulk
        filings.append(filing)
    assert_exact()
    created = deadlines_of_new_filings(filings, today=today)
    assert created >= 6  # at least the examination request, the priority periods and the publication of each
    assert_exact()
    assert _triggers() == triggers
    Deadline.objects.create(filing=filings[0], kind="renewal", rule="", office="JP", due=today + timedelta(days=3),
                            label="by hand", manual=True)  # one row: counted by the trigger
    assert_exact()


def test_a_failed_bulk_insert_leaves_the_triggers_and_tallies_as_they_were(today, jp_filing):
    from django.db import connection, transaction

    from kyoso.docket.services.tallies import IN_BULK_SETTING, deadlines_tallied_in_bulk

    before, triggers = stored(), _triggers()
    with transaction.atomic():
        with pytest.raises(RuntimeError, match="after the insert"), deadlines_tallied_in_bulk([jp_filing.pk]):
            Deadline.objects.create(filing=jp_filing, kind="renewal", rule="", office="JP", due=today + timedelta(days=3),
                                    label="by hand", manual=True)
            raise RuntimeError("the write fails after the insert")
        # The rest of the same transaction is tallied by the triggers again.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting(%s, true)", [IN_BULK_SETTING])
                assert cursor.fetchone()[0] in (None, "", "off")
        assert _triggers() == triggers
        assert stored() == before
        Deadline.objects.create(filing=jp_filing, kind="renewal", rule="", office="JP", due=today + timedelta(days=4),
                                label="by hand", manual=True)
        assert_exact()


def test_postgresql_skips_its_insert_triggers_only_inside_the_block(today, jp_filing):
    """The setting that makes PostgreSQL's two insert triggers skip a statement is on inside the
    block only, for this transaction only; the migration names it as the service does."""
    from importlib import import_module

    from django.db import connection

    from kyoso.docket.services.tallies import IN_BULK_SETTING, deadlines_tallied_in_bulk

    assert import_module("kyoso.docket.migrations.0013_tallies_in_bulk").SETTING == IN_BULK_SETTING
    if connection.vendor != "postgresql":
        pytest.skip("SQLite drops and makes again its per-row triggers instead")

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [IN_BULK_SETTING])
            return cursor.fetchone()[0]

    with deadlines_tallied_in_bulk([jp_filing.pk]):
        assert setting() == "on"
        Deadline.objects.create(filing=jp_filing, kind="renewal", rule="", office="JP", due=today + timedelta(days=5),
                                label="by hand", manual=True)
        assert stored() != counted_by_hand()  # not tallied yet: the trigger skipped the statement
    assert setting() == "off"
    assert_exact()
    assert all("current_setting('kyoso.deadlines_in_bulk'" in definition
               for name, definition in _triggers().items() if name in ("docket_tally_insert", "docket_co_owned_insert"))


def test_owners_inserted_in_bulk_count_their_inventions_deadlines_and_the_trigger_stays(jp_filing):
    """An import's owners are tallied by grouped statements (SQLite drops its per-owner trigger
    for the insert): an owner added to an invention with open deadlines counts them all, once."""
    from django.db import transaction

    from kyoso.docket.services.tallies import owners_tallied_in_bulk
    from kyoso.ip.models import InventionOwner
    from kyoso.parties.models import Organisation

    invention = jp_filing.family.invention
    open_deadlines = Deadline.objects.filter(filing__family__invention=invention).open().actions().count()
    assert open_deadlines > 0
    owning = set(invention.owners.values_list("organisation_id", flat=True))
    newcomer, second = Organisation.objects.exclude(pk__in=owning).order_by("pk")[:2]
    triggers = _triggers("ip_inventionowner")
    assert "docket_co_owned_owner_added" in triggers
    def co_owned(organisation) -> int:
        return sum(n for key, n in stored()[3].items() if key[0] == organisation.pk)

    before = co_owned(newcomer)
    with owners_tallied_in_bulk():
        InventionOwner.objects.create(invention=invention, organisation=newcomer)
    assert_exact()
    assert co_owned(newcomer) == before + open_deadlines
    assert _triggers("ip_inventionowner") == triggers
    with pytest.raises(RuntimeError, match="fails"), transaction.atomic(), owners_tallied_in_bulk():
        InventionOwner.objects.create(invention=invention, organisation=second)
        raise RuntimeError("the write fails after the insert")
    assert _triggers("ip_inventionowner") == triggers
    assert_exact()
    InventionOwner.objects.create(invention=invention, organisation=second)  # one owner: counted by the trigger
    assert_exact()
