"""An article's languages on the desk: for an approved source, its translations and the
form that starts one; for a translation, the source revision it translates, whether it is
behind the source with the source's claims changed since (the reviewers' claim-level
diff), and "Catch up with the source"."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from articles.access import article_for
from articles.errors import ArticleError
from articles.languages import language_name, languages, stale_translations_withdrawn
from articles.models import Revision
from articles.permissions import article_can_edit, user_can_create_articles
from articles.services import translation_catch_up, translation_start
from articles.translations import translation_behind
from desk.views.access import editor_url, refused, workspace_view
from reviews.diff import revision_diff


def translations_url(article) -> str:
    return reverse("editor:translations", kwargs={"slug": article.slug})


@require_http_methods(["GET", "POST"])
@workspace_view
def article_translations(request, slug: str):
    article = article_for(request.user, slug)
    if request.method == "POST":
        return _act(request, article)
    return render(request, "editor/translations.html", translations_context(request, article))


def _act(request, article):
    try:
        if request.POST.get("action") == "catch-up":
            article = article_for(request.user, article.slug, edit=True)
            done = translation_catch_up(article=article, actor=request.user)
            messages.success(
                request,
                gettext(
                    "The working copy now translates revision %(number)s of the source: "
                    "%(added)s new claim(s) added in the source's words, %(removed)s removed. "
                    "Revise the changed claims, then submit."
                )
                % {"number": done.source_number, "added": done.added, "removed": done.removed},
            )
            return redirect(editor_url(article))
        translation = translation_start(
            source=article,
            language=request.POST.get("language", ""),
            actor=request.user,
            slug=request.POST.get("slug", "").strip(),
        )
    except ArticleError as refusal:
        return refused(
            request, article, refusal, kept=[(gettext("Address"), request.POST.get("slug"))]
        )
    messages.success(
        request,
        gettext(
            "The %(language)s translation was started from revision %(number)s: each claim "
            "holds the source's words to write over. It is reviewed by board members who "
            "review in that language."
        )
        % {
            "language": language_name(translation.language),
            "number": translation.source_revision.number,
        },
    )
    return redirect(editor_url(translation))


def translations_context(request, article) -> dict:
    context = {"article": article, "language_name": language_name(article.language)}
    if article.translation_of_id:
        source = article.translation_of
        live = source.live_revision
        working = article.source_revision
        diff = None
        if live is not None and live.pk != working.pk:
            diff = revision_diff(old=working.content, new=live.content)
        context.update(
            source=source,
            working_source=working,
            source_live=live,
            behind=translation_behind(article),
            withdrawn=stale_translations_withdrawn(),
            diff=diff,
            may_catch_up=diff is not None
            and article_can_edit(request.user, article)
            and not article.pending_revision_id,
            may_edit=article_can_edit(request.user, article),
        )
        return context
    translations = list(article.translations.select_related("live_revision").order_by("language"))
    taken = {article.language, *(t.language for t in translations)}
    context.update(
        translations=[
            {
                "article": t,
                "name": language_name(t.language),
                "behind": translation_behind(t),
                "translates": Revision.objects.filter(pk=t.live_revision.source_revision_id)
                .values_list("number", flat=True)
                .first()
                if t.live_revision_id
                else None,
            }
            for t in translations
        ],
        open_languages=[x for x in languages() if x.code not in taken],
        may_start=user_can_create_articles(request.user) and article.live_revision_id is not None,
    )
    return context
