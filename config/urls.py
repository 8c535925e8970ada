from django.contrib import admin
from django.urls import include, path

from articles.views.feeds import robots_txt, sitemap_xml

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("articles.urls")),
    path("", include("reviews.urls")),
]
