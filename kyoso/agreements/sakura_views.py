"""Pages of the Sakura Tool on agreements: the advisor's wizard, the terms, drafts, negotiation
status and publication requests. Plain forms: every page works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.core import hooks
from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.rules.sakura import Answers, advise, term_sets

from . import sakura
from .drafts import render_draft
from .forms import AdvisorForm, AgreementTermsForm, DraftAgreementForm, PublicationRequestForm, ResearcherForm
from .models import Agreement, AgreementResearcher, AgreementTerms, DraftVersion, PublicationRequest


def _changeable(request, pk) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.for_user(request.user), pk=pk)
    if not Agreement.objects.for_user(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    return agreement


@login_required
def wizard(request):
    """Questionnaire → ranked types with reasons → a draft agreement with the chosen type's terms."""
    if not Agreement.objects.get_queryset().may_create(request.user):
        raise PermissionDenied
    questions = AdvisorForm(request.POST or request.GET or None)
    advice = None
    create = None
    if questions.is_bound and questions.is_valid():
        advice = advise(Answers(**questions.cleaned_data))
        types = advice.types or list(term_sets())
        create = DraftAgreementForm(request.POST if "create" in request.POST else None, types=types, user=request.user,
                                    initial={"type_code": types[0]})
        if create.is_bound and create.is_valid():
            data = create.cleaned_data
            try:
                agreement = sakura.create_draft_agreement(
                    user=request.user, number=data["number"], title=data["title"], title_ja=data["title_ja"],
                    type_code=data["type_code"], start=data["start"], end=data["end"],
                    university=data["university"], company=data["company"], consortium=data["consortium"])
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [_("You may not create this agreement.")]):
                    create.add_error(None, message)
            else:
                messages.success(request, _("Draft agreement created from type %(type)s.") % {"type": data["type_code"]})
                return HttpResponseRedirect(agreement.get_absolute_url())
    language = "ja" if request.LANGUAGE_CODE.startswith("ja") else "en"
    recommended = advice.as_json(language)["recommended"] if advice else []
    return render(request, "agreements/sakura_wizard.html", {
        "questions": questions, "advice": advice, "recommended": recommended, "create": create,
    })


@login_required
def terms_edit(request, pk):
    agreement = _changeable(request, pk)
    terms = sakura.start_terms(agreement, user=request.user)
    form = AgreementTermsForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        try:
            sakura.save_terms(form.instance, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Terms saved."))
            return HttpResponseRedirect(agreement.get_absolute_url())
    return render(request, "agreements/terms_edit.html", {"form": form, "object": agreement,
                                                         "cancel_url": agreement.get_absolute_url()})


@require_POST
@login_required
def start_terms(request, pk):
    agreement = _changeable(request, pk)
    sakura.start_terms(agreement, user=request.user)
    return HttpResponseRedirect(agreement.get_absolute_url())


@login_required
def researcher_add(request, pk):
    agreement = _changeable(request, pk)
    form = ResearcherForm(request.POST or None, agreement=agreement, instance=AgreementResearcher(agreement=agreement))
    if request.method == "POST" and form.is_valid():
        try:
            sakura.add_researcher(form.instance, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return HttpResponseRedirect(agreement.get_absolute_url())
    return render(request, "agreements/researcher_edit.html", {"form": form, "object": agreement,
                                                              "cancel_url": agreement.get_absolute_url()})


@require_POST
@login_required
def researcher_remove(request, pk):
    researcher = get_object_or_404(AgreementResearcher.objects.for_user(request.user).select_related("agreement"), pk=pk)
    _changeable(request, researcher.agreement_id)
    sakura.remove_researcher(researcher, user=request.user)
    return HttpResponseRedirect(researcher.agreement.get_absolute_url())


@require_POST
@login_required
def change_status(request, pk):
    agreement = _changeable(request, pk)
    try:
        sakura.change_status(agreement, request.POST.get("status", ""), user=request.user,
                             signed_pdf=request.FILES.get("signed_pdf"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(agreement.get_absolute_url())


@require_POST
@login_required
def generate_draft(request, pk):
    agreement = _changeable(request, pk)
    language = request.POST.get("language", "ja")
    version = sakura.record_draft_version(agreement, "en" if language == "en" else "ja", user=request.user)
    messages.success(request, _("Draft version %(number)s generated.") % {"number": version.number})
    return HttpResponseRedirect(agreement.get_absolute_url())


@login_required
def download_draft(request, pk):
    version = get_object_or_404(DraftVersion.objects.for_user(request.user).select_related("agreement"), pk=pk)
    language = request.GET.get("lang") if request.GET.get("lang") in ("ja", "en") else version.language
    response = HttpResponse(render_draft(version, language),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{version.agreement.number}-v{version.number}-{language}.docx"'
    return response


@login_required
def publication_request(request, pk):
    """A researcher (under the agreement), its CPO or the IP office asks to publish."""
    actor = actor_of(request.user)
    if actor.role == Role.RESEARCHER:
        allowed_ids = hooks.first("researcher_agreements", request.user) or ()
        if pk not in allowed_ids:
            raise PermissionDenied
        agreement = get_object_or_404(Agreement.objects.all(), pk=pk)
    else:
        agreement = _changeable(request, pk)
    form = PublicationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sakura.request_publication(agreement, form.cleaned_data["title"], venue=form.cleaned_data["venue"],
                                   user=request.user, allowed=actor.role == Role.RESEARCHER)
        messages.success(request, _("Publication requested; the partner has been given its answer date."))
        target = agreement.get_absolute_url() if actor.role != Role.RESEARCHER else "/"
        return HttpResponseRedirect(target)
    return render(request, "agreements/publication_request.html", {"form": form, "object": agreement})


@require_POST
@login_required
def answer_publication(request, pk):
    publication = get_object_or_404(PublicationRequest.objects.for_user(request.user).select_related("agreement"), pk=pk)
    try:
        sakura.answer_publication(publication, request.POST.get("status", ""), user=request.user,
                                  answer=request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(publication.agreement.get_absolute_url())


def terms_context(agreement, user) -> dict:
    """What the agreement page shows of the Sakura terms (read by ``AgreementDetailView``)."""
    terms = AgreementTerms.objects.for_user(user).filter(agreement=agreement).select_related("lead_party").first()
    from .sakura import TRANSITIONS, term_changes_shown

    return {
        "terms": terms,
        "term_changes": term_changes_shown(terms.changes()) if terms else [],
        "term_breaches": terms.breaches() if terms else [],
        "unconfirmed_terms": _unconfirmed(terms),
        "drafts": [(draft, term_changes_shown(draft.changes))
                   for draft in DraftVersion.objects.for_user(user).filter(agreement=agreement).order_by("-number")],
        "next_statuses": [(s, s.label) for s in TRANSITIONS.get(agreement.status, ())],
        "publications": PublicationRequest.objects.for_user(user).filter(agreement=agreement),
        "term_deadlines": agreement.term_deadlines.order_by("due") if terms else [],
        "researchers": agreement.researchers.select_related("organisation") if terms else [],
        "may_answer": _may_answer(agreement, user),
    }


def _may_answer(agreement, user) -> bool:
    actor = actor_of(user)
    if actor.role == Role.COMPANY:
        return agreement.parties.filter(organisation_id=actor.organisation_id).exists()
    return Agreement.objects.for_user(user, CHANGE).filter(pk=agreement.pk).exists()


def _unconfirmed(terms) -> list:
    """Labels of the terms still at their type's default where no source confirms that default."""
    if terms is None or terms.base_terms() is None:
        return []
    from kyoso.rules.sakura import term_set

    from .sakura import TERM_LABELS

    default = term_set(terms.base_type)
    agreed = terms.as_terms()
    return [TERM_LABELS[key] for key, sure in default.confirmed.items() if not sure and agreed[key] == default.terms[key]]
