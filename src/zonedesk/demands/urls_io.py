from django.urls import path  # noqa: F401

app_name = "demand_io"
urlpatterns: list = []
