"""Chain page forms: they check the input's shape; the services decide and save, and name the field they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm

from .models import Position

POSITION_CHOICES = [("", _("Same as the parent link")), *Position.choices]


class ChainForm(ZoneForm):
    """A new chain: the region or zone that follows it, its name and what it is about."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    name = forms.CharField(label=_("Chain's name"), max_length=100, help_text=_("For example 新能源动力电池."))
    description = forms.CharField(
        label=_("Chain's description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ChainEditForm(ZoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label=_("Chain's name"), max_length=100)
    description = forms.CharField(
        label=_("Chain's description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ArchiveForm(ZoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LinkForm(ZoneForm):
    """A link to add, or a link's new name, place in the tree, order and note (the service checks the tree)."""

    name = forms.CharField(label=_("Link's name"), max_length=100)
    parent = forms.CharField(label=_("Parent link"), required=False, max_length=20)
    position = forms.ChoiceField(label=_("Position in the chain"), choices=POSITION_CHOICES, required=False)
    order = forms.CharField(label=_("Order"), required=False, max_length=6)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class MapEnterpriseForm(ZoneForm):
    enterprise = forms.CharField(label=_("Enterprise's name or credit code"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class MapProjectForm(ZoneForm):
    project = forms.CharField(label=_("Project"), max_length=220)
