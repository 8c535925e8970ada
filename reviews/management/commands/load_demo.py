"""Loads the demo: users, board members, and two articles: one approved a month ago, with
a wording correction now in review and assigned to Sarah Chen (due in five days), and one
submitted twelve days ago and assigned to David Alvarez, whose review is overdue, so the
review queue's filters (mine, unassigned, overdue) have something to show. Where Spanish
is an article language (the demo settings), the first also has a Spanish translation,
approved by Lucía Ramírez, who reviews in Spanish, twenty days ago, and a correction of the
English source published five days ago, so the Spanish page says it is behind the
original. A third article, on acute cough, is approved to go live at 09:00 two days from
now (scheduled publishing: the clock, run_due_jobs, publishes it). Running it again
changes nothing that already exists.

The demo tells its story at the times it happened: the workflow refuses a due date in
the past, so the overdue assignment is made twelve days ago (`_days_ago`), through the
same workflow functions as everything else, with the events in the chain in time order."""

import json
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.documents import article_import
from articles.languages import language_codes
from articles.models import Article, Claim, ClaimText
from articles.services import (
    article_update_metadata,
    claim_text_set,
    claim_update,
    section_rename,
    translation_start,
)
from reviews.models import BoardMember
from reviews.workflow import (
    assignment_create,
    revision_approve,
    revision_start_review,
    revision_submit,
)

DEMO_PASSWORD = "review-demo-2025"  # noqa: S105 - a documented demo credential, not a secret
DEMO_DIR = Path(__file__).resolve().parents[3] / "articles" / "demo"

USERS = [
    # username, first, last, groups, superuser
    ("editor", "Elena", "Marsh", ["Editors"], False),
    ("editor2", "Tom", "Okafor", ["Editors"], False),
    ("reviewer1", "Sarah", "Chen", [], False),
    ("reviewer2", "David", "Alvarez", [], False),
    ("reviewer3", "Lucía", "Ramírez", [], False),
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
    # Reviews in Spanish as well as English: the Spanish translation's quorum.
    "reviewer3": {
        "display_name": "Lucía Ramírez",
        "credentials": "MD",
        "credentials_expanded": {"MD": "Doctor of Medicine"},
        "specialties": ["Family medicine", "Musculoskeletal medicine"],
        "bio": "Family physician in bilingual (Spanish and English) primary care; reviews "
        "patient information in both languages.",
        "disclosures": "None declared.",
        "languages": ["en", "es"],
    },
}

SEED = ("upper-back-pain.md", "upper-back-pain-treatment")
SPANISH = "upper-back-pain.es.json"  # the seed's Spanish text, claim by claim
PENDING = ("sore-throat.md", "sore-throat-when-to-see-a-doctor")
SCHEDULED = ("acute-cough.md", "acute-cough-antibiotics")


class Command(BaseCommand):
    help = "Create the demo users, board members and articles (safe to run twice)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._users()
            with _days_ago(30):
                seed = self._seed_article(users)
            spanish = seed is not None and "es" in language_codes()
            if spanish:
                with _days_ago(20):
                    self._spanish_translation(seed, users)
            with _days_ago(12):
                self._pending_article(users)
            if spanish:
                with _days_ago(5):
                    self._source_update(seed, users)
            if seed is not None:
                self._correction(seed, users)
            self._scheduled_article(users)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/admin/ or /editor/ as editor, editor2, reviewer1, "
            f"reviewer2, reviewer3 (Spanish too) or admin, with the password: {DEMO_PASSWORD}"
        )
        self.stdout.write(f"Approved demo article: http://127.0.0.1:8000/articles/{SEED[1]}/")
        if "es" in language_codes():
            self.stdout.write(
                f"Its Spanish translation, behind the source: "
                f"http://127.0.0.1:8000/articles/{SEED[1]}-es/ (reviewer3 reviews in Spanish)"
            )

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

    def _seed_article(self, users) -> Article | None:
        article = self._import(*SEED, owner=users["editor"])
        if article is None:
            return None
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
        return article

    def _spanish_translation(self, source: Article, users) -> None:
        """The seed in Spanish, translated by Tom Okafor from revision 1 and approved by
        Lucía Ramírez, who reviews in Spanish."""
        article = demo_spanish_translation(source=source, actor=users["editor2"])
        revision = revision_submit(
            article=article,
            actor=users["editor2"],
            comment="Spanish translation of revision 1, claim by claim; doses checked.",
            public_summary="Primera versión en español.",
        )
        revision_approve(revision=revision, actor=users["reviewer3"], password=DEMO_PASSWORD)
        self.stdout.write(f"Translated {source.slug} into Spanish; approved by Lucía Ramírez.")

    def _source_update(self, source: Article, users) -> None:
        """A correction of the English source goes live after the translation: the Spanish
        page then says it is behind the original until a caught-up translation is approved."""
        claim = Claim.objects.get(
            section__article=source, text__startswith="Severe or progressive neurologic"
        )
        claim_update(
            claim=claim,
            actor=users["editor"],
            text="Severe or progressive neurologic deficits (weakness, numbness, or loss of "
            "bowel or bladder control) require immediate medical attention.",
            evidence=claim.evidence,
            no_citation_needed=claim.no_citation_needed,
        )
        revision = revision_submit(
            article=source,
            actor=users["editor"],
            comment="Red-flag wording: the list of deficits reads as one list.",
            change_type="correction",
            public_summary="Clearer wording of the warning signs.",
        )
        revision_approve(revision=revision, actor=users["reviewer1"], password=DEMO_PASSWORD)
        self.stdout.write(f"Published a correction of {source.slug}: the Spanish page is behind.")

    def _pending_article(self, users) -> None:
        article = self._import(*PENDING, owner=users["editor2"])
        if article is None:
            return
        revision = revision_submit(
            article=article,
            actor=users["editor2"],
            comment="New article on sore throat; ready for medical review.",
            public_summary="First version.",
        )
        assignment_create(
            revision=revision,
            actor=users["admin"],
            reviewer=users["reviewer2"],
            due_on=timezone.localdate() + timedelta(days=10),
        )
        self.stdout.write(
            f"Imported {article.slug}; its first revision awaits David Alvarez's review, "
            "two days overdue."
        )

    def _correction(self, article: Article, users) -> None:
        """A wording correction of the approved article's patient text, in review now."""
        text = ClaimText.objects.get(
            claim__section__article=article,
            audience="patient",
            text__startswith="Take the smallest dose that helps",
        )
        claim_text_set(
            claim=text.claim,
            actor=users["editor"],
            audience="patient",
            text="Take the lowest dose that helps, for the shortest time you need it. Tell "
            "your doctor first if you have heart, stomach or bleeding problems.",
        )
        revision = revision_submit(
            article=article,
            actor=users["editor"],
            comment="Patient wording of the NSAID dose advice made plainer; no clinical change.",
            change_type="correction",
            public_summary="Clearer wording of the advice on pain-reliever doses.",
        )
        assignment_create(
            revision=revision,
            actor=users["admin"],
            reviewer=users["reviewer1"],
            due_on=timezone.localdate() + timedelta(days=5),
        )
        self.stdout.write(
            f"Submitted a correction of {article.slug}, assigned to Sarah Chen, due in 5 days."
        )

    def _scheduled_article(self, users) -> None:
        """A first revision the board approved to go live at 09:00 (site time) two days
        from now: until then readers see it as in review, and the queue and the desk show
        it as scheduled."""
        article = self._import(*SCHEDULED, owner=users["editor2"])
        if article is None:
            return
        revision = revision_submit(
            article=article,
            actor=users["editor2"],
            comment="New article on acute cough, following NICE NG120.",
            public_summary="First version.",
        )
        go_live = timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=2), time(9, 0))
        )
        revision_approve(
            revision=revision,
            actor=users["reviewer1"],
            password=DEMO_PASSWORD,
            checked_claims=[c["uuid"] for s in revision.content["sections"] for c in s["claims"]],
            publish_at=go_live,
        )
        self.stdout.write(
            f"Imported {article.slug}; approved to go live {go_live:%Y-%m-%d %H:%M %Z}."
        )


def demo_spanish_translation(*, source: Article, actor: User) -> Article:
    """The demo's Spanish working copy of the seed article (demo/ holds its text), written
    claim by claim through the desk's services; not yet submitted. The browser test of the
    Spanish page builds the same translation."""
    spanish = json.loads((DEMO_DIR / SPANISH).read_text(encoding="utf-8"))
    article = translation_start(source=source, language="es", actor=actor)
    for section, data in zip(article.sections.order_by("order"), spanish["sections"], strict=True):
        if data["heading"]:
            section_rename(section=section, actor=actor, heading=data["heading"])
        claims = section.claims.order_by("order")
        for claim, (text, patient) in zip(claims, data["claims"], strict=True):
            claim_update(
                claim=claim,
                actor=actor,
                text=text,
                evidence=claim.evidence,
                no_citation_needed=claim.no_citation_needed,
                texts={"patient": patient},
            )
    article_update_metadata(
        article=article,
        actor=actor,
        question=spanish["question"],
        title=spanish["title"],
        specialty=article.specialty,
        origin=article.origin,
    )
    return article


@contextmanager
def _days_ago(days: int):
    """Run the block as if it were `days` days ago (the clock still moving, so its events
    keep their order): the demo's history, told at the times it happened."""
    offset = timedelta(days=days)
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() - offset):
        yield
