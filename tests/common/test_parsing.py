from datetime import date
from decimal import Decimal

import pytest

from zonedesk.common.amounts import format_wan, parse_wan
from zonedesk.common.dates import parse_date
from zonedesk.common.text import normalize_text, pinyin_initials


@pytest.mark.parametrize(
    "text", ["2025-02-07", "2025/2/7", "2025.2.7", "2025年2月7日", "20250207", "２０２５－０２－０７", 45695]
)
def test_every_accepted_date_spelling_reads_the_same_day(text):
    assert parse_date(text) == date(2025, 2, 7)


@pytest.mark.parametrize("text", ["2025-13-01", "昨天", "2025-02", "7/2/2025"])
def test_other_date_spellings_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("500", "500.00"),
        ("500万", "500.00"),
        ("1.2亿", "12000.00"),
        ("3亿元", "30000.00"),
        ("1,200.555万元", "1200.56"),
    ],
)
def test_plain_amounts_are_read_in_wan_rounded_half_up(text, wan):
    assert parse_wan(text) == Decimal(wan)


def test_an_amount_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        parse_wan("数亿元")


def test_amounts_show_as_wan_or_yi():
    assert format_wan(Decimal("300000")) == "30.00亿元"
    assert format_wan(Decimal("850")) == "850.00万元"


def test_pinyin_initials_and_full_width_text():
    assert pinyin_initials("国阳智能") == "gyzn"
    assert normalize_text("　ＡＢＣ　 有限公司 ") == "ABC 有限公司"
