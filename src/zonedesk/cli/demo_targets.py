"""The demo's targeted investment (精准招商) on 射阳's 新能源动力电池 chain: the service officer's visits to two
enterprises on the chain record what they buy from outside the zone (天赐材料 for 电解液, 星源材质 for 隔膜) and a plan
to expand; the investment officer lists four targets from the chain's gap list — a company for the empty 电解液
link, the two outside suppliers, the expansion — and turns the expansion into a lead on its link. The 电解液 targets
stay open, and 电解液 stays an empty link, for the county leader to turn one into a lead.

Everything goes through the services (visits, targets). Runs after the chains' loader; without its chain it does
nothing and says so.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation

from zonedesk.chains.gaps import gap_list, parse_suppliers
from zonedesk.chains.models import Chain, EnterpriseLink, InvestmentTarget, TargetSource, TargetStatus
from zonedesk.chains.targets import add_target, target_to_lead
from zonedesk.orgs.audit import Actor, record
from zonedesk.orgs.models import Event, User
from zonedesk.visits.services import log_visit

from .demo_visits import zone_units

LOADED = "chain_targets.demo_loaded"
CHAIN = "新能源动力电池"
REGION = "射阳县"
EMPTY_LINK = "电解液"
# The company the investment office means to approach for the empty 电解液 link.
ELECTROLYTE_TARGET = "深圳新宙邦科技股份有限公司"
SUPPLIERS = "天赐材料（广州）—电解液；星源材质（深圳）—隔膜"
SECOND = "天赐材料（广州）—电解液"
BUYER = "江苏海阳新能源动力电池有限公司"  # preferred as the buyer, when it is on the chain
EXPANSION_NOTE = "拟投资8亿元建设二期电芯产线，需新增用地约120亩"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _chain() -> Chain | None:
    return (
        Chain.objects.filter(name=CHAIN, unit__short_name=REGION).select_related("unit").first()
        or Chain.objects.filter(name=CHAIN, unit__name__endswith=REGION).select_related("unit").first()
    )


def _enterprises_on(chain: Chain, zone) -> list:
    """The active enterprises of 射阳's zone on the chain, the battery maker first."""
    rows = (
        EnterpriseLink.objects.filter(link__chain=chain, enterprise__unit=zone, enterprise__is_archived=False)
        .select_related("enterprise")
        .order_by("link__order", "enterprise__name", "pk")
    )
    out = []
    for row in rows:
        if row.enterprise not in out:
            out.append(row.enterprise)
    return sorted(out, key=lambda enterprise: enterprise.name != BUYER)


def load_targets(stdout=None) -> int:
    """Load the demo's visits and investment targets once (later calls change nothing); returns the targets."""
    if Event.objects.filter(verb=LOADED).exists():
        return InvestmentTarget.objects.count()
    chain, zone = _chain(), zone_units().get("sy")
    enterprises = _enterprises_on(chain, zone) if chain is not None and zone is not None else []
    empty = chain.links.filter(name=EMPTY_LINK).first() if chain is not None else None
    if not enterprises or empty is None:
        _say(stdout, "演示精准招商数据未加载：射阳县新能源动力电池产业链及其链上企业尚未建立。")
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["service", "investment"])}
    service, investment = Actor(user=users["service"]), Actor(user=users["investment"])
    day = timezone.localdate() - timedelta(days=12)
    # The battery maker buys its electrolyte and separators outside and plans a second phase; a second enterprise on
    # the chain buys its electrolyte from the same supplier.
    buyer = enterprises[0]
    findings = {"visited_on": day, "summary": "走访了解配套需求和扩产计划", "key_suppliers_outside": SUPPLIERS}
    log_visit(buyer, unit=zone, findings={**findings, "plans_to_expand": True, "risk_note": EXPANSION_NOTE}, by=service)
    for other in enterprises[1:2]:
        again = {
            "visited_on": day + timedelta(days=2),
            "summary": "走访了解原材料采购",
            "key_suppliers_outside": SECOND,
        }
        log_visit(other, unit=zone, findings=again, by=service)

    gaps = gap_list(investment.user, chain)
    gap = next(c for c in gaps.empty if c.link == empty)
    add_target(investment, link=empty, company=ELECTROLYTE_TARGET, source=TargetSource.GAP, reason=gap.reason)
    ours = {supplier.company for supplier in parse_suppliers(SUPPLIERS)}
    for candidate in [c for c in gaps.suppliers if c.company in ours]:
        add_target(
            investment,
            link=candidate.link,
            company=candidate.company,
            source=candidate.source,
            enterprise=candidate.enterprise,
            reason=candidate.reason,
        )
    led = None
    for candidate in gaps.expansions[:1]:
        target = add_target(
            investment,
            link=candidate.link,
            company=candidate.company,
            source=candidate.source,
            enterprise=candidate.enterprise,
            reason=candidate.reason,
        )
        with translation.override(settings.LANGUAGE_CODE):  # the lead is named in the users' language
            led = target_to_lead(investment, target, version=target.version)
    targets = InvestmentTarget.objects.filter(link__chain=chain)
    after = {"targets": targets.count(), "leads": targets.filter(status=TargetStatus.CONVERTED).count()}
    record(Actor.system("demo"), LOADED, chain, after=after)
    _say(
        stdout,
        f"演示精准招商数据已加载：{chain.name}产业链 {after['targets']} 个招商目标（{EMPTY_LINK}环节"
        f" {targets.filter(link=empty).count()} 个，区外供应商 {len(ours)} 个，"
        f"扩产 {len(gaps.expansions[:1])} 个；{after['leads']} 个已转为线索{f'：{led.name}' if led else ''}）。",
    )
    return after["targets"]
