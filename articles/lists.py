"""Site-managed lists that admins edit: the specialties articles are filed under, and the
words readability grading leaves out.

Imported by articles.models so Django finds the models here."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords


class Specialty(models.Model):
    """A specialty an article can be filed under. Editors choose from this list (the desk,
    the API and document imports check it: articles.services.articles specialty_clean);
    an article keeps a specialty removed from the list until someone changes it."""

    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="specialty_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class TermKind(models.TextChoices):
    DRUG = "drug", "Drug"
    CONDITION = "condition", "Condition"


class ReadabilityTerm(models.Model):
    """A drug or condition name readability grading reads as a short plain word: a patient
    has to read "ibuprofen" whatever the sentence around it, so its syllables say nothing
    about how plainly the sentence is written (articles/readability.py)."""

    term = models.CharField(
        max_length=100, unique=True, help_text="As written; matched ignoring case."
    )
    kind = models.CharField(max_length=20, choices=TermKind, default=TermKind.DRUG)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(term=""), name="readabilityterm_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


@receiver([post_save, post_delete], sender=ReadabilityTerm)
def _terms_changed(**kwargs):
    # Cache invalidation only: the next grade reads the new list.
    from articles.readability import readability_terms_forget

    readability_terms_forget()
