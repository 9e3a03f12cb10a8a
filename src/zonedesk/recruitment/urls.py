from django.urls import path

from . import views_fair_actions, views_fairs, views_gap, views_postings

app_name = "recruitment"

urlpatterns = [
    path("", views_postings.posting_list_page, name="postings"),
    path("export.xlsx", views_postings.export, name="export"),
    path("new/", views_postings.create, name="create"),
    path("<int:pk>/", views_postings.detail, name="posting"),
    path("<int:pk>/edit/", views_postings.edit, name="edit"),
    path("<int:pk>/hires/", views_postings.hires, name="hires"),
    path("<int:pk>/close/", views_postings.close, name="close"),
    path("fairs/", views_fairs.fair_list_page, name="fairs"),
    path("fairs/new/", views_fairs.create, name="fair_create"),
    path("fairs/<int:pk>/", views_fairs.detail, name="fair"),
    path("fairs/<int:pk>/report.docx", views_fairs.report, name="fair_report"),
    path("fairs/<int:pk>/participants/", views_fair_actions.add_participant, name="participants"),
    path(
        "fairs/<int:pk>/participants/<int:participant_pk>/postings/",
        views_fair_actions.show_postings,
        name="show_postings",
    ),
    path("fairs/<int:pk>/held/", views_fair_actions.mark_held, name="held"),
    path("fairs/<int:pk>/results/", views_fair_actions.record_results, name="results"),
    path("fairs/<int:pk>/cancel/", views_fair_actions.cancel, name="cancel"),
    path("gap/", views_gap.gap_page, name="gap"),
    path("invite/<int:demand_pk>/", views_fair_actions.invite, name="invite"),
]
