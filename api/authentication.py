"""How the API knows who calls it.

Programs send `Authorization: Bearer <token>`; a browser that is logged in uses its session,
with Django's CSRF check on every write (DRF's SessionAuthentication enforces it).

History: DRF sets the authenticated user on the underlying Django request as well
(rest_framework.request.Request.user), and simple-history's HistoryRequestMiddleware
reads the user from that same request object. So a write made through the API is
recorded under the token's user without anything more here; tests/api/test_history.py
proves it.
"""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.tokens import TokenError, api_token_check

SCHEME = b"bearer"


class TokenAuthenticationFailed(AuthenticationFailed):
    def __init__(self, message: str, *, code: str):
        super().__init__(message, code=code)
        self.error_code = code


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != SCHEME:
            return None  # not ours: let the session (or nobody) authenticate
        if len(header) != 2:
            raise TokenAuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', with no spaces in it.",
                code="invalid_header",
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise TokenAuthenticationFailed(
                "The API token is not valid.", code="invalid_token"
            ) from None
        try:
            token = api_token_check(raw=raw)
        except TokenError as exc:
            raise TokenAuthenticationFailed(exc.message, code=exc.code) from None
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to anonymous calls.
        return f'{self.keyword} realm="api"'
