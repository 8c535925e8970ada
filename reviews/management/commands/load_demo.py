"""Loads the demo: users, board members, and two articles (one approved, one in review).
Running it again changes nothing that already exists."""

from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.documents import article_import
from articles.models import Article
from reviews.models import BoardMember
from reviews.workflow import revision_approve, revision_start_review, revision_submit

DEMO_PASSWORD = "review-demo-2025"  # noqa: S105 - a documented demo credential, not a secret
DEMO_DIR = Path(__file__).resolve().parents[3] / "articles" / "demo"

USERS = [
    # username, first, last, groups, superuser
    ("editor", "Elena", "Marsh", ["Editors"], False),
    ("editor2", "Tom", "Okafor", ["Editors"], False),
    ("reviewer1", "Sarah", "Chen", [], False),
    ("reviewer2", "David", "Alvarez", [], False),
    ("admin", "Ada", "Admin", ["Editors", "Editors-in-chief"], True),
]

BOARD = {
    "reviewer1": {
        "display_name": "Sarah Chen",
        "credentials": "MD, FACP",
        "credentials_expanded": {
            "MD": "Doctor of Medicine",
            "FACP": "Fellow of the American College of Physicians",
        },
        "specialties": ["Internal medicine", "Musculoskeletal medicine"],
        "bio": "Internist with fifteen years of practice in primary care and musculoskeletal "
        "medicine; clinical guideline reviewer.",
        "disclosures": "None declared.",
    },
    "reviewer2": {
        "display_name": "David Alvarez",
        "credentials": "PharmD, BCPS",
        "credentials_expanded": {
            "PharmD": "Doctor of Pharmacy",
            "BCPS": "Board Certified Pharmacotherapy Specialist",
        },
        "specialties": ["Clinical pharmacology", "Primary care"],
        "bio": "Clinical pharmacist specialising in analgesic and musculoskeletal drug therapy.",
        "disclosures": "Speaker fees from a regional pharmacists' association (2024).",
    },
}

SEED = ("upper-back-pain.md", "upper-back-pain-treatment")
PENDING = ("sore-throat.md", "sore-throat-when-to-see-a-doctor")


class Command(BaseCommand):
    help = "Create the demo users, board members and articles (safe to run twice)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._users()
            self._seed_article(users)
            self._pending_article(users)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/admin/ or /editor/ as editor, editor2, "
            f"reviewer1, reviewer2 or admin, with the password: {DEMO_PASSWORD}"
        )
        self.stdout.write(f"Approved demo article: http://127.0.0.1:8000/articles/{SEED[1]}/")

    def _users(self) -> dict[str, User]:
        users = {}
        for username, first, last, groups, superuser in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.com",
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
            for name in groups:
                user.groups.add(Group.objects.get_or_create(name=name)[0])
            users[username] = user
        for username, profile in BOARD.items():
            if not BoardMember.objects.filter(user=users[username]).exists():
                member = BoardMember(
                    user=users[username],
                    slug=username,
                    credentials_verified_on=date(2025, 9, 1),
                    **profile,
                )
                member._history_user = users["admin"]
                member._change_reason = "Demo board member"
                member.save()
        return users

    def _import(self, filename: str, slug: str, owner: User) -> Article | None:
        if Article.objects.filter(slug=slug).exists():
            self.stdout.write(f"Article {slug} exists; left as it is.")
            return None
        text = (DEMO_DIR / filename).read_text(encoding="utf-8")
        return article_import(text=text, owner=owner)

    def _seed_article(self, users) -> None:
        article = self._import(*SEED, owner=users["editor"])
        if article is None:
            return
        revision = revision_submit(
            article=article,
            actor=users["editor"],
            comment="First version, imported from the AI-drafted article document.",
            public_summary="First published.",
            ai_disclosure={
                "model": "gpt-4o-2024-08-06",
                "prompt_reference": "https://example.org/editorial/ai-drafting-prompt-v3",
                "human_editor": users["editor"].get_full_name() or users["editor"].username,
            },
        )
        revision_start_review(revision=revision, actor=users["reviewer1"])
        revision_approve(revision=revision, actor=users["reviewer1"], password=DEMO_PASSWORD)
        self.stdout.write(f"Imported and approved {article.slug}.")

    def _pending_article(self, users) -> None:
        article = self._import(*PENDING, owner=users["editor2"])
        if article is None:
            return
        revision_submit(
            article=article,
            actor=users["editor2"],
            comment="New article on sore throat; ready for medical review.",
            public_summary="First version.",
        )
        self.stdout.write(f"Imported {article.slug}; its first revision awaits review.")
