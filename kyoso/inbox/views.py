"""My work, the notification list (open, mark read, mark all read) and the e-mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from . import services, work
from .forms import EmailChoicesForm
from .models import Notification


class MyWorkView(LoginRequiredMixin, TemplateView):
    """What waits for the user, section by section (each registered by the app that owns it)."""

    template_name = "inbox/my_work.html"

    def get_context_data(self, **kwargs):
        found = work.sections_for(self.request)
        return {**super().get_context_data(**kwargs), "sections": work.render_sections(self.request, found),
                "index": [(section, ctx["total"]) for section, ctx in found]}


class NotificationListView(LoginRequiredMixin, TemplateView):
    """The user's own notifications, newest first, unread ones marked."""

    template_name = "inbox/notification_list.html"

    def get_context_data(self, **kwargs):
        notes = Notification.objects.for_user(self.request.user)
        page = Paginator(notes, 50).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page": page}


def _own(request, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.for_user(request.user), pk=pk)


@login_required
def open_notification(request, pk: int):
    """Follow a notification to its record, marking it read (another user's is a 404)."""
    note = _own(request, pk)
    services.mark_read(note, user=request.user)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(note.url)
    return HttpResponseRedirect(reverse("inbox:notification_list"))


@require_POST
@login_required
def mark_read(request, pk: int):
    services.mark_read(_own(request, pk), user=request.user)
    return HttpResponseRedirect(reverse("inbox:notification_list"))


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return HttpResponseRedirect(reverse("inbox:notification_list"))


class PreferencesView(LoginRequiredMixin, TemplateView):
    """Which kinds of notification also come by e-mail."""

    template_name = "inbox/preferences.html"

    def get_context_data(self, form=None, **kwargs):
        chosen = services.email_choices(self.request.user)
        form = form or EmailChoicesForm(initial={"kinds": [kind for kind, email in chosen.items() if email]})
        return {**super().get_context_data(**kwargs), "form": form}

    def post(self, request, *args, **kwargs):
        form = EmailChoicesForm(request.POST)
        if form.is_valid():
            services.save_email_choices(form.cleaned_data["kinds"], user=request.user)
            messages.success(request, _("Your notification choices were saved."))
            return HttpResponseRedirect(reverse("inbox:preferences"))
        return self.render_to_response(self.get_context_data(form=form))
