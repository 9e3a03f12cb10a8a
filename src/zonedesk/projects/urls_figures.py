from django.urls import path

from . import figures_views as views

app_name = "figures"

urlpatterns = [
    path("", views.figures_page, name="figures"),
    path("targets/", views.targets_page, name="targets"),
    path("rates/", views.rates_page, name="rates"),
    path("review/", views.review_page, name="review"),
    path("review.docx", views.review_docx, name="review_docx"),
]
