"""The demo's recruitment: postings across the zones (open, filled by their hires, closed), the job fairs with the
articles' figures adding up from their participants, the fair to come with a labour demand invited, loaded once."""

import pytest
from django.db.models import Sum
from django.utils import timezone

from zonedesk.cli.demo_data import load_demo
from zonedesk.cli.demo_demands import load_demands
from zonedesk.cli.demo_recruitment import ALLIANCE, load_recruitment
from zonedesk.cli.demo_tables import ENTERPRISE_OF_LOGIN
from zonedesk.orgs.audit import Actor
from zonedesk.orgs.models import Event, User
from zonedesk.recruitment.models import FairInvitation, FairParticipant, JobFair, JobPosting, PostingHire
from zonedesk.recruitment.queries import fair_figures
from zonedesk.recruitment.states import FairKind, FairStatus, PostingStatus

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    load_demo()
    load_demands()
    return load_recruitment()


def test_postings_across_the_zones_with_their_hires(demo):
    today = timezone.localdate()
    postings = JobPosting.objects.all()
    assert 80 <= demo == postings.count() <= 250
    assert postings.values("enterprise").distinct().count() >= 35
    assert postings.values("unit").distinct().count() >= 5
    assert set(postings.values_list("status", flat=True)) == set(PostingStatus.values)
    assert not postings.filter(salary_min__lt=4500).exists() and not postings.filter(salary_max__gt=25000).exists()
    assert postings.filter(salary_max__lte=12000).count() > 0.95 * demo
    for posting in postings.prefetch_related("hires"):
        assert posting.filled == sum(h.count for h in posting.hires.all())
        assert all(posting.published_on <= h.hired_on <= today for h in posting.hires.all())
        assert (posting.status == PostingStatus.FILLED) == (posting.filled == posting.count)
        assert (posting.closed_on is not None) == (posting.status == PostingStatus.CLOSED)
    assert not postings.filter(published_on__gt=today).exists()
    assert PostingHire.objects.aggregate(n=Sum("count"))["n"] == postings.aggregate(n=Sum("filled"))["n"] > 0
    assert not Event.objects.filter(at__gt=timezone.now(), verb__startswith="posting.").exists()
    # 国阳 publishes its own postings and sees them on its phone
    own = postings.filter(enterprise__name=ENTERPRISE_OF_LOGIN, published_by__username="enterprise")
    assert own.filter(status=PostingStatus.OPEN).exists()
    page = client_for(Actor(user=User.objects.get(username="enterprise"))).get("/my/jobs/")
    assert page.status_code == 200 and own.first().position in page.content.decode()


def figures(fair: JobFair) -> dict:
    officer = "ganyu_officer" if fair.unit.short_name == "赣榆经开区" else "service"
    return {k: v["value"] for k, v in fair_figures(User.objects.get(username=officer), fair).items()}


def test_the_fairs_add_up_to_the_articles_figures(demo):
    held = JobFair.objects.filter(status=FairStatus.HELD)
    for fair in held:
        participants = FairParticipant.objects.filter(fair=fair)
        sums = participants.aggregate(*(Sum(n) for n in ("applications", "intents", "hires")))
        got = figures(fair)
        assert [got["applications"], got["intents"], got["hires"]] == list(sums.values())
        shown = JobPosting.objects.filter(fair_participations__fair=fair)
        assert got["positions"] == shown.aggregate(n=Sum("count"))["n"] > got["hires"]
        assert all(p.applications >= p.intents >= p.hires >= 0 for p in participants)
    live = figures(held.get(name__endswith="春风行动直播招聘会", kind=FairKind.LIVE))
    assert live["participants"] == 6 and 500 <= live["positions"] < 600  # 6家企业…发布500多个就业岗位
    assert 300 <= live["intents"] < 400 and live["top_salary"] * 12 >= 240000  # 最高岗位年薪达30万元
    on_site = figures(held.get(kind=FairKind.ON_SITE))
    assert on_site["participants"] >= 12
    assert 300 < on_site["visitors"] < 400  # 求职人数300余人次
    assert 450 <= on_site["applications"] < 500  # 收到简历近500份
    assert 80 < on_site["intents"] < 90  # 80余人达成初步意向
    alliance = held.get(alliance=ALLIANCE)
    assert "产业链党建联盟" in alliance.alliance and alliance.unit.short_name == "赣榆经开区"
    assert 300 < figures(alliance)["hires"] < 400  # 帮我们招聘了300多名员工
    assert JobFair.objects.filter(status=FairStatus.CANCELLED).exclude(cancel_reason="").exists()
    # the fair to come, with a labour demand answered by an invitation
    coming = JobFair.objects.get(status=FairStatus.PLANNED)
    assert coming.held_on > timezone.localdate() and coming.participants.count() >= 3
    invitation = FairInvitation.objects.get(fair=coming)
    assert (
        invitation.demand.category.name == "用工" and invitation.participant.enterprise == invitation.demand.enterprise
    )
    assert invitation.participant.postings.exists()
    assert Event.objects.filter(verb="demand.invited_to_fair", object_id=str(invitation.demand_id)).exists()
    events = Event.objects.count()
    assert load_recruitment() == demo and Event.objects.count() == events  # loading again changes nothing
