"""The zone's saved lists (五张清单), mounted at /safety/lists/."""

from django.urls import path

from . import list_pages

app_name = "safety_lists"

urlpatterns = [
    path("", list_pages.index, name="index"),
    path("new/", list_pages.create, name="create"),
    path("<int:pk>/", list_pages.detail, name="detail"),
    path("<int:pk>/export.xlsx", list_pages.export, name="export"),
    path("<int:pk>/rename/", list_pages.rename, name="rename"),
    path("<int:pk>/delete/", list_pages.delete, name="delete"),
]
