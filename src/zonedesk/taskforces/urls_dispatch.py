from django.urls import path

from . import views_dispatch as views

app_name = "dispatch"

urlpatterns = [
    path("", views.dispatch_page, name="dispatch"),
    path("dispatch.docx", views.dispatch_download, {"fmt": "docx"}, name="docx"),
    path("dispatch.xlsx", views.dispatch_download, {"fmt": "xlsx"}, name="xlsx"),
]
