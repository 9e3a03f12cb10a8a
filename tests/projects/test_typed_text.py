"""A project's name keeps its Chinese brackets; its content and next steps keep their lines."""

from zonedesk.projects import services

from ..conftest import client_for


def test_the_name_keeps_its_brackets_and_long_text_its_lines(investment_a, zone_a):
    data = {
        "name": "东海新能源项目（一期）",
        "unit": zone_a,
        "investment": "５～１０亿元",
        "description": "建设内容：\r\n一、电池模组产线２条；\r\n\r\n\r\n二、研发中心（含中试）。",
        "next_steps": "  约谈董事长，确认投资意向！  ",
    }
    project = services.create_project(data, by=investment_a)
    assert project.name == "东海新能源项目（一期）"
    assert project.investment_text == "5～10亿元"  # digits folded, the range sign as typed
    assert (project.total_investment_wan, project.total_investment_upper_wan) == (50000, 100000)
    assert project.description == "建设内容：\n一、电池模组产线2条；\n\n二、研发中心（含中试）。"
    assert project.next_steps == "约谈董事长，确认投资意向！"
    page = client_for(investment_a).get(project.get_absolute_url()).content.decode()
    assert "一、电池模组产线2条；<br><br>二、研发中心（含中试）。" in page
