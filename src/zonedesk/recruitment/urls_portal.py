from django.urls import path

from . import portal

app_name = "recruitment_portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("new/", portal.new, name="new"),
    path("<int:pk>/", portal.posting, name="posting"),
    path("<int:pk>/edit/", portal.edit, name="edit"),
    path("<int:pk>/hires/", portal.hires, name="hires"),
    path("<int:pk>/close/", portal.close, name="close"),
    path("fairs/<int:pk>/", portal.fair, name="fair"),
]
