"""The enterprise's own pages (企业端): forms that check the input's shape; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonedesk.common.forms import ZoneForm

from . import attachments

MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to MAX_FILES files from one `<input type=file multiple>`; their content is checked by the view."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": attachments.ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Choose at most %(n)d files.") % {"n": MAX_FILES})
        return [super(FilesField, self).clean(f, initial) for f in files]


FILES_HELP = _("Up to 5 files, 10 MB each: PDF, JPG, PNG, Word (.docx) or Excel (.xlsx).")


class DemandForm(ZoneForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, empty_label=None)
    title = forms.CharField(label=pgettext_lazy("demand", "Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    files = FilesField(label=_("Attachments"), help_text=FILES_HELP)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class _Versioned(ZoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(_Versioned):
    """The enterprise's answer to a demand returned for more information."""

    description = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}))
    files = FilesField(label=_("Attachments"), help_text=FILES_HELP)


class ConfirmForm(_Versioned):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), choices=[(n, str(n)) for n in range(1, 6)], coerce=int
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class ReasonForm(_Versioned):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
