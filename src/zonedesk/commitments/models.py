"""Commitments of signed projects."""

from django.db import models  # noqa: F401
