from django.urls import path

from . import views, views_actions

app_name = "taskforces"

urlpatterns = [
    path("", views.task_force_list, name="list"),
    path("new/", views.create, name="create"),
    path("todo/", views.todo, name="todo"),
    path("tasks/<int:task_pk>/complete/", views_actions.complete_task, name="complete_task"),
    path("tasks/<int:task_pk>/note/", views_actions.note_task, name="note_task"),
    path("needs/<int:need_pk>/resolve/", views_actions.resolve_need, name="resolve_need"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/members/", views_actions.add_member, name="add_member"),
    path("<int:pk>/milestones/", views_actions.add_milestone, name="add_milestone"),
    path("<int:pk>/milestones/template/", views_actions.apply_template, name="apply_template"),
    path("<int:pk>/milestones/<int:milestone_pk>/actual/", views_actions.record_actual, name="record_actual"),
    path("<int:pk>/tasks/", views_actions.add_task, name="add_task"),
    path("<int:pk>/needs/", views_actions.add_need, name="add_need"),
    path("<int:pk>/reports/<int:report_pk>/blocker/", views_actions.blocker_to_need, name="blocker_to_need"),
    path("<int:pk>/approvals/", views_actions.add_approval, name="add_approval"),
    path("<int:pk>/approvals/<int:approval_pk>/dates/", views_actions.approval_dates, name="approval_dates"),
    path("<int:pk>/reports/", views_actions.submit_report, name="submit_report"),
]
