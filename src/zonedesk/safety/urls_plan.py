"""The zone's site plan, mounted at /safety/plan/."""

from django.urls import path

from . import plan_pages

app_name = "safety_plan"

urlpatterns = [
    path("", plan_pages.plan_page, name="plan"),
    path("place/", plan_pages.place_page, name="place"),
    path("place/save/", plan_pages.place, name="save_place"),
    path("upload/", plan_pages.upload, name="upload"),
    path("<int:pk>/image/", plan_pages.image, name="image"),
]
