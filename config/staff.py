"""Signing in and out with way-finding: after sign-in each person lands where their work
is (articles/staff.py `staff_landing_url`) unless a safe `next` says otherwise, and
/staff/ sends them there from the public header's "Staff area" link.

Public pages never read the session (shared caches keep them), so the header cannot ask
who is signed in. Sign-in sets a small cookie, STAFF_HINT_COOKIE, that says nothing but
"a staff member used this browser"; static/js/staff-link.js shows the link when it is
there. It grants nothing: /staff/ and every page behind it check the session."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from articles.staff import staff_landing_url

STAFF_HINT_COOKIE = "staff_hint"


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        # Called only when no safe `next` was given (Django checks its host and scheme).
        return staff_landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            STAFF_HINT_COOKIE,
            "1",
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,  # read by static/js/staff-link.js, and worth nothing to a thief
            samesite="Lax",
        )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(STAFF_HINT_COOKIE, samesite="Lax")
        return response


@require_GET
@login_required
def staff_home(request):
    return redirect(staff_landing_url(request.user))
