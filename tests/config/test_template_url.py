from django.template import Context, Template
from django.test import override_settings
from django.urls import path, set_script_prefix

from config.template_url import RememberedURLNode, _reversed


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_every_template_url_tag_is_the_remembering_one():
    template = Template("{% url 'articles:index' %}")
    assert isinstance(template.nodelist[0], RememberedURLNode)


def test_a_fixed_link_is_reversed_once_and_then_remembered():
    _reversed.cache_clear()
    first = _render("{% url 'reviews:board' %}")
    second = _render("{% url 'reviews:board' %}")
    assert first == second
    assert _reversed.cache_info().hits >= 1


def test_an_article_link_is_remembered_per_slug():
    _reversed.cache_clear()
    one = _render("{% url 'articles:detail' slug %}", slug="one")
    two = _render("{% url 'articles:detail' slug %}", slug="two")
    assert one != two
    assert one.endswith("/one/") and two.endswith("/two/")


def test_a_script_prefix_is_part_of_what_is_remembered():
    _reversed.cache_clear()
    plain = _render("{% url 'articles:index' %}")
    set_script_prefix("/mounted/")
    try:
        mounted = _render("{% url 'articles:index' %}")
    finally:
        set_script_prefix("/")
    assert mounted == "/mounted" + plain


def _elsewhere(request):
    raise AssertionError("never called")


urlpatterns = [path("elsewhere/", _elsewhere, name="elsewhere")]


def test_another_urlconf_is_never_answered_from_the_old_ones_reversals():
    _reversed.cache_clear()
    _render("{% url 'articles:index' as x %}")
    with override_settings(ROOT_URLCONF=__name__):
        assert _render("{% url 'elsewhere' %}") == "/elsewhere/"
        assert _render("{% url 'articles:index' as x %}{{ x }}") == ""


def test_a_value_that_is_not_a_plain_string_is_reversed_each_time():
    class Slug:
        def __str__(self):
            return "by-object"

    _reversed.cache_clear()
    assert _render("{% url 'articles:detail' slug %}", slug=Slug()).endswith("/by-object/")
    assert _reversed.cache_info().currsize == 0
