from django.http import HttpResponse
from django.urls import include, path


def baseline(request):
    """The ceiling: Django's full middleware stack answering a fixed short string."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("config.urls")),
]
