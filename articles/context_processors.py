from django.conf import settings
from django.utils.functional import cached_property

from articles.permissions import (
    board_member_active,
    user_can_create_articles,
    user_can_use_workspace,
    user_is_editor_in_chief,
)


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL}


class WorkspaceNav:
    """What the signed-in navigation offers. Evaluated only when a workspace template asks,
    so public pages never read the user (which would make them vary by cookie)."""

    def __init__(self, request):
        self._request = request

    @cached_property
    def editor(self) -> bool:
        return user_can_use_workspace(self._request.user)

    @cached_property
    def writer(self) -> bool:
        """Editors: they start articles, import documents and references, and sort readers'
        questions. Board members use the desk to read working copies only."""
        return user_can_create_articles(self._request.user)

    @cached_property
    def reviewer(self) -> bool:
        return board_member_active(self._request.user) is not None

    @cached_property
    def reports(self) -> bool:
        user = self._request.user
        return user.is_staff or user_is_editor_in_chief(user)


def workspace(request):
    return {"workspace_nav": WorkspaceNav(request)}
