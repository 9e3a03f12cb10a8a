from django.urls import path

from . import views, views_actions

app_name = "assessment"

urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("<int:pk>/", views.scheme_detail, name="scheme"),
    path("<int:pk>/items/", views_actions.add_item, name="add_item"),
    path("<int:pk>/compute/", views_actions.compute, name="compute"),
    path("<int:pk>/manual/", views.manual, name="manual"),
    path("items/<int:pk>/remove/", views_actions.remove_item, name="remove_item"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/publish/", views_actions.publish, name="publish"),
    path("sheets/<int:pk>/ranking.xlsx", views_actions.ranking_xlsx, name="ranking_xlsx"),
    path("sheets/<int:pk>/ranking.docx", views_actions.ranking_docx, name="ranking_docx"),
    path("sheets/<int:pk>/scores.docx", views_actions.scores_docx, name="scores_docx"),
    path("scores/<int:pk>/", views.score_detail, name="score"),
    path("scores/<int:pk>/score.docx", views_actions.score_docx, name="score_docx"),
]
