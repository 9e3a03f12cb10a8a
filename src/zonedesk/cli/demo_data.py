"""The demo data of `zonedesk demo`: the zones, towns and enterprises of the articles, loaded once.

Everything is written as the system actor "demo", through the services (one Event each); the ~1,500
generated enterprises go in bulk with one "enterprise.created" Event each, so the demo loads in seconds.
The generator is deterministic (random.Random(2026)): every run produces the same names and codes.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from zonedesk.common.models import Industry
from zonedesk.common.text import pinyin_initials
from zonedesk.common.uscc import make_uscc
from zonedesk.enterprises.models import Contact, Enterprise
from zonedesk.enterprises.services import CONTACT_FIELDS, EDITABLE, create_enterprise
from zonedesk.orgs.audit import Actor, build_event, record, snapshot
from zonedesk.orgs.models import Event, Membership, Unit, UnitKind, User
from zonedesk.orgs.roles import Role
from zonedesk.orgs.services import add_membership, create_unit, create_user

PASSWORD = "Zone!Desk2026"
STARTED = "demo.started"
LOADED = "demo.loaded"
SEED = 2026
BATCH = 500


class DemoRefused(Exception):
    """The database already holds data that is not the demo's: the demo is not mixed into it."""


# ---------------------------------------------------------------------------------------------------
# Units: (key, name, short name, kind, parent key, 6-digit administrative division code for USCCs)
# ---------------------------------------------------------------------------------------------------

REGIONS = [
    ("js", "江苏省", "江苏", None, "320000"),
    ("sheyang", "盐城市射阳县", "射阳县", "js", "320924"),
    ("ganyu", "连云港市赣榆区", "赣榆区", "js", "320707"),
    ("qidong", "南通市启东市", "启东市", "js", "320681"),
    ("peixian", "徐州市沛县", "沛县", "js", "320322"),
    ("wujiang", "苏州市吴江区", "吴江区", "js", "320509"),
    ("jintan", "常州市金坛区", "金坛区", "js", "320413"),
    ("sd", "山东省", "山东", None, "370000"),
    ("dongchangfu", "聊城市东昌府区", "东昌府区", "sd", "371502"),
]

ZONES = [
    ("sy", "射阳经济开发区", "射阳经开区", "sheyang"),
    ("gy", "赣榆经济开发区", "赣榆经开区", "ganyu"),
    ("lsg", "吕四港经济开发区", "吕四港经开区", "qidong"),
    ("hl", "汇龙镇", "汇龙镇", "qidong"),
    ("hp", "惠萍镇", "惠萍镇", "qidong"),
    ("dh", "东海镇", "东海镇", "qidong"),
    ("jhlw", "江海澜湾旅游度假区", "江海澜湾", "qidong"),
    ("px", "沛县经济开发区", "沛县经开区", "peixian"),
    ("wj", "吴江经济技术开发区", "吴江经开区", "wujiang"),
    ("jt", "金坛经济开发区", "金坛经开区", "jintan"),
    ("jm", "聊城嘉明经济开发区", "嘉明经开区", "dongchangfu"),
]

DEPARTMENTS = ["经济发展局", "招商局", "企业服务局", "自然资源和规划分局", "行政审批局", "人力资源和社会保障局"]
ZONE_DEPARTMENTS = {"sy": DEPARTMENTS, "gy": DEPARTMENTS, "wj": ["行政审批局"]}
ZONE_BRANCHES = {"px": ["沛县驻粤港澳大湾区招商分局", "沛县驻长三角招商分局"]}

# ---------------------------------------------------------------------------------------------------
# Demo logins: (username, role, unit key, full name, mobile); unit keys name a region, zone or "zone/dept".
# ---------------------------------------------------------------------------------------------------

LOGINS = [
    ("leader", Role.LEADER, "sy", "王建国", "13951010001"),
    ("investment", Role.INVESTMENT_OFFICER, "sy", "李明辉", "13951010002"),
    ("pm", Role.PROJECT_MANAGER, "sy", "张志强", "13951010003"),
    ("service", Role.SERVICE_OFFICER, "sy", "陈晓燕", "13951010004"),
    ("handler", Role.HANDLER, "sy/行政审批局", "刘海涛", "13951010005"),
    ("supervisor", Role.SUPERVISOR, "sheyang", "赵文静", "13951010006"),
    ("enterprise", Role.ENTERPRISE, "sy", "孙丽华", "13951010007"),
    ("admin", Role.ADMIN, "sy", "周宇航", "13951010008"),
    ("ganyu_officer", Role.SERVICE_OFFICER, "gy", "吴海峰", "13951010009"),
]
ENTERPRISE_OF_LOGIN = "江苏国阳智能装备有限公司"


# ---------------------------------------------------------------------------------------------------
# Named enterprises of the articles (the rest of the fields are generated deterministically)
# ---------------------------------------------------------------------------------------------------


@dataclass
class Named:
    zone: str
    name: str
    industry: str
    employees: int
    capital_wan: int
    flags: str = ""  # any of "规", "高", "专"
    established: date | None = None
    contacts: list[str] = field(default_factory=lambda: ["总经理"])  # titles; names and mobiles generated


NAMED = [
    # 射阳经济开发区: 国阳智能装备产业园 (30亿元), 科阳5G, 创维LED, 安旭智能机器人, 新能源动力电池
    Named("sy", "江苏国阳智能装备有限公司", "349", 860, 50000, "规高专", date(2020, 6, 18), ["总经理", "行政经理"]),
    Named("sy", "射阳科阳5G通信科技有限公司", "392", 420, 20000, "规高", date(2019, 9, 3), ["总经理"]),
    Named("sy", "创维LED（射阳）科技有限公司", "397", 1250, 30000, "规高", date(2018, 11, 12), ["副总经理"]),
    Named("sy", "安旭智能机器人（射阳）有限公司", "349", 310, 10000, "规高专", date(2020, 3, 26), ["总经理"]),
    Named("sy", "江苏海阳新能源动力电池有限公司", "384", 180, 80000, "高", date(2021, 5, 8), ["项目经理"]),
    # 赣榆经济开发区: 新能源、新材料、新智造
    Named("gy", "嘉兴四通车轮（连云港）有限公司", "367", 650, 30000, "规", date(2019, 4, 15), ["总经理"]),
    Named("gy", "科创新材料产业园有限公司", "265", 120, 20000, "", date(2019, 7, 1), ["办公室主任"]),
    Named("gy", "巨衡机械（连云港）有限公司", "343", 260, 10000, "规高", date(2019, 8, 20), ["总经理"]),
    Named("gy", "连云港朗道新能源科技有限公司", "384", 340, 15000, "规高", date(2019, 2, 28), ["总经理"]),
    Named("gy", "江苏岩象装备科技有限公司", "351", 150, 5000, "高", date(2019, 5, 16), ["副总经理"]),
    Named("gy", "连云港海贡机械有限公司", "344", 90, 3000, "", date(2019, 6, 6), ["总经理"]),
    # 吕四港经济开发区: 高端海工装备
    Named("lsg", "惠生海工装备（启东）有限公司", "373", 1600, 150000, "规高", date(2022, 8, 9), ["总经理", "人事经理"]),
    Named("lsg", "启东中远海运海洋工程有限公司", "373", 3800, 120000, "规高", date(2008, 3, 18), ["办公室主任"]),
    Named("lsg", "启东中集太平洋海洋工程有限公司", "373", 2900, 100000, "规高专", date(2007, 10, 10), ["经发联络员"]),
    # 汇龙镇
    Named("hl", "启东迪皮茜服饰有限公司", "181", 520, 2000, "规", date(2006, 5, 22), ["总经理"]),
    Named("hl", "江苏罗源光伏科技有限公司", "382", 380, 12000, "规高", date(2016, 9, 1), ["总经理"]),
    Named("hl", "墨达思（启东）智能科技有限公司", "349", 120, 8000, "", date(2023, 11, 2), ["项目负责人"]),
    Named("hl", "启东瑞振精密机械有限公司", "348", 160, 5000, "高", date(2023, 6, 30), ["总经理"]),
    Named("hl", "海铂风尚（启东）服饰有限公司", "183", 200, 3000, "", date(2024, 1, 15), ["总经理"]),
    # 惠萍镇、东海镇
    Named("hp", "启东东晟智造科技有限公司", "349", 140, 10000, "", date(2021, 4, 12), ["总经理"]),
    Named("dh", "启东万鹏建材有限公司", "302", 60, 2000, "", date(2024, 7, 5), ["总经理"]),
    Named("dh", "启东锦曌新材料科技有限公司", "265", 45, 3000, "", date(2024, 8, 19), ["总经理"]),
    Named("dh", "启东庆旺机械有限公司", "349", 30, 1000, "", date(2024, 12, 3), ["总经理"]),
    # 吴江经济技术开发区
    Named("wj", "苏州明志科技股份有限公司", "339", 1200, 12300, "规高专", date(2003, 7, 8), ["管理部经理"]),
    # 沛县经济开发区: 新能源、新型铝材、新材料、高端装备
    Named("px", "江苏沛鑫新型铝材有限公司", "325", 230, 20000, "规", date(2023, 2, 8), ["总经理"]),
    Named("px", "徐州沛能新能源科技有限公司", "384", 160, 15000, "高", date(2023, 2, 8), ["总经理"]),
    # 金坛经济开发区: 中德(常州)创新产业园, 阿斯托特克 (6000万欧元)
    Named("jt", "阿斯托特克（常州）汽车科技有限公司", "367", 80, 46000, "", date(2022, 12, 20), ["项目经理"]),
    Named("jt", "江苏金坛汇能动力电池有限公司", "384", 950, 60000, "规高", date(2017, 5, 10), ["总经理"]),
    # 聊城嘉明经济开发区: 新能源汽车及零部件、智能高精管材、高端食品深加工
    Named("jm", "聊城嘉明汽车零部件有限公司", "367", 420, 8000, "规", date(2012, 4, 9), ["总经理"]),
    Named("jm", "山东嘉明高精管材有限公司", "313", 360, 10000, "规高", date(2010, 10, 28), ["总经理"]),
]

# ---------------------------------------------------------------------------------------------------
# The generator's vocabulary
# ---------------------------------------------------------------------------------------------------

# word → GB/T 4754-2017 code
INDUSTRY_WORDS = {
    "精密机械": "348", "机械制造": "349", "智能装备": "349", "自动化设备": "356", "机器人科技": "349",
    "电子科技": "397", "光电科技": "397", "半导体科技": "397", "电子材料": "398", "通信设备": "392",
    "智能科技": "396", "新能源科技": "384", "电池材料": "384", "储能科技": "384", "光伏科技": "382",
    "电气设备": "382", "线缆": "383", "电机": "381", "照明电器": "387", "风电设备": "341",
    "汽车零部件": "367", "车辆配件": "367", "汽车电子": "367", "船舶配件": "373", "海洋工程装备": "373",
    "船舶设备": "373", "化工": "266", "涂料": "264", "塑业": "292", "橡胶制品": "291",
    "新材料": "265", "纺织": "171", "化纤织造": "175", "服饰": "181", "家纺": "177",
    "食品": "149", "农产品加工": "139", "生物医药": "272", "医疗器械": "358", "环保设备": "359",
    "钢结构": "331", "五金制品": "338", "铸造": "339", "模具": "352", "包装材料": "223",
    "家具": "211", "印务": "231", "仪器仪表": "401", "轴承": "345", "泵阀": "344",
    "起重设备": "343", "农业机械": "357", "建材": "302", "玻璃制品": "305", "木业": "202",
    "铝业": "325", "精密钢管": "313", "金属表面处理": "336", "工具": "332", "管业": "292",
    "电梯部件": "343",
}  # fmt: skip

GENERIC = list(INDUSTRY_WORDS)

# zone key → (number generated, name prefixes, preferred industry words, address prefix, roads)
GENERATED = {
    "sy": (300, ["江苏", "盐城", "射阳"],
           ["智能装备", "机器人科技", "电子科技", "光电科技", "通信设备", "新能源科技", "电池材料", "储能科技",
            "汽车零部件", "精密机械", "纺织", "家纺", "电子材料"],
           "江苏省盐城市射阳县经济开发区", ["幸福大道", "振阳路", "黄海路", "海都路", "兴业路", "光明路", "创新路"]),
    "gy": (150, ["江苏", "连云港", "赣榆"],
           ["新能源科技", "储能科技", "新材料", "化工", "涂料", "智能装备", "机械制造", "汽车零部件", "钢结构"],
           "江苏省连云港市赣榆区经济开发区", ["青口大道", "海州湾路", "金海路", "宋庄路", "朱堵路", "纬三路"]),
    "lsg": (150, ["江苏", "南通", "启东"],
            ["海洋工程装备", "船舶配件", "船舶设备", "钢结构", "起重设备", "泵阀", "电气设备", "线缆", "化工"],
            "江苏省南通市启东市吕四港经济开发区", ["港城大道", "海工大道", "通港路", "滨海路", "吕东路"]),
    "hl": (120, ["江苏", "南通", "启东"],
           ["服饰", "纺织", "家纺", "精密机械", "光伏科技", "电子科技", "五金制品", "食品", "印务"],
           "江苏省南通市启东市汇龙镇", ["人民路", "公园路", "江海路", "长江路", "城河路"]),
    "hp": (80, ["江苏", "南通", "启东"],
           ["智能装备", "机械制造", "五金制品", "电机", "塑业", "包装材料", "农业机械"],
           "江苏省南通市启东市惠萍镇", ["惠萍路", "东晟路", "工业园路", "富民路"]),
    "dh": (80, ["江苏", "南通", "启东"],
           ["建材", "新材料", "机械制造", "玻璃制品", "木业", "农产品加工", "五金制品"],
           "江苏省南通市启东市东海镇", ["东海路", "兴海路", "振东路", "海滨大道"]),
    "jhlw": (40, ["江苏", "南通", "启东"], [], "江苏省南通市启东市江海澜湾旅游度假区", ["滨江大道", "澜湾路", "观海路"]),
    "px": (150, ["江苏", "徐州", "沛县"],
           ["新能源科技", "铝业", "新材料", "智能装备", "机械制造", "储能科技", "食品", "电气设备"],
           "江苏省徐州市沛县经济开发区", ["汉源大道", "沛公路", "汤沐路", "千秋路", "歌风路"]),
    "wj": (150, ["江苏", "苏州", "吴江"],
           ["化纤织造", "纺织", "光电科技", "电子科技", "半导体科技", "线缆", "智能装备", "精密机械", "电梯部件"],
           "江苏省苏州市吴江经济技术开发区", ["运东大道", "江兴东路", "云梨路", "长安路", "庞金路", "柳胥路"]),
    "jt": (150, ["江苏", "常州", "金坛"],
           ["新能源科技", "电池材料", "储能科技", "光伏科技", "汽车零部件", "汽车电子", "电气设备", "新材料"],
           "江苏省常州市金坛区经济开发区", ["华城路", "金武路", "南环二路", "汤庄路", "丹阳门路"]),
    "jm": (150, ["山东", "聊城"],
           ["汽车零部件", "智能装备", "生物医药", "新材料", "精密钢管", "管业", "食品", "农产品加工"],
           "山东省聊城市东昌府区嘉明经济开发区", ["嘉明路", "中华路", "华山路", "黄河路", "长江路", "凤凰路"]),
}  # fmt: skip

# The tourist resort's enterprises are services (word → division code).
SERVICE_WORDS = {"旅游开发": "78", "酒店管理": "61", "餐饮管理": "62", "文化传媒": "72", "休闲农业": "05",
                 "游艇俱乐部": "90", "置业": "70"}  # fmt: skip

BRAND_CHARS = (
    "瑞丰华泰恒达鑫盛宏昌汇通联创科源德隆兴润嘉博卓睿诚信远航宇海翔晟锦荣凯利益广茂明亿金佳安康捷力祥永正立顺合邦成耀辰"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈顾缪季陆"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国海波晓红志文斌俊峰云飞鹏宇浩然婷雪梅颖凯翔琳晨"
CONTACT_TITLES = ["总经理", "副总经理", "办公室主任", "行政经理", "财务总监", "人事经理", "综合部部长"]
MOBILE_PREFIXES = ["138", "139", "136", "137", "135", "150", "151", "152", "158", "159", "182", "187", "188",
                   "130", "131", "132", "155", "156", "133", "153", "180", "189", "177", "199"]  # fmt: skip
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _org_code(body8: str) -> str:
    """A 9-character organisation code (GB 11714): 8 characters and their check character."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


class _Generator:
    """Deterministic people, codes and names; remembers what it has handed out so nothing repeats."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.codes: set[str] = set()

    def person(self) -> str:
        rng = self.rng
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(SURNAMES) + given

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def established(self) -> date:
        return date(2003, 1, 1) + timedelta(days=self.rng.randrange((date(2024, 12, 31) - date(2003, 1, 1)).days))

    def uscc(self, division: str, established: date) -> str:
        """91 (工商, 企业) + division code + organisation code (MA… for codes issued since 2015-10)."""
        while True:
            if established >= date(2015, 10, 1):
                body8 = "MA" + "".join(self.rng.choice(USCC_CHARS) for _ in range(6))
            else:
                body8 = f"{self.rng.randrange(10**8):08d}"
            code = make_uscc("91" + division + _org_code(body8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def brand(self) -> str:
        a, b = self.rng.sample(BRAND_CHARS, 2)
        return a + b

    def company(self, prefixes: list[str], words: list[str]) -> tuple[str, str]:
        """A new name such as 江苏瑞丰精密机械有限公司, and its industry word."""
        while True:
            word = self.rng.choice(words)
            prefix = prefixes[0] if self.rng.random() < 0.6 else self.rng.choice(prefixes[1:])
            name = f"{prefix}{self.brand()}{word}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name, word

    def employees(self) -> int:
        return int(10 * 200 ** (self.rng.random() ** 1.6))

    def flags(self, employees: int) -> tuple[bool, bool, bool]:
        rng = self.rng
        above = rng.random() < (0.8 if employees >= 300 else 0.35 if employees >= 100 else 0.08)
        high_tech = rng.random() < (0.25 if above else 0.10)
        specialised = rng.random() < (0.12 if above else 0.02)
        return above, high_tech, specialised

    def capital(self, employees: int) -> Decimal:
        steps = [50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000, 50000]
        base = min(len(steps) - 1, max(0, int(employees**0.5 / 3.2) + self.rng.randrange(-2, 3)))
        return Decimal(steps[base]).quantize(Decimal("0.01"))

    def address(self, prefix: str, roads: list[str]) -> str:
        return f"{prefix}{self.rng.choice(roads)}{self.rng.randrange(1, 299)}号"


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message if message.endswith("\n") else message + "\n")


def logins() -> list[tuple[str, str, str]]:
    """The demo logins as (role label, username, password), the label naming the unit too."""
    units = {key: short for key, _name, short, *_rest in REGIONS} | {key: short for key, _n, short, _p in ZONES}
    out = []
    for username, role, unit_key, _full_name, _mobile in LOGINS:
        zone_key, _slash, department = unit_key.partition("/")
        where = units[zone_key] + (f"·{department}" if department else "")
        out.append((f"{Role(role).label}（{where}）", username, PASSWORD))
    return out


def is_loaded() -> bool:
    return Event.objects.filter(verb=LOADED).exists()


def load_demo(stdout=None) -> list[tuple[str, str, str]]:
    """Create the demo data once (later calls change nothing) and return the demo logins.

    Refuses (DemoRefused) to mix the demo into a database that already holds units or enterprises it
    did not create. An interrupted load resumes: every step skips what already exists.
    """
    if is_loaded():
        _say(stdout, "演示数据已存在，未做改动。")
        return logins()
    if not Event.objects.filter(verb=STARTED).exists():
        if Unit.objects.exists() or Enterprise.objects.exists():
            raise DemoRefused(
                "该数据库中已有非演示数据（单位或企业），演示数据不会混入其中。"
                "请把 ZONEDESK_DATA_DIR 指向一个新的空文件夹后再运行。"
            )
        record(Actor.system("demo"), STARTED, None)
    by = Actor.system("demo")
    gen = _Generator()
    _check_industries()

    _say(stdout, "创建单位…")
    units = _load_units(by)
    _say(stdout, "创建演示账号…")
    users = _load_staff(by, units)
    _say(stdout, "登记文章中的企业…")
    named = _load_named(by, gen, units, users)
    _load_enterprise_user(by, units, named[ENTERPRISE_OF_LOGIN])
    _say(stdout, "生成各园区企业…")
    created = _load_generated(by, gen, units, users)
    record(
        by, LOADED, None, unit=units["js"],
        after={"units": len(units), "users": len(LOGINS), "enterprises": len(named) + created},
    )  # fmt: skip
    _say(stdout, f"演示数据已加载：{len(units)} 个单位，{len(LOGINS)} 个账号，{len(named) + created} 家企业。")
    return logins()


def _check_industries() -> None:
    wanted = set(INDUSTRY_WORDS.values()) | set(SERVICE_WORDS.values()) | {n.industry for n in NAMED}
    missing = wanted - set(Industry.objects.filter(code__in=wanted).values_list("code", flat=True))
    if missing:
        raise RuntimeError(f"GB/T 4754-2017 codes missing from the industry table: {sorted(missing)}")


def _unit(by: Actor, name: str, kind: str, parent: Unit | None, short_name: str) -> Unit:
    existing = Unit.objects.filter(parent=parent, name=name).first()
    return existing or create_unit(name=name, kind=kind, parent=parent, by=by, short_name=short_name)


def _load_units(by: Actor) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for key, name, short, parent, _division in REGIONS:
        units[key] = _unit(by, name, UnitKind.REGION, units.get(parent), short)
    for key, name, short, parent in ZONES:
        zone = units[key] = _unit(by, name, UnitKind.ZONE, units[parent], short)
        for department in ZONE_DEPARTMENTS.get(key, []):
            units[f"{key}/{department}"] = _unit(by, department, UnitKind.DEPARTMENT, zone, "")
        for branch in ZONE_BRANCHES.get(key, []):
            units[f"{key}/{branch}"] = _unit(by, branch, UnitKind.BRANCH, zone, branch.removeprefix("沛县"))
    return units


def _user(by: Actor, username: str, role: str, unit: Unit, full_name: str, mobile: str, enterprise=None) -> User:
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        return create_user(
            username=username, password=PASSWORD, full_name=full_name, unit=unit, role=role, by=by,
            mobile=mobile, enterprise=enterprise,
        )  # fmt: skip
    if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
        add_membership(user, unit=unit, role=role, by=by)
    return user


def _load_staff(by: Actor, units: dict[str, Unit]) -> dict[str, User]:
    users = {}
    for username, role, unit_key, full_name, mobile in LOGINS:
        if role != Role.ENTERPRISE:
            users[username] = _user(by, username, role, units[unit_key], full_name, mobile)
    return users


def _load_enterprise_user(by: Actor, units: dict[str, Unit], enterprise: Enterprise) -> User:
    for username, role, unit_key, full_name, mobile in LOGINS:
        if role == Role.ENTERPRISE:
            return _user(by, username, role, units[unit_key], full_name, mobile, enterprise=enterprise)
    raise AssertionError("no enterprise login")


def _division(zone_key: str) -> str:
    parent = next(p for key, _n, _s, p in ZONES if key == zone_key)
    return next(code for key, *_rest, code in REGIONS if key == parent)


def _officers(zone_key: str, users: dict[str, User]) -> tuple[User | None, User | None]:
    if zone_key == "sy":
        return users["leader"], users["service"]
    if zone_key == "gy":
        return None, users["ganyu_officer"]
    return None, None


def _load_named(by: Actor, gen: _Generator, units, users) -> dict[str, Enterprise]:
    out = {}
    for spec in NAMED:
        gen.names.add(spec.name)
        established = spec.established or gen.established()
        code = gen.uscc(_division(spec.zone), established)
        people = [(gen.person(), title, gen.mobile()) for title in spec.contacts]
        legal = gen.person()
        address = gen.address(GENERATED[spec.zone][3], GENERATED[spec.zone][4])
        existing = Enterprise.objects.filter(uscc=code).first()
        if existing is not None:
            out[spec.name] = existing
            continue
        leader, officer = _officers(spec.zone, users)
        enterprise = create_enterprise(
            {
                "name": spec.name, "uscc": code, "unit": units[spec.zone], "industry": spec.industry,
                "legal_representative": legal, "address": address, "established_on": established,
                "registered_capital_wan": Decimal(spec.capital_wan).quantize(Decimal("0.01")),
                "employees": spec.employees, "is_above_scale": "规" in spec.flags,
                "is_high_tech": "高" in spec.flags, "is_specialized": "专" in spec.flags,
                "linked_leader": leader, "service_officer": officer,
            },
            by=by,
        )  # fmt: skip
        _bulk_contacts(by, [(enterprise, people)])
        out[spec.name] = enterprise
    return out


@transaction.atomic
def _bulk_contacts(by: Actor, rows: list[tuple[Enterprise, list[tuple[str, str, str]]]]) -> None:
    """Contacts as enterprises.services.add_contact writes them (one Event each), in bulk."""
    contacts, owners = [], []
    for enterprise, people in rows:
        for i, (name, title, mobile) in enumerate(people):
            contacts.append(Contact(enterprise=enterprise, name=name, title=title, mobile=mobile, is_primary=i == 0))
            owners.append(enterprise)
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Event.objects.bulk_create(
        [
            build_event(by, "enterprise.contact_added", owner, after=snapshot(contact, CONTACT_FIELDS))
            for owner, contact in zip(owners, contacts, strict=True)
        ],
        batch_size=BATCH,
    )


def _load_generated(by: Actor, gen: _Generator, units, users) -> int:
    """The bulk of each zone's register; returns how many enterprises were created."""
    planned: list[tuple[Enterprise, list[tuple[str, str, str]]]] = []
    for zone_key, (count, prefixes, preferred, address_prefix, roads) in GENERATED.items():
        zone = units[zone_key]
        division = _division(zone_key)
        leader, officer = _officers(zone_key, users)
        for _ in range(count):
            if zone_key == "jhlw":
                name, word = gen.company(prefixes, list(SERVICE_WORDS))
                industry = SERVICE_WORDS[word]
            else:
                words = preferred if preferred and gen.rng.random() < 0.65 else GENERIC
                name, word = gen.company(prefixes, words)
                industry = INDUSTRY_WORDS[word]
            established = gen.established()
            employees = gen.employees()
            above, high_tech, specialised = gen.flags(employees)
            enterprise = Enterprise(
                name=name, uscc=gen.uscc(division, established), unit=zone, industry_id=industry,
                legal_representative=gen.person(), address=gen.address(address_prefix, roads),
                established_on=established, registered_capital_wan=gen.capital(employees), employees=employees,
                is_above_scale=above, is_high_tech=high_tech, is_specialized=specialised,
                linked_leader=leader if leader and above and gen.rng.random() < 0.5 else None,
                service_officer=officer if officer and gen.rng.random() < 0.4 else None,
                name_initials=pinyin_initials(name),
            )  # fmt: skip
            contact = (gen.person(), gen.rng.choice(CONTACT_TITLES), gen.mobile())
            planned.append((enterprise, [contact]))
    taken = set(Enterprise.objects.filter(uscc__in=[e.uscc for e, _ in planned]).values_list("uscc", flat=True))
    planned = [(e, people) for e, people in planned if e.uscc not in taken]
    if planned:
        _bulk_enterprises(by, planned)
    return len(planned)


@transaction.atomic
def _bulk_enterprises(by: Actor, planned: list[tuple[Enterprise, list[tuple[str, str, str]]]]) -> None:
    enterprises = [e for e, _ in planned]
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35; re-read to be certain on both.
    pks = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in enterprises]).values_list("uscc", "pk"))
    for enterprise in enterprises:
        enterprise.pk = pks[enterprise.uscc]
    Event.objects.bulk_create(
        [build_event(by, "enterprise.created", e, after=snapshot(e, EDITABLE)) for e in enterprises],
        batch_size=BATCH,
    )
    _bulk_contacts(by, planned)
