"""Staff training pages, mounted at /training/."""

from django.urls import path

from . import views, views_manage

app_name = "training"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("records/", views_manage.records_page, name="records"),
    path("records/export.xlsx", views_manage.records_export, name="records_export"),
    path("records/<int:pk>/", views.record_page, name="record"),
    path("records/<int:pk>/void/", views.void, name="void"),
    path("progress/", views_manage.progress_page, name="progress"),
    path("progress/export.xlsx", views_manage.progress_export, name="progress_export"),
    path("targets/", views_manage.targets_page, name="targets"),
]
