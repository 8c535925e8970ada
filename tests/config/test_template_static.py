from django.template import Context, Template
from django.test import override_settings

from config.template_static import RememberedStaticNode, _url


def _render(source: str, **context) -> str:
    return Template("{% load static %}" + source).render(Context(context))


def test_every_template_static_tag_is_the_remembering_one():
    template = Template("{% load static %}{% static 'css/site.css' %}")
    assert isinstance(template.nodelist[-1], RememberedStaticNode)


def test_a_path_is_looked_up_once_and_then_remembered():
    _url.cache_clear()
    first = _render("{% static 'css/site.css' %}")
    assert _render("{% static 'css/site.css' %}") == first
    assert _url.cache_info().hits == 1


def test_a_path_in_a_variable_and_as_name_give_the_same_url():
    direct = _render("{% static 'css/site.css' %}")
    assert _render("{% static path as u %}[{{ u }}]", path="css/site.css") == f"[{direct}]"


def test_a_static_url_change_is_never_answered_from_the_old_urls():
    _url.cache_clear()
    before = _render("{% static 'css/site.css' %}")
    with override_settings(STATIC_URL="/elsewhere/"):
        after = _render("{% static 'css/site.css' %}")
    assert before != after
    assert after.startswith("/elsewhere/")
