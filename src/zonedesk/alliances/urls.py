from django.urls import path

from . import views, views_actions, views_meetings, views_problems

app_name = "alliances"

urlpatterns = [
    path("", views.alliance_list_page, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/members/", views_actions.add_member, name="add_member"),
    path("<int:pk>/members/<int:member_pk>/leave/", views_actions.leave, name="leave"),
    path("<int:pk>/matchings/", views_actions.introduce, name="introduce"),
    path("<int:pk>/matchings/<int:matching_pk>/outcome/", views_actions.record_outcome, name="outcome"),
    path("<int:pk>/meetings/new/", views_meetings.create, name="meeting_create"),
    path("meetings/<int:pk>/", views_meetings.detail, name="meeting"),
    path("meetings/<int:pk>/problems/", views_meetings.raise_problem, name="raise_problem"),
    path("meetings/<int:pk>/attendance/", views_meetings.record_attendance, name="attendance"),
    path("problems/", views_problems.problem_list_page, name="problems"),
    path("problems/export.xlsx", views_problems.export, name="problem_export"),
    path("problems/new/", views_problems.make, name="problem_create"),
    path("problems/<int:pk>/", views_problems.problem_detail, name="problem"),
    path("problems/<int:pk>/resolve/", views_problems.resolve, name="resolve"),
    path("problems/<int:pk>/demands/", views_problems.add_demands, name="add_demands"),
]
