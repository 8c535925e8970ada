from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("articles/<int:article_id>/", views.article_timeline, name="article"),
    path("users/<str:username>/", views.user_timeline, name="user"),
    path("export.<str:fmt>", views.timeline_export_view, name="export"),
    path("reports/", views.reports, name="reports"),
]
