"""Pages of targeted investment (精准招商), mounted under /chains/ beside the chains' own pages."""

from django.urls import path

from . import views_targets

app_name = "chain_targets"

urlpatterns = [
    path("targets/", views_targets.targets_page, name="targets"),
    path("targets/export.xlsx", views_targets.export, name="export"),
    path("targets/<int:pk>/lead/", views_targets.lead, name="lead"),
    path("targets/<int:pk>/dismiss/", views_targets.dismiss, name="dismiss"),
    path("<int:pk>/gaps/", views_targets.gaps_page, name="gaps"),
    path("<int:pk>/gaps/target/", views_targets.add_target, name="add"),
    path("<int:pk>/figures/", views_targets.figures_page, name="figures"),
]
