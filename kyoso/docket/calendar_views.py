"""The calendar feed (by secret token) and the page where a user manages it and their reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kyoso.accounts.models import Profile
from kyoso.accounts.services import rotate_feed_token

from .feeds import FEED_FUTURE_DAYS, FEED_MAX_EVENTS, FEED_PAST_DAYS, deadline_calendar
from .forms import ReminderPreferenceForm
from .models import ReminderPreference
from .services.reminders import default_leads


def feed(request, token: str):
    """``/docket/calendar/<token>.ics``: no session, the token is the secret."""
    profile = Profile.objects.select_related("user").filter(feed_token=token).first()
    if profile is None or not profile.user.is_active:
        raise Http404
    response = HttpResponse(deadline_calendar(profile.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kyoso-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


class CalendarView(LoginRequiredMixin, TemplateView):
    """The user's secret feed URL (copy, regenerate) and their reminder lead times."""

    template_name = "docket/calendar.html"

    def preference(self):
        default = ",".join(map(str, default_leads()))
        return ReminderPreference.objects.filter(user=self.request.user).first() or ReminderPreference(
            user=self.request.user, lead_days=default
        )

    def get_context_data(self, form=None, **kwargs):
        profile = getattr(self.request.user, "profile", None) if hasattr(self.request.user, "profile") else None
        url = (
            self.request.build_absolute_uri(reverse("docket:feed", args=[profile.feed_token])) if profile else ""
        )
        return {**super().get_context_data(**kwargs), "feed_url": url, "feed_past_days": FEED_PAST_DAYS,
                "feed_future_years": FEED_FUTURE_DAYS // 365, "feed_max_events": FEED_MAX_EVENTS,
                "form": form or ReminderPreferenceForm(instance=self.preference())}

    def post(self, request, *args, **kwargs):
        form = ReminderPreferenceForm(request.POST, instance=self.preference())
        if form.is_valid():
            form.instance.full_clean()
            form.save()
            messages.success(request, _("Reminder lead times saved."))
            return HttpResponseRedirect(reverse("docket:calendar"))
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
@login_required
def regenerate(request):
    """A new secret: every copy of the old feed URL stops working at once."""
    try:
        rotate_feed_token(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("A new calendar address was made; the old one no longer works."))
    return HttpResponseRedirect(reverse("docket:calendar"))
