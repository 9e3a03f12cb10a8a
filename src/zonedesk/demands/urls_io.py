from django.urls import path

from . import views_io

app_name = "demand_io"

urlpatterns = [
    path("import/", views_io.import_page, name="import"),
    path("import/template.xlsx", views_io.import_template, name="import_template"),
    path("export.xlsx", views_io.export, name="export"),
    path("sheet/<int:enterprise_pk>.docx", views_io.sheet, name="sheet"),
]
