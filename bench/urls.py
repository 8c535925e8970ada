from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def baseline(request):
    """The ceiling: a fixed short string, served behind startproject's middleware
    (bench/wsgi.py)."""
    return HttpResponse("ok", content_type="text/plain")


# The site's own patterns, not included under a prefix: every page resolves exactly as in
# production, the baseline first.
urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
