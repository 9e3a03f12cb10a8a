"""The base of every page form: Bootstrap classes on the widgets, errors marked on the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ZoneForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class XlsxImportForm(ZoneForm):
    """An .xlsx upload (checked on its content) and the unit for rows that name none."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))
    unit = forms.ModelChoiceField(label=_("Zone for rows without one"), queryset=None, required=False)

    def __init__(self, *args, units, unit_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].help_text = unit_help

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # .xlsx is a zip archive: check the content, not the name
            raise forms.ValidationError(_("This is not an .xlsx workbook. Save the sheet as .xlsx and try again."))
        return upload


class XlsxUploadForm(XlsxImportForm):
    """The upload alone, for imports whose rows name their enterprise (and so their zone)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, units=None, **kwargs)
        del self.fields["unit"]

    def clean(self):
        data = super().clean()
        data["unit"] = None
        return data
