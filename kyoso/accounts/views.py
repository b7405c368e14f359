"""People and roles on the web: the IP office's users page, invitations, each user's own account.

Every change goes through :mod:`kyoso.accounts.services` (the same functions as ``kyoso user``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kyoso.core.roles import Role, actor_of

from . import services
from .forms import AcceptForm, InviteForm, RoleForm, TokenForm
from .invitations import InvitationRefused, invitation_days, invited_user
from .models import ApiToken, Profile


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class IpOfficeMixin(LoginRequiredMixin):
    """The users pages are the IP office's alone (checked before the request's data is read)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not actor_of(request.user).is_ip_office:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserListView(IpOfficeMixin, TemplateView):
    """Every user: role, company, consortia, person, active, last sign-in."""

    template_name = "accounts/user_list.html"

    def get_context_data(self, **kwargs):
        users = get_user_model().objects.select_related("profile__organisation", "profile__person").prefetch_related(
            "profile__consortia").order_by("username")
        query = self.request.GET.get("q", "").strip()
        if query:
            users = users.filter(Q(username__icontains=query) | Q(email__icontains=query)
                                 | Q(first_name__icontains=query) | Q(last_name__icontains=query))
        page = Paginator(users, 50).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page": page, "q": query}


class InviteView(IpOfficeMixin, TemplateView):
    """Invite by e-mail: the link is sent and shown here once."""

    template_name = "accounts/user_invite.html"

    def get_context_data(self, form=None, **kwargs):
        return {**super().get_context_data(**kwargs), "form": form or InviteForm(user=self.request.user),
                "days": invitation_days()}

    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                invitation = services.invite_user(user=request.user, email=form.cleaned_data["email"],
                                                  language=form.cleaned_data["language"], **form.service_arguments())
            except ValidationError as error:
                _attach(form, error)
            else:
                return render(request, "accounts/user_invited.html",
                              {"invited": invitation.user, "url": invitation.url, "days": invitation_days()})
        return self.render_to_response(self.get_context_data(form=form))


class UserEditView(IpOfficeMixin, TemplateView):
    """One user: change the role and its facts, deactivate or reactivate, invite again."""

    template_name = "accounts/user_edit.html"

    def target(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        target = self.target()
        profile = Profile.objects.filter(user=target).first()
        initial = {}
        if profile is not None:
            initial = {"role": profile.role, "organisation": profile.organisation_id, "person": profile.person_id,
                       "consortia": list(profile.consortia.values_list("pk", flat=True))}
        return {**super().get_context_data(**kwargs), "target": target, "profile": profile,
                "form": form or RoleForm(user=self.request.user, initial=initial),
                "pending": not target.has_usable_password() and target.last_login is None}

    def post(self, request, *args, **kwargs):
        target = self.target()
        form = RoleForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.change_role(target, user=request.user, **form.service_arguments())
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Role saved."))
                return HttpResponseRedirect(reverse("accounts:user_list"))
        return self.render_to_response(self.get_context_data(form=form))


class UserActiveView(IpOfficeMixin, View):
    """POST ``active=0|1``: deactivate or reactivate."""

    def post(self, request, pk):
        target = get_object_or_404(get_user_model(), pk=pk)
        active = request.POST.get("active") == "1"
        try:
            services.set_active(target, user=request.user, active=active)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s reactivated.") % {"name": target.get_username()} if active
                             else _("%(name)s deactivated: no sign-in, no API token.") % {"name": target.get_username()})
        return HttpResponseRedirect(reverse("accounts:user_edit", args=[pk]))


class ReinviteView(IpOfficeMixin, View):
    """POST: a new invitation link (the old one stops working), shown once."""

    def post(self, request, pk):
        target = get_object_or_404(get_user_model(), pk=pk)
        try:
            invitation = services.reinvite_user(target, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("accounts:user_edit", args=[pk]))
        return render(request, "accounts/user_invited.html",
                      {"invited": invitation.user, "url": invitation.url, "days": invitation_days()})


class AcceptView(TemplateView):
    """The invitation link: choose a password, then you are signed in."""

    template_name = "accounts/accept.html"

    def refused(self, error: InvitationRefused):
        return render(self.request, "accounts/accept_refused.html", {"expired": error.expired}, status=410)

    def get(self, request, token):
        try:
            invited = invited_user(token)
        except InvitationRefused as error:
            return self.refused(error)
        return self.render_to_response(self.get_context_data(form=AcceptForm(), invited=invited))

    def post(self, request, token):
        form = AcceptForm(request.POST)
        try:
            invited = invited_user(token)
        except InvitationRefused as error:
            return self.refused(error)
        if form.is_valid():
            try:
                accepted = services.accept_invitation(token, form.cleaned_data["password1"])
            except InvitationRefused as error:
                return self.refused(error)
            except ValidationError as error:
                form.add_error("password1", error)
            else:
                login(request, accepted, backend="kyoso.accounts.lockout.LockoutBackend")
                messages.success(request, _("Welcome to kyoso. Your password is set."))
                return HttpResponseRedirect(reverse("dashboard"))
        return self.render_to_response(self.get_context_data(form=form, invited=invited))


class MyAccountView(LoginRequiredMixin, TemplateView):
    """Each user's own: language, API tokens, the calendar address."""

    template_name = "accounts/my_account.html"

    def get_context_data(self, token_form=None, secret=None, **kwargs):
        user = self.request.user
        profile = Profile.objects.filter(user=user).first()
        feed_url = ""
        if profile is not None:
            feed_url = settings.SITE_URL.rstrip("/") + reverse("docket:feed", args=[profile.feed_token])
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs), "profile": profile, "feed_url": feed_url,
            "tokens": ApiToken.objects.for_user(user).filter(revoked__isnull=True), "today": today,
            "token_form": token_form or TokenForm(initial={"expires": today + timedelta(days=90)}),
            "secret": secret, "languages": settings.LANGUAGES,
        }

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = services.create_token(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _attach(form, error)
            else:
                return self.render_to_response(self.get_context_data(secret=secret, new_token=token))
        return self.render_to_response(self.get_context_data(token_form=form))


class RevokeTokenView(LoginRequiredMixin, View):
    """POST: revoke one of your own tokens (another's is not found)."""

    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
        services.revoke_token(token, user=request.user)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("accounts:my_account"))


class RotateFeedView(LoginRequiredMixin, View):
    """POST: a new calendar address; the old one stops working."""

    def post(self, request):
        services.rotate_feed_token(user=request.user)
        messages.success(request, _("A new calendar address was made; the old one no longer works."))
        return HttpResponseRedirect(reverse("accounts:my_account"))


class NoRoleView(LoginRequiredMixin, TemplateView):
    """Signed in, but no role yet: say so, and whom to ask."""

    template_name = "accounts/no_role.html"

    def get_context_data(self, **kwargs):
        office = get_user_model().objects.filter(is_active=True).filter(
            Q(profile__role=Role.IP_OFFICE) | Q(is_superuser=True, profile__isnull=True)).order_by("username")
        return {**super().get_context_data(**kwargs), "office": office,
                "has_role": actor_of(self.request.user).role is not None}
