import pytest
from conftest import PERSONAS
from django.urls import reverse

def test_nav(user):
    from django.apps import apps
    from kyoso.core.importing import importers_for
    for persona in PERSONAS:
        u = user(persona)
        out = []
        for m in ("consortia.Consortium","agreements.Agreement","agreements.Contribution","ip.Invention","ip.Filing","parties.Organisation","parties.Person","docket.Deadline","licensing.LicenceRequest","licensing.Licence","portfolio.ReviewRound","budget.LedgerEntry"):
            try:
                out.append(f"{m.split('.')[1]}={apps.get_model(m).objects.for_user(u).count()}")
            except LookupError as e:
                out.append(f"{m}=?")
        out.append("imp=" + ",".join(i.kind for i in importers_for(u)))
        print(persona, " ".join(out))
