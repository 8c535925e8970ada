from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from articles.models import Article, Revision, SearchSynonym
        from articles.pagecache import forget_saved_article, forget_saved_revision
        from articles.reference_usage import articles_flag_for_rereview
        from references.signals import reference_problem_found

        # A retracted or superseded source makes the articles citing it due for re-review.
        reference_problem_found.connect(
            articles_flag_for_rereview, dispatch_uid="articles-flag-for-rereview"
        )

        # Any write to what a public page's ETag is made of, from any code path (workflow,
        # admin, scripts), forgets the cached copy of those columns.
        for model, receiver in ((Article, forget_saved_article), (Revision, forget_saved_revision)):
            post_save.connect(receiver, sender=model, dispatch_uid=f"page-state-{model.__name__}")
            post_delete.connect(
                receiver, sender=model, dispatch_uid=f"page-delete-{model.__name__}"
            )

        # Search results and the synonyms search reads are cached under the catalogue
        # version: a synonym's change starts a new one, as an article's save does.
        for signal in (post_save, post_delete):
            signal.connect(
                _synonyms_changed, sender=SearchSynonym, dispatch_uid=f"synonyms-{signal!r}"
            )


def _synonyms_changed(sender, **kwargs) -> None:
    from articles.pagecache import catalogue_changed

    catalogue_changed()
