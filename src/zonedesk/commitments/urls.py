from django.urls import path

from . import views, views_edit, views_years

app_name = "commitments"

urlpatterns = [
    path("", views.list_page, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("figures/", views.figures_page, name="figures"),
    path("project/<int:project_pk>/", views_edit.for_project, name="for_project"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sheet.docx", views.sheet, name="sheet"),
    path("<int:pk>/edit/", views_edit.edit, name="edit"),
    path("<int:pk>/promises/", views_edit.add_promise, name="add_promise"),
    path("<int:pk>/promises/<int:promise_pk>/", views_edit.edit_promise, name="edit_promise"),
    path("years/", views_years.years_page, name="years"),
    path("years/import/", views_years.import_page, name="years_import"),
    path("years/import/template.xlsx", views_years.import_template, name="years_template"),
]
