"""Staff training."""

from django.db import models  # noqa: F401
