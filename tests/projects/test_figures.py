from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.projects import figures, services
from zonedesk.projects.figures import Period
from zonedesk.projects.models import Metric, Project, Referral
from zonedesk.projects.queries import ProjectFilter, project_list
from zonedesk.projects.stages import Stage

LAST_YEAR = timezone.localdate().year - 1


def signed(by, unit, name, amount, on, *, lead_on=None):
    """A project signed on `on` for `amount` (as typed)."""
    project = services.create_project(
        {"name": name, "unit": unit, "investment": amount, "lead_on": lead_on or date(on.year - 1, 6, 1)}, by=by
    )
    project = services.advance_stage(project, Stage.NEGOTIATING, by=by, on=lead_on or date(on.year - 1, 7, 1))
    return services.advance_stage(project, Stage.SIGNED, by=by, on=on, contracted_investment=amount)


def test_thresholds_count_the_lower_bound_in_and_read_both_ways(investment_a, zone_a):
    on = date(LAST_YEAR, 3, 1)
    for name, amount in [("甲", "10亿元"), ("乙", "9.99亿元"), ("丙", "5亿元"), ("丁", "1亿元"), ("戊", "9999万元")]:
        signed(investment_a, zone_a, name, amount, on)
    result = figures.threshold_figures(investment_a.user, zone_a, Period.year(LAST_YEAR))
    assert [r["count"] for r in result["bands"]] == [1, 2, 1]  # ≥10亿 | 5–10亿 | 1–5亿
    assert [r["count"] for r in result["cumulative"]] == [1, 3, 4]  # ≥10亿 | ≥5亿 | ≥1亿
    assert result["bands"][1]["investment_wan"] == Decimal("149900.00")


def test_every_threshold_figure_equals_the_length_of_its_list(investment_a, zone_a):
    on = date(LAST_YEAR, 5, 1)
    for name, amount in [("甲", "12亿元"), ("乙", "6亿元"), ("丙", "2亿元"), ("丁", "3000万元")]:
        signed(investment_a, zone_a, name, amount, on)
    period = Period.year(LAST_YEAR)
    result = figures.threshold_figures(investment_a.user, zone_a, period)
    for row in result["bands"] + result["cumulative"]:
        f = ProjectFilter(unit=zone_a.pk, moved_to="signed", since=period.start, until=period.end, band=row["key"])
        assert project_list(investment_a.user, f).count() == row["count"]
    for row in figures.stage_figures(investment_a.user, zone_a, period):
        f = ProjectFilter(unit=zone_a.pk, moved_to=row["stage"], since=period.start, until=period.end)
        assert project_list(investment_a.user, f).count() == row["count"]


def test_the_same_year_chain_does_not_cross_a_year_boundary(investment_a, zone_a):
    within = signed(investment_a, zone_a, "当年项目", "2亿元", date(LAST_YEAR, 2, 1))
    across = signed(investment_a, zone_a, "跨年项目", "2亿元", date(LAST_YEAR, 11, 1))
    for project, started, producing in [
        (within, date(LAST_YEAR, 4, 1), date(LAST_YEAR, 12, 31)),
        (across, date(LAST_YEAR, 12, 1), date(LAST_YEAR + 1, 1, 1)),
    ]:
        project = services.advance_stage(project, Stage.STARTED, by=investment_a, on=started)
        services.advance_stage(project, Stage.PRODUCING, by=investment_a, on=producing)
    chain = figures.same_year_chain(investment_a.user, zone_a, LAST_YEAR)
    assert (chain["signed"], chain["signed_and_started"], chain["full_chain"]) == (2, 2, 1)
    assert [p.name for p in chain["projects"]] == ["当年项目"]


def test_a_past_period_is_recomputed_from_the_moves_and_only_a_correction_changes_it(investment_a, leader, zone_a):
    project = signed(investment_a, zone_a, "东海项目", "12亿元", date(LAST_YEAR, 2, 10))
    q1 = Period.quarter(LAST_YEAR, 1)

    def signed_in_q1():
        return next(r["count"] for r in figures.stage_figures(investment_a.user, zone_a, q1) if r["stage"] == "signed")

    assert signed_in_q1() == 1
    services.update_project(project, {"investment": "1亿元", "name": "东海项目（一期）"}, by=investment_a)
    assert signed_in_q1() == 1  # an edit today does not move last year's figure
    assert figures.threshold_figures(investment_a.user, zone_a, q1)["cumulative"][0]["count"] == 1  # signed at 12亿
    services.move_back(Project.objects.get(pk=project.pk), reason="合同未生效", by=leader)
    assert signed_in_q1() == 0  # the correction is what changes it, and it is an Event


def test_an_accepted_referral_moves_ownership_and_both_zones_count_it(investment_a, investment_b, zone_a, zone_b):
    project = services.create_project({"name": "引流项目", "unit": zone_a, "investment": "3亿元"}, by=investment_a)
    referral = services.offer_referral(project, to_unit=zone_b, note="用地不足，推荐惠萍镇", by=investment_a)
    assert not Project.objects.visible_to(investment_b.user).exists()  # offered, not yet theirs
    assert Referral.objects.visible_to(investment_b.user).get() == referral
    services.accept_referral(referral, by=investment_b)
    assert list(Project.objects.visible_to(investment_b.user)) == [project]
    assert not Project.objects.visible_to(investment_a.user).exists()
    year = Period.year(timezone.localdate().year)
    assert figures.referral_figures(investment_a.user, zone_a, year)["referred_out"] == 1
    assert figures.referral_figures(investment_b.user, zone_b, year)["referred_in"] == 1
    assert Referral.objects.visible_to(investment_a.user).get().status == Referral.Status.ACCEPTED


def test_a_declined_referral_stays_home_and_needs_a_reason(investment_a, investment_b, zone_a, zone_b):
    project = services.create_project({"name": "引流项目", "unit": zone_a}, by=investment_a)
    referral = services.offer_referral(project, to_unit=zone_b, by=investment_a)
    with pytest.raises(Exception):  # noqa: B017 (Rejected: no reason)
        services.decline_referral(referral, reason="", by=investment_b)
    services.decline_referral(referral, reason="产业不匹配", by=investment_b)
    assert Project.objects.get(pk=project.pk).unit == zone_a


def test_targets_show_progress_from_the_moves(leader, investment_a, zone_a):
    signed(investment_a, zone_a, "甲", "10亿元", date(LAST_YEAR, 2, 1))
    signed(investment_a, zone_a, "乙", "2亿元", date(LAST_YEAR, 5, 1))
    services.set_target(unit=zone_a, year=LAST_YEAR, quarter=1, metric=Metric.SIGNED_OVER_1, value=1, by=leader)
    services.set_target(unit=zone_a, year=LAST_YEAR, metric=Metric.SIGNED_INVESTMENT, value=200000, by=leader)
    q1 = figures.target_progress(leader.user, zone_a, LAST_YEAR, 1)
    assert [(r["actual"], r["share"]) for r in q1] == [(Decimal(1), Decimal("100.0"))]
    year = figures.target_progress(leader.user, zone_a, LAST_YEAR)
    assert year[0]["actual"] == Decimal("120000.00") and year[0]["share"] == Decimal("60.0")


def test_the_funnel_counts_how_far_each_lead_got(investment_a, zone_a):
    this_year = timezone.localdate().year
    services.create_project({"name": "线索一", "unit": zone_a, "lead_on": date(this_year, 1, 2)}, by=investment_a)
    p = services.create_project({"name": "线索二", "unit": zone_a, "lead_on": date(this_year, 1, 2)}, by=investment_a)
    services.advance_stage(p, Stage.NEGOTIATING, by=investment_a, on=date(this_year, 1, 3))
    funnel = figures.funnel(investment_a.user, zone_a, Period.year(this_year))
    assert [r["count"] for r in funnel][:3] == [2, 1, 0]
    assert funnel[1]["rate"] == 50.0


def test_figures_say_which_rate_converted_a_foreign_amount(admin_a, investment_a, zone_a):
    services.set_currency_rate(currency="EUR", rate_to_cny="7.8", valid_from=date(LAST_YEAR - 1, 1, 1), by=admin_a)
    signed(investment_a, zone_a, "阿斯托特克", "6000万欧元", date(LAST_YEAR, 4, 1))
    result = figures.threshold_figures(investment_a.user, zone_a, Period.year(LAST_YEAR))
    assert result["rates_used"] == [
        {"currency": "EUR", "rate_to_cny": Decimal("7.8"), "valid_from": date(LAST_YEAR - 1, 1, 1)}
    ]
    # Counted in yuan: 6000万欧元 × 7.8 = 4.68亿元, so ≥1亿 but not ≥5亿.
    assert [r["count"] for r in result["cumulative"]] == [0, 0, 1]
