"""The enterprise's hazard pages at /my/safety/ (企业端, made for a phone)."""

from django.urls import path

from . import portal, portal_actions

app_name = "safety_portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("<int:pk>/", portal.detail, name="detail"),
    path("<int:pk>/start/", portal_actions.start, name="start"),
    path("<int:pk>/submit/", portal_actions.submit, name="submit"),
    path("photos/<int:pk>/", portal.photo, name="photo"),
]
