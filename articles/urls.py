from django.contrib.flatpages.views import flatpage
from django.urls import path

from articles.views import archive, cite, feeds, public, search

app_name = "articles"

urlpatterns = [
    path("", public.article_index, name="index"),
    path("search/", search.search, name="search"),
    path("articles/<slug:slug>/", public.article_detail, name="detail"),
    path("articles/<slug:slug>/question/", public.article_question, name="question"),
    path("articles/<slug:slug>/cite.<str:fmt>", cite.article_cite, name="cite"),
    path("articles/<slug:slug>/versions/", archive.version_list, name="versions"),
    path("articles/<slug:slug>/versions/<int:number>/", archive.version_detail, name="version"),
    path("feeds/approved.rss", feeds.ApprovedChangesFeed(), name="feed-rss"),
    path("feeds/approved.atom", feeds.ApprovedChangesAtomFeed(), name="feed-atom"),
    path("editorial-policy/", flatpage, {"url": "/editorial-policy/"}, name="editorial-policy"),
    path("medical-disclaimer/", flatpage, {"url": "/medical-disclaimer/"}, name="disclaimer"),
    path("corrections/", flatpage, {"url": "/corrections/"}, name="corrections"),
]
