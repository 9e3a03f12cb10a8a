from django.urls import path

from . import views, views_io, views_links

app_name = "chains"

urlpatterns = [
    path("", views.chain_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/links/", views_links.add_link, name="add_link"),
    path("<int:pk>/enterprise-options/", views.enterprise_options, name="enterprise_options"),
    path("<int:pk>/project-options/", views.project_options, name="project_options"),
    path("<int:pk>/import/", views_io.import_links, name="import"),
    path("<int:pk>/import/template.xlsx", views_io.import_template, name="import_template"),
    path("links/<int:pk>/edit/", views_links.edit_link, name="edit_link"),
    path("links/<int:pk>/remove/", views_links.remove_link, name="remove_link"),
    path("links/<int:pk>/enterprises/", views_links.map_enterprise, name="map_enterprise"),
    path(
        "links/<int:pk>/enterprises/<int:enterprise_pk>/remove/",
        views_links.unmap_enterprise,
        name="unmap_enterprise",
    ),
    path("links/<int:pk>/projects/", views_links.map_project, name="map_project"),
    path("links/<int:pk>/projects/<int:project_pk>/remove/", views_links.unmap_project, name="unmap_project"),
]
