from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from articles.views.feeds import robots_txt, sitemap_index, sitemap_section
from config.passwords import PasswordChangeView, PasswordResetView
from config.staff import LoginView, LogoutView, staff_home

urlpatterns = [
    path("admin/", admin.site.urls),
    path("audit/", include("audit.urls")),
    # Django's own views with the limits they lack (config/passwords.py), before the rest.
    path("accounts/password_change/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    # Sign-in lands each role where its work is (config/staff.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("staff/", staff_home, name="staff-home"),
    # The staff bar's language form posts here (Django's set_language: a cookie that only
    # staff pages read, config/middleware_language.py).
    path("i18n/", include("django.conf.urls.i18n")),
    # The desk's scripts' sentences (locale/<language>/LC_MESSAGES/djangojs.po), as a script
    # file the Content-Security-Policy allows; in the staff page's language, like the page.
    path(
        "i18n/catalog.js",
        JavaScriptCatalog.as_view(packages=["desk"]),
        name="javascript-catalog",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("editor/", include("desk.urls")),
    path("", include("articles.urls")),
    path("", include("reviews.urls")),
]

# A lost database connection outside a view is a 503 page too (config/middleware.py).
handler500 = "config.views.server_error"
