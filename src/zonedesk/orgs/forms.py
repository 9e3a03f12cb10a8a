"""Sign-in, user and token forms: they validate input and never save."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .models import UnitKind
from .roles import Role


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the Chinese labels and Bootstrap classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class UserCreateForm(ZoneForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # Enterprise users are created from the enterprise's page, where the enterprise is known.
        self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.ENTERPRISE]


class ApiTokenForm(ZoneForm):
    name = forms.CharField(label=_("Token name"), max_length=100)


class PasswordChangeForm(ZoneForm):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, strip=False)
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)


class MembershipForm(ZoneForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=[c for c in Role.choices if c[0] != Role.ENTERPRISE])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ResetPasswordForm(ZoneForm):
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)


class UnitForm(ZoneForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units


CALENDAR_EXAMPLE = "2027-01-01 休 元旦\n2027-02-06 班 春节调休\n2027-02-10 休 春节"


class OfficialCalendarForm(ZoneForm):
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)
    days = forms.CharField(
        label=_("Holidays and make-up working days"),
        widget=forms.Textarea(
            attrs={"rows": 14, "placeholder": "2027-01-01 休 元旦\n2027-02-06 班 春节调休\n2027-02-10 休 春节"}
        ),
        help_text=_(
            "One day a line: the date, 班 (working day) or 休 (day off), and the name. Other days follow the week."
        ),
    )


class TwoFactorForm(ZoneForm):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )
