"""The password-change and password-reset pages, with the limits Django's own lack.

Changing a password asks for the current one, so a stolen session could guess it there
without limit; each wrong current password now counts as a failed sign-in for that
account (django-axes), and at the limit the form is paused like sign-in. Asking for a
reset sends an email to any address typed in, so requests are limited per client address
(a 429 page) and per email address (further mails are quietly not sent, so the page
tells a stranger nothing about the account)."""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import render

from articles.ratelimit import client_ip, rate_limit_hit
from config.login import login_locked_out

logger = logging.getLogger(__name__)


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request, *args, **kwargs):
        if not AxesProxyHandler.is_allowed(request, self._credentials()):
            return login_locked_out(request, credentials=self._credentials())
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            # The same signal a failed sign-in sends: axes records it for this account.
            user_login_failed.send(
                sender=__name__, credentials=self._credentials(), request=self.request
            )
            if not AxesProxyHandler.is_allowed(self.request, self._credentials()):
                return login_locked_out(self.request, credentials=self._credentials())
        return super().form_invalid(form)

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        window = settings.PASSWORD_RESET_RATE_WINDOW
        if rate_limit_hit(
            scope="password-reset-address",
            key=client_ip(self.request),
            limit=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
            window_seconds=window,
        ):
            context = {"minutes": window // 60}
            template = "registration/password_reset_paused.html"
            return render(self.request, template, context, status=429)
        email = form.cleaned_data["email"].strip().lower()
        if rate_limit_hit(
            scope="password-reset-email",
            key=email,
            limit=settings.PASSWORD_RESET_RATE_PER_EMAIL,
            window_seconds=window,
        ):
            logger.warning("Password reset not sent: too many requests for one email address")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
