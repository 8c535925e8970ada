"""The import_article and export_article management commands."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.documents import article_import, document_from_article, document_from_content
from articles.models import Article, Claim, Revision
from articles.snapshot import content_hash, working_copy_snapshot
from references.models import Reference

EXAMPLE = Path(__file__).resolve().parents[2] / "articles" / "demo" / "upper-back-pain.md"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# import_article


def test_import_prints_the_slug_and_the_url_path(db):
    out, _ = run("import_article", str(EXAMPLE))
    assert out.splitlines() == ["upper-back-pain-treatment", "/articles/upper-back-pain-treatment/"]
    assert Article.objects.get().slug == "upper-back-pain-treatment"


def test_import_prints_a_warning_for_each_pandoc_key_with_no_effect(db, tmp_path):
    path = tmp_path / "pandoc.md"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "origin: ai-drafted\n", "origin: ai-drafted\nbibliography: refs.bib\n"
        ),
        encoding="utf-8",
    )
    out, err = run("import_article", str(path))
    assert out.splitlines()[0] == "upper-back-pain-treatment"
    assert err == (
        f"{path}: warning: line 7: bibliography 'refs.bib' is not read: put the references "
        "in the 'references' list of the metadata block\n"
    )


def test_import_without_as_is_owned_by_an_inactive_system_account(db):
    run("import_article", str(EXAMPLE))
    owner = Article.objects.get().owner
    assert owner.username == "system"
    assert owner.is_active is False
    assert owner.has_usable_password() is False


def test_import_as_a_user_with_another_slug(editor):
    out, _ = run("import_article", str(EXAMPLE), "--as", "editor", "--slug", "upper-back")
    article = Article.objects.get()
    assert (article.slug, article.owner) == ("upper-back", editor)
    assert "/articles/upper-back/" in out
    assert not User.objects.filter(username="system").exists()


def test_a_refused_document_prints_every_problem_and_changes_nothing(db, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("origin: ai-drafted", "origin: robot").replace(
        "## Special Populations\n", "## Special Populations\n\n- Extra. [@missing-source]\n"
    )
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    extra_line = text.splitlines().index("- Extra. [@missing-source]") + 1
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_article", str(path), stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines == [
        f"{path}: line 6: origin 'robot' is not known; use one of: human, ai-drafted",
        f"{path}: line {extra_line}: citation [@missing-source] does not match any "
        "reference in the metadata block",
    ]
    assert "2 problems" in str(caught.value)
    assert Article.objects.count() == Reference.objects.count() == User.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes(EXAMPLE.read_bytes().replace(b"NSAIDs", b"NSA\xefDs", 1))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), stdout=StringIO(), stderr=err)
    assert "line 39: the document is not UTF-8 text" in err.getvalue()
    assert Article.objects.count() == 0


def test_import_of_a_missing_file_or_user_fails(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_article", str(tmp_path / "nowhere.md"))
    with pytest.raises(CommandError, match="There is no user named 'ghost'"):
        run("import_article", str(EXAMPLE), "--as", "ghost")
    assert Article.objects.count() == 0


# export_article


def test_export_writes_the_working_copy_to_stdout(editor):
    article = article_import(text=EXAMPLE.read_text(encoding="utf-8"), owner=editor)
    out, _ = run("export_article", article.slug)
    assert out == document_from_article(article=article)


def test_export_writes_a_file_with_o(editor, tmp_path):
    article = article_import(text=EXAMPLE.read_text(encoding="utf-8"), owner=editor)
    target = tmp_path / "out.md"
    out, _ = run("export_article", article.slug, "-o", str(target))
    assert out == ""
    assert target.read_text(encoding="utf-8") == document_from_article(article=article)


def test_export_of_a_revision_writes_its_frozen_content(editor):
    article = article_import(text=EXAMPLE.read_text(encoding="utf-8"), owner=editor)
    content = working_copy_snapshot(article)
    Revision.objects.create(
        article=article,
        number=1,
        content=content,
        content_hash=content_hash(content),
        comment="First version",
        submitted_by=editor,
        submitted_at=timezone.now(),
    )
    Claim.objects.filter(section__article=article).first().delete()

    out, _ = run("export_article", article.slug, "--revision", "1")

    assert out == document_from_content(content=content)
    assert out != document_from_article(article=article)


def test_export_of_an_unknown_article_or_revision_fails(editor):
    article = article_import(text=EXAMPLE.read_text(encoding="utf-8"), owner=editor)
    with pytest.raises(CommandError, match="no article with the slug 'nope'"):
        run("export_article", "nope")
    with pytest.raises(CommandError, match="has no revision 3"):
        run("export_article", article.slug, "--revision", "3")
