from django.urls import path

from . import figure_pages, views, views_actions, views_enterprise, views_inspect, views_settings

app_name = "safety"

urlpatterns = [
    path("hazards/", views.hazard_list_page, name="hazards"),
    path("hazards/export/", views.export, name="export"),
    path("hazards/<int:pk>/", views.detail, name="hazard"),
    path("hazards/<int:pk>/start/", views_actions.start, name="start"),
    path("hazards/<int:pk>/submit/", views_actions.submit, name="submit"),
    path("hazards/<int:pk>/accept/", views_actions.accept, name="accept"),
    path("hazards/<int:pk>/send-back/", views_actions.send_back, name="send_back"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("enterprises/<int:enterprise_pk>/", views_enterprise.enterprise_page, name="enterprise"),
    path("enterprises/<int:enterprise_pk>/rate/", views_enterprise.rate, name="rate"),
    path("enterprises/<int:enterprise_pk>/profile/", views_enterprise.profile, name="profile"),
    path("inspections/new/", views_inspect.new, name="inspect"),
    path("due/", views_inspect.due_page, name="due"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("figures/", figure_pages.figures_page, name="figures"),
    path("figures/report.docx", figure_pages.month_report, name="figures_report"),
    path("ratings/", figure_pages.ratings_page, name="ratings"),
    path("ratings/export.xlsx", figure_pages.ratings_export, name="ratings_export"),
    path("settings/categories/<int:pk>/archive/", views_settings.archive_category, name="archive_category"),
]
