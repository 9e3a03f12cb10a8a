from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.zone_page, name="zone"),
    path("region/", views.region_page, name="region"),
    path("screen/", views.screen_page, name="screen"),
    path("items/", views.items_page, name="items"),
]
