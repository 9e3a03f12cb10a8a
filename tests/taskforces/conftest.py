"""A signed project of zone A and its task force, led by the project manager pm_a."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zonedesk.projects.models import Project
from zonedesk.projects.stages import Stage
from zonedesk.taskforces import services

TODAY = timezone.localdate()


@pytest.fixture
def project(zone_a):
    return Project.objects.create(
        name="国阳智能装备产业园",
        unit=zone_a,
        stage=Stage.SIGNED,
        lead_on=TODAY - timedelta(days=90),
        signed_on=TODAY - timedelta(days=30),
    )


@pytest.fixture
def task_force(project, pm_a):
    return services.create_task_force(project, pm_a.user, by=pm_a, created_on=TODAY - timedelta(days=20))
