"""Reference data shared by every app."""

import csv
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

INDUSTRY_FILE = Path(__file__).parent / "data" / "gbt4754_2017.csv"


class Industry(models.Model):
    """An industry of GB/T 4754-2017 国民经济行业分类: section (门类), division (大类) or group (中类)."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")
        GROUP = "group", _("Group")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def industry_rows() -> list[dict]:
    """The rows of the shipped GB/T 4754-2017 file, parents before children."""
    with INDUSTRY_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    order = {"section": 0, "division": 1, "group": 2}
    return sorted(rows, key=lambda r: (order[r["level"]], r["code"]))


def industry_code_for(code: str, known: set[str]) -> str | None:
    """The most specific known code for `code`: itself, or for a 4-digit 小类 its group or division.

    The shipped table stops at groups (中类), while officers often type the 4-digit class (小类).
    """
    code = code.strip().upper()
    if code in known:
        return code
    if code.isdigit() and len(code) == 4:
        for prefix in (code[:3], code[:2]):
            if prefix in known:
                return prefix
    return None


class OfficialDay(models.Model):
    """A day of the State Council's published calendar, entered by an admin: a holiday or a make-up workday.

    Entered for a year the `chinese-calendar` package does not know yet (the calendar is published each
    November); once a year has any entry, the entries are that year's calendar (weekends otherwise).
    """

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'班' if self.is_workday else '休'} {self.name}"


class IdempotentRequest(models.Model):
    """An API write sent with an Idempotency-Key, and the answer it got (common/idempotency.py)."""

    caller = models.CharField(max_length=80)  # "user:<id>" or "token:<sha256 of the Authorization header>"
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField(null=True)
    content = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["caller", "key"], name="idempotency_key_unique_per_caller")]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"
