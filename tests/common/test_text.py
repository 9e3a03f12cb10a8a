import pytest

from zonedesk.common.text import bracket_spellings, fold_compat, normalize_multiline, normalize_text


def test_full_width_letters_and_digits_fold_to_ascii():
    assert normalize_text("ＡＢＣ　ｘｙｚ　０１２３４５６７８９") == "ABC xyz 0123456789"
    assert normalize_text("射阳科阳５Ｇ通信") == "射阳科阳5G通信"


@pytest.mark.parametrize(
    "text",
    [
        "启东市园区（镇）季度综合考核",
        "春节后返岗不足，二号车间缺普工50人！",
        "问题：用地指标；何时解决？",
        "①用工 ②融资",
        "厂房面积1200㎡",
        "“专精特新”企业、小巨人",
        "5～10亿元，￥3亿",
    ],
)
def test_chinese_punctuation_and_other_characters_are_kept_as_typed(text):
    assert normalize_text(text) == text


def test_the_ideographic_space_and_runs_of_whitespace_become_one_space():
    assert normalize_text("　国阳智能　 有限公司\t\n ") == "国阳智能 有限公司"
    assert normalize_text("第一行\n第二行") == "第一行 第二行"
    assert normalize_text(None) == ""
    assert normalize_text(12) == "12"


def test_multiline_keeps_its_lines_and_collapses_spaces_inside_them():
    typed = "  一、用工：缺普工５０人，\t急需\r\n二、融资（贷款）　 500万元  \r三、其他！ "
    assert normalize_multiline(typed) == "一、用工：缺普工50人， 急需\n二、融资（贷款） 500万元\n三、其他！"


def test_multiline_keeps_one_empty_line_at_most():
    assert normalize_multiline("\n\n第一段\n\n\n\n第二段\n \n\t\n第三段\n\n") == "第一段\n\n第二段\n\n第三段"
    assert normalize_multiline("甲\n\n乙") == "甲\n\n乙"
    assert normalize_multiline(None) == ""
    assert normalize_multiline("  \r\n ") == ""


def test_fold_compat_folds_every_compatibility_form_for_parsing_and_matching():
    assert fold_compat("创维LED（射阳）科技有限公司") == "创维LED(射阳)科技有限公司"
    assert fold_compat("２０２５－０２－０７") == "2025-02-07"
    assert fold_compat("①，㎡") == "1,m2"


def test_bracket_spellings_cover_half_and_full_width():
    assert bracket_spellings("创维(射阳)") == {"创维(射阳)", "创维（射阳）"}
    assert bracket_spellings("A（B)") == {"A（B)", "A(B)", "A（B）"}
    assert bracket_spellings("国阳智能") == {"国阳智能"}
