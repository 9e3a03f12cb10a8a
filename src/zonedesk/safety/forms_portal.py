"""The enterprise's answers to a hazard on its phone: forms that check the input's shape; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.common.forms import ZoneForm
from zonedesk.demands.forms_portal import MultipleFileInput

from .photos import MAX_PER_MOVE

MAX_NOTE = 2000


class PhotosField(forms.FileField):
    """Up to nine photos from the `photos` inputs (the camera and the album); their content is checked by the
    service, which refuses the whole submission for one bad file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PER_MOVE:
            raise forms.ValidationError(_("Add at most %(n)d photos.") % {"n": MAX_PER_MOVE})
        return files


class VersionForm(ZoneForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(VersionForm):
    """The rectification submitted for acceptance: photos of the result and what was done."""

    photos = PhotosField(label=_("Photos of the rectification"))
    note = forms.CharField(
        label=_("What was done (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_NOTE,
    )
