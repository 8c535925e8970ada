import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

from config.template_remember import RememberNode, _fragments


def _template(body: str) -> Template:
    return Template("{% load i18n %}{% remember %}" + body + "{% endremember %}")


def _render(template: Template, language: str = "en", **context) -> str:
    with translation.override(language):
        return template.render(Context(context))


def _remember_node(template: Template) -> RememberNode:
    return template.nodelist.get_nodes_by_type(RememberNode)[0]


def test_the_key_is_every_variable_the_block_reads_and_not_what_it_binds():
    template = _template(
        "{% for a in items %}{{ a.name }}{% if a.key == chosen %}!{% endif %}{% endfor %}"
        "{% with x=site %}{{ x }}{% endwith %}{% url 'articles:detail' article.slug %}"
        "{% blocktranslate with s=site_name %}{{ s }} and {{ other }}{% endblocktranslate %}"
        "{{ when|date:format }}"
    )
    assert set(_remember_node(template).reads) == {
        "items",
        "chosen",
        "site",
        "article.slug",
        "site_name",
        "other",
        "when",
        "format",
    }


def test_a_block_is_rendered_once_per_set_of_values():
    _fragments.clear()
    template = _template("<p>{{ name }}: {% translate 'Articles' %}</p>")
    assert _render(template, name="a") == "<p>a: Articles</p>"
    assert _render(template, name="b") == "<p>b: Articles</p>"
    assert _render(template, "es", name="a") == "<p>a: Artículos</p>"
    assert _render(template, name="a") == "<p>a: Articles</p>"
    assert len(_fragments) == 3


def test_a_value_that_is_not_plain_data_renders_the_block_each_time():
    class Thing:
        def __str__(self):
            return "thing"

    _fragments.clear()
    template = _template("{{ thing }}")
    assert _render(template, thing=Thing()) == "thing"
    assert len(_fragments) == 0


def test_lists_and_dicts_of_plain_values_are_part_of_the_key():
    _fragments.clear()
    template = _template("{% for a in items %}{{ a.label }}{% endfor %}")
    assert _render(template, items=[{"label": "x"}]) == "x"
    assert _render(template, items=[{"label": "y"}]) == "y"


def test_a_missing_variable_is_a_value_like_any_other():
    template = _template("[{{ name }}]")
    assert _render(template) == "[]"
    assert _render(template, name="n") == "[n]"


def test_escaping_is_part_of_the_key():
    _fragments.clear()
    on = Template("{% remember %}{{ v }}{% endremember %}")
    off = Template("{% autoescape off %}{% remember %}{{ v }}{% endremember %}{% endautoescape %}")
    assert on.render(Context({"v": "<b>"})) == "&lt;b&gt;"
    assert off.render(Context({"v": "<b>"})) == "<b>"


@pytest.mark.parametrize(
    "body", ["{% block x %}{% endblock %}", "{% csrf_token %}", "{% include 'base.html' %}"]
)
def test_a_block_holding_what_the_key_cannot_see_into_is_refused(body):
    with pytest.raises(TemplateSyntaxError, match="cannot see what"):
        _template(body)


def test_a_settings_change_forgets_every_fragment():
    template = _template("{{ name }}")
    _render(template, name="a")
    with override_settings(SITE_NAME="Elsewhere"):
        assert len(_fragments) == 0


def test_the_current_time_zone_is_part_of_the_key():
    import datetime
    import zoneinfo

    from django.utils import timezone

    _fragments.clear()
    template = _template('{{ when|date:"H:i" }}')
    when = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert _render(template, when=when) == "12:00"
    with timezone.override(zoneinfo.ZoneInfo("Europe/Madrid")):
        assert _render(template, when=when) == "13:00"
