from django.urls import path

from . import views, views_actions, views_work

app_name = "demands"

urlpatterns = [
    path("", views.demand_list_page, name="list"),
    path("new/", views.create, name="create"),
    path("workspace/", views_work.workspace_page, name="workspace"),
    path("workspace/accept/", views_work.bulk_accept, name="bulk_accept"),
    path("workspace/assign/", views_work.bulk_assign, name="bulk_assign"),
    path("figures/", views_work.figures_page, name="figures"),
    path("settings/", views_work.settings_page, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views_actions.accept, name="accept"),
    path("<int:pk>/return/", views_actions.return_for_info, name="return"),
    path("<int:pk>/reject/", views_actions.reject, name="reject"),
    path("<int:pk>/route/", views_actions.route, name="route"),
    path("<int:pk>/assign/", views_actions.assign, name="assign"),
    path("<int:pk>/transfer/", views_actions.transfer, name="transfer"),
    path("<int:pk>/resolve/", views_actions.resolve, name="resolve"),
    path("<int:pk>/attach/", views_actions.attach, name="attach"),
]
