from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_create
from config.accounts import system_account


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it. It is printed only this once: "
        "only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="Command line", help="What will use the token (shown in the admin)."
        )
        parser.add_argument(
            "--as",
            dest="actor",
            help="Who creates the token, for the history (default: the 'system' account).",
        )

    def handle(self, *args, username: str, name: str, actor=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive; activate them first.")
        # Every history record names who wrote it (docs/audit.md).
        if actor:
            acting = get_user_model().objects.filter(username=actor).first()
            if acting is None:
                raise CommandError(f"There is no user {actor!r}.")
        else:
            acting = system_account()
        try:
            token, raw = api_token_create(user=user, name=name, actor=acting)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            f"Created API token {token.prefix}… ({token.name}) for {username}. "
            "Copy it now; it cannot be shown again."
        )
        # Only the token on stdout, so scripts can capture it: TOKEN=$(manage.py ...)
        self.stdout.write(raw)
