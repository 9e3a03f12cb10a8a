from django.urls import path  # noqa: F401

app_name = "chain_targets"

urlpatterns: list = []
