"""The demo's data tables: regions, zones, named enterprises, logins, and the generator's word lists."""

from zonedesk.orgs.roles import Role


def _table(text: str) -> list[list[str]]:
    """The rows of a whitespace-separated table; "-" is an empty cell."""
    return [["" if cell == "-" else cell for cell in line.split()] for line in text.strip().splitlines()]


# key, name, short name, parent key, administrative division code (characters 3–8 of a USCC)
REGIONS = _table("""
js          江苏省          江苏      -   320000
sheyang     盐城市射阳县    射阳县    js  320924
ganyu       连云港市赣榆区  赣榆区    js  320707
qidong      南通市启东市    启东市    js  320681
peixian     徐州市沛县      沛县      js  320322
wujiang     苏州市吴江区    吴江区    js  320509
jintan      常州市金坛区    金坛区    js  320413
sd          山东省          山东      -   370000
dongchangfu 聊城市东昌府区  东昌府区  sd  371502
""")
# key, name, short name, region key, enterprises to generate, name prefixes (the first most often), roads
ZONES = _table("""
sy    射阳经济开发区      射阳经开区    sheyang      300  江苏,盐城,射阳    幸福大道,振阳路,黄海路,海都路
gy    赣榆经济开发区      赣榆经开区    ganyu        150  江苏,连云港,赣榆  青口大道,海州湾路,金海路,宋庄路
lsg   吕四港经济开发区    吕四港经开区  qidong       150  江苏,南通,启东    港城大道,海工大道,通港路,滨海路
hl    汇龙镇              汇龙镇        qidong       120  江苏,南通,启东    人民路,公园路,江海路,城河路
hp    惠萍镇              惠萍镇        qidong       80   江苏,南通,启东    惠萍路,东晟路,工业园路,富民路
dh    东海镇              东海镇        qidong       80   江苏,南通,启东    东海路,兴海路,振东路,海滨大道
jhlw  江海澜湾旅游度假区  江海澜湾      qidong       40   江苏,南通,启东    滨江大道,澜湾路,观海路
px    沛县经济开发区      沛县经开区    peixian      150  江苏,徐州,沛县    汉源大道,沛公路,汤沐路,千秋路
wj    吴江经济技术开发区  吴江经开区    wujiang      150  江苏,苏州,吴江    运东大道,江兴东路,云梨路,庞金路
jt    金坛经济开发区      金坛经开区    jintan       150  江苏,常州,金坛    华城路,金武路,南环二路,汤庄路
jm    聊城嘉明经济开发区  嘉明经开区    dongchangfu  150  山东,聊城         嘉明路,中华路,华山路,凤凰路
""")
REGION_ROWS, ZONE_ROWS = {row[0]: row for row in REGIONS}, {row[0]: row for row in ZONES}
DEPARTMENTS = ["经济发展局", "招商局", "企业服务局", "自然资源和规划分局", "行政审批局", "人力资源和社会保障局"]
BRANCHES = ["沛县驻粤港澳大湾区招商分局", "沛县驻长三角招商分局"]
ZONE_CHILDREN = {"sy": (DEPARTMENTS, []), "gy": (DEPARTMENTS, []), "wj": (["行政审批局"], []), "px": ([], BRANCHES)}
# Industry word of a generated name → GB/T 4754-2017 code (groups: manufacturing; divisions: the resort's services)
INDUSTRY_WORDS = dict(
    pair.split(":")
    for row in _table("""
    精密机械:348 机械制造:349 智能装备:349 自动化设备:356 机器人科技:349 电子科技:397 光电科技:397 半导体科技:397
    电子材料:398 通信设备:392 智能科技:396 新能源科技:384 电池材料:384 储能科技:384 光伏科技:382 电气设备:382
    线缆:383 电机:381 照明电器:387 风电设备:341 汽车零部件:367 车辆配件:367 汽车电子:367 船舶配件:373
    海洋工程装备:373 船舶设备:373 化工:266 涂料:264 塑业:292 橡胶制品:291 新材料:265 纺织:171 化纤织造:175
    服饰:181 家纺:177 食品:149 农产品加工:139 生物医药:272 医疗器械:358 环保设备:359 钢结构:331 五金制品:338
    铸造:339 模具:352 包装材料:223 家具:211 印务:231 仪器仪表:401 轴承:345 泵阀:344 起重设备:343 农业机械:357
    建材:302 玻璃制品:305 木业:202 铝业:325 精密钢管:313 金属表面处理:336 工具:332 管业:292 电梯部件:343
    旅游开发:78 酒店管理:61 餐饮管理:62 文化传媒:72 休闲农业:05 置业:70
    """)
    for pair in row
)
MANUFACTURING = [word for word, code in INDUSTRY_WORDS.items() if len(code) == 3]
PREFERRED = {  # zone key: its leading industries (two names in three come from here, all at the resort)
    "sy": "智能装备 机器人科技 电子科技 光电科技 通信设备 新能源科技 电池材料 储能科技 汽车零部件 精密机械 家纺",
    "gy": "新能源科技 储能科技 新材料 化工 涂料 智能装备 机械制造 汽车零部件 钢结构",
    "lsg": "海洋工程装备 船舶配件 船舶设备 钢结构 起重设备 泵阀 电气设备 线缆 化工",
    "hl": "服饰 纺织 家纺 精密机械 光伏科技 电子科技 五金制品 食品 印务",
    "hp": "智能装备 机械制造 五金制品 电机 塑业 包装材料 农业机械",
    "dh": "建材 新材料 机械制造 玻璃制品 木业 农产品加工 五金制品",
    "px": "新能源科技 铝业 新材料 智能装备 机械制造 储能科技 食品 电气设备",
    "wj": "化纤织造 纺织 光电科技 电子科技 半导体科技 线缆 智能装备 精密机械 电梯部件",
    "jt": "新能源科技 电池材料 储能科技 光伏科技 汽车零部件 汽车电子 电气设备 新材料",
    "jm": "汽车零部件 智能装备 生物医药 新材料 精密钢管 管业 食品 农产品加工",
    "jhlw": "旅游开发 酒店管理 餐饮管理 文化传媒 休闲农业 置业",  # services only
}

# The enterprises the articles name: zone, name, industry, employees, registered capital (万元),
# flags (规 above scale, 高 high-tech, 专 专精特新), established, contact titles.
NAMED = _table("""
sy  江苏国阳智能装备有限公司            349  860   50000   规高专  2020-06-18  总经理,行政经理
sy  射阳科阳5G通信科技有限公司          392  420   20000   规高    2019-09-03  总经理
sy  创维LED（射阳）科技有限公司         397  1250  30000   规高    2018-11-12  副总经理
sy  安旭智能机器人（射阳）有限公司      349  310   10000   规高专  2020-03-26  总经理
sy  江苏海阳新能源动力电池有限公司      384  180   80000   高      2021-05-08  项目经理,财务总监
gy  嘉兴四通车轮（连云港）有限公司      367  650   30000   规      2019-04-15  总经理
gy  科创新材料产业园有限公司            265  120   20000   -       2019-07-01  办公室主任
gy  巨衡机械（连云港）有限公司          343  260   10000   规高    2019-08-20  总经理
gy  连云港朗道新能源科技有限公司        384  340   15000   规高    2019-02-28  总经理
gy  江苏岩象装备科技有限公司            351  150   5000    高      2019-05-16  副总经理
gy  连云港海贡机械有限公司              344  90    3000    -       2019-06-06  总经理
lsg 惠生海工装备（启东）有限公司        373  1600  150000  规高    2022-08-09  总经理,人事经理
lsg 启东中远海运海洋工程有限公司        373  1900  120000  规高    2008-03-18  办公室主任
lsg 启东中集太平洋海洋工程有限公司      373  2000  100000  规高专  2007-10-10  综合部部长
hl  启东迪皮茜服饰有限公司              181  520   2000    规      2006-05-22  总经理
hl  江苏罗源光伏科技有限公司            382  380   12000   规高    2016-09-01  总经理
hl  墨达思（启东）智能科技有限公司      349  120   8000    -       2023-11-02  项目负责人
hl  启东瑞振精密机械有限公司            348  160   5000    高      2023-06-30  总经理
hl  海铂风尚（启东）服饰有限公司        183  200   3000    -       2024-01-15  总经理
hp  启东东晟智造科技有限公司            349  140   10000   -       2021-04-12  总经理
dh  启东万鹏建材有限公司                302  60    2000    -       2024-07-05  总经理
dh  启东锦曌新材料科技有限公司          265  45    3000    -       2024-08-19  总经理
dh  启东庆旺机械有限公司                349  30    1000    -       2024-12-03  总经理
wj  苏州明志科技股份有限公司            339  1200  12300   规高专  2003-07-08  管理部经理
px  江苏沛鑫新型铝材有限公司            325  230   20000   规      2023-02-08  总经理
px  徐州沛能新能源科技有限公司          384  160   15000   高      2023-02-08  总经理
jt  阿斯托特克（常州）汽车科技有限公司  367  80    46000   -       2022-12-20  项目经理
jt  江苏金坛汇能动力电池有限公司        384  950   60000   规高    2017-05-10  总经理
jm  聊城嘉明汽车零部件有限公司          367  420   8000    规      2012-04-09  总经理
jm  山东嘉明高精管材有限公司            313  360   10000   规高    2010-10-28  总经理
""")

# Demo logins: username, role, unit key ("zone/department" for a department), full name, mobile.
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
    ("city_leader", Role.LEADER, "qidong", "钱立新", "13951010011"),
    ("safety", Role.SAFETY_OFFICER, "sy", "徐国强", "13951010012"),
    ("sheyang_leader", Role.LEADER, "sheyang", "顾振华", "13951010013"),
    # 三员: the separated system, security and audit administrators (no business rights).
    ("sysadmin", Role.SYSTEM_ADMIN, "sy", "严志远", "13951010014"),
    ("secadmin", Role.SECURITY_ADMIN, "sy", "蒋安宁", "13951010015"),
    ("auditor", Role.AUDIT_ADMIN, "sy", "沈审言", "13951010016"),
]
ENTERPRISE_OF_LOGIN = "江苏国阳智能装备有限公司"

BRAND_CHARS = "瑞丰华泰恒达鑫盛宏昌汇通联创科源德隆兴润嘉博卓睿诚信远航宇海翔晟锦荣凯利益广茂明亿金佳安康捷力祥永正顺"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈顾缪季"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国海波晓红志文斌俊峰云飞鹏宇浩然婷雪梅颖凯翔琳晨"
CONTACT_TITLES = ["总经理", "副总经理", "办公室主任", "行政经理", "财务总监", "人事经理", "综合部部长"]
MOBILE_PREFIXES = [f"1{n}" for n in (30, 31, 32, 33, 35, 36, 37, 38, 39, 50, 51, 52, 55, 58, 59, 77, 80, 82, 87, 89)]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CAPITAL_STEPS = [50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000, 8000, 10000, 20000, 50000]
