from django.urls import path

from . import views_io

app_name = "recruitment_io"

urlpatterns = [
    path("import/", views_io.import_page, name="import"),
    path("import/template.xlsx", views_io.import_template, name="import_template"),
]
