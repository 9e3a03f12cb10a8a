from django.urls import path

from . import views, views_facilities, views_import, views_sources

app_name = "projects"

urlpatterns = [
    path("", views.board_page, name="board"),
    path("list/", views.project_list_page, name="list"),
    path("list/export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("facilities/", views_facilities.facility_list, name="facilities"),
    path("facilities/new/", views_facilities.create, name="facility_create"),
    path("facilities/<int:pk>/edit/", views_facilities.edit, name="facility_edit"),
    path("import/", views_import.import_page, name="import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("referrals/", views_sources.referrals, name="referrals"),
    path("referrals/<int:pk>/accept/", views_sources.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views_sources.referral_decline, name="referral_decline"),
    path("referrals/<int:pk>/withdraw/", views_sources.referral_withdraw, name="referral_withdraw"),
    path("events/", views_sources.events, name="events"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/move-back/", views.move_back, name="move_back"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/resign/", views.resign, name="resign"),
    path("<int:pk>/funds/", views.funds, name="funds"),
    path("<int:pk>/refer/", views.refer, name="refer"),
]
