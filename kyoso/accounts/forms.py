"""The sign-in form (Django's, saying plainly when a user name is locked out) and the forms of people and roles."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.forms import DateInput, type_big_choices
from kyoso.core.roles import Role
from kyoso.parties.models import Organisation, Person

from .lockout import locked_message, locked_until, user_key

__all__ = ["SignInForm", "RoleForm", "InviteForm", "AcceptForm", "TokenForm"]


class SignInForm(AuthenticationForm):
    """Refuses a locked user name with the time the lock ends (the backend refuses it anyway)."""

    lock_message = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and (until := locked_until(user_key(username))):
            self.lock_message = locked_message(until)
            raise forms.ValidationError(self.lock_message, code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            # This failure may have been the one that locked the name: say so at once.
            if username and (until := locked_until(user_key(username))):
                self.lock_message = locked_message(until)
                raise forms.ValidationError(self.lock_message, code="locked") from None
            raise


# -- people and roles (kyoso.accounts.services) -------------------------------------------------------


class RoleForm(forms.Form):
    """A role and the facts it needs; the rules themselves are ``Profile.clean`` (through the service)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Company"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Required for a company user: the member company they act for. For a researcher: their university."),
    )
    consortia = forms.ModelMultipleChoiceField(
        label=_("Consortia run"), queryset=Consortium.objects.none(), required=False,
        help_text=_("For a CPO: the consortia they run."), widget=forms.CheckboxSelectMultiple,
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False,
        help_text=_("Required for a researcher: their record among the people."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user).order_by("name")
        self.fields["consortia"].queryset = Consortium.objects.for_user(user).order_by("name")
        self.fields["person"].queryset = Person.objects.for_user(user).order_by("family_name", "given_name")
        type_big_choices(self)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"role": data["role"], "organisation": data.get("organisation"), "person": data.get("person"),
                "consortia": list(data.get("consortia") or ())}


class InviteForm(RoleForm):
    """Invite someone by e-mail with a role."""

    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="ja")
    field_order = ["email", "role", "organisation", "consortia", "person", "language"]


class AcceptForm(forms.Form):
    """Choose a password (twice); Django's password validators judge it in the service."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class TokenForm(forms.Form):
    """A new personal API token: what it is for and when it stops working."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “nightly export”."))
    expires = forms.DateField(label=_("Expires"), widget=DateInput())
