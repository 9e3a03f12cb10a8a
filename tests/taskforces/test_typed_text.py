"""A task force's progress notes, needs and weekly report keep their lines and their Chinese punctuation."""

from django.utils import timezone

from zonedesk.taskforces import services

from ..conftest import client_for

TEXT = "一、桩基完成８０％；\r\n\r\n\r\n二、钢结构（一期）进场！  "
KEPT = "一、桩基完成80％；\n\n二、钢结构（一期）进场！"


def test_long_text_keeps_its_lines_and_short_text_its_punctuation(task_force, pm_a):
    task = services.add_task(task_force, title="办理施工许可（一期）：\n住建局", deadline=timezone.localdate(), by=pm_a)
    assert task.title == "办理施工许可（一期）： 住建局"  # one line: the break becomes a space
    assert services.update_task_progress(task, TEXT, by=pm_a).text == KEPT
    assert services.add_element_need(task_force, kind="land", description=TEXT, by=pm_a).description == KEPT
    data = {"progress": TEXT, "blockers": "用地指标未落实；\r\n\r\n\r\n电力增容待批？", "next_steps": TEXT}
    report = services.submit_weekly_report(task_force, data, by=pm_a, iso_year=2025, iso_week=10)
    assert (report.progress, report.next_steps) == (KEPT, KEPT)
    assert report.blockers == "用地指标未落实；\n\n电力增容待批？"
    page = client_for(pm_a).get(f"/taskforces/{task_force.pk}/").content.decode()
    assert "一、桩基完成80％；<br><br>二、钢结构（一期）进场！" in page
