"""An article page goes gzip-compressed to a browser that accepts it, from the bytes the
page cache keeps compressed; plain to a client that does not; each representation with
its own ETag (articles/pagegzip.py)."""

import gzip

import pytest

from tests.conftest import freeze_revision, make_article

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def page(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return f"{article.get_absolute_url()}?audience=patient"


def test_a_browser_gets_the_page_compressed_and_a_script_gets_it_plain(client, page):
    plain = client.get(page)
    assert plain["X-Page-Cache"] == "miss"
    assert "Content-Encoding" not in plain
    assert plain.content.startswith(b"<!doctype html>")

    compressed = client.get(page, headers=GZIP)
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert int(compressed["Content-Length"]) == len(compressed.content)

    again = client.get(page)  # the kept page, decompressed for a client without gzip
    assert again["X-Page-Cache"] == "hit"
    assert again.content == plain.content


def test_a_miss_is_compressed_for_a_browser_too(client, page):
    first = client.get(page, headers=GZIP)
    assert first["X-Page-Cache"] == "miss"
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == client.get(page).content


def test_each_representation_has_its_own_etag_and_says_it_varies(client, page):
    plain = client.get(page)
    compressed = client.get(page, headers=GZIP)
    assert plain["ETag"] != compressed["ETag"]
    assert compressed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]

    revalidated = client.get(page, headers={**GZIP, "if-none-match": compressed["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == compressed["ETag"]
    assert "Accept-Encoding" in revalidated["Vary"]
    assert client.get(page, headers={"if-none-match": plain["ETag"]}).status_code == 304
    # The compressed bytes' ETag does not stand for the plain ones.
    assert client.get(page, headers={"if-none-match": compressed["ETag"]}).status_code == 200


def test_a_signed_in_editors_page_is_never_compressed(client, page, editor):
    client.force_login(editor)
    response = client.get(page, headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert editor.username.encode() in response.content  # made for them alone


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br, zstd", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("gzip;q=0.5, identity", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0, identity", False),
        ("*, gzip;q=0", False),
        ("gzip;q=oops", False),
        ("identity", False),
        ("br, deflate", False),
        ("", False),
    ],
)
def test_a_client_that_refuses_gzip_gets_the_page_plain(client, page, header, accepted):
    client.get(page)  # rendered and kept
    response = client.get(page, headers={"accept-encoding": header})
    assert response.status_code == 200
    assert (response.get("Content-Encoding") == "gzip") is accepted
    if not accepted:
        assert response.content.startswith(b"<!doctype html>")
