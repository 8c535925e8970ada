from django.contrib.flatpages.views import flatpage
from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.article_index, name="index"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/question/", views.article_question, name="question"),
    path("editorial-policy/", flatpage, {"url": "/editorial-policy/"}, name="editorial-policy"),
    path("medical-disclaimer/", flatpage, {"url": "/medical-disclaimer/"}, name="disclaimer"),
    path("corrections/", flatpage, {"url": "/corrections/"}, name="corrections"),
]
