from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from config.template_i18n import RememberedTranslateNode, _translated


def _render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load i18n %}" + source).render(Context(context))


def test_every_template_translate_tag_is_the_remembering_one():
    template = Template('{% load i18n %}{% translate "Articles" %}')
    assert isinstance(template.nodelist[-1], RememberedTranslateNode)


def test_a_literal_is_translated_once_per_language_and_then_remembered():
    _translated.cache_clear()
    assert _render('{% translate "Articles" %}') == "Articles"
    assert _render('{% translate "Articles" %}', "es") == "Artículos"
    assert _render('{% translate "Articles" %}', "es") == "Artículos"
    assert _render('{% translate "Articles" %}') == "Articles"
    assert _translated.cache_info().hits == 2


def test_a_message_context_is_part_of_what_is_remembered():
    _translated.cache_clear()
    assert _render('{% translate "Search" %}', "es") == "Buscar"
    assert _render('{% translate "Search" context "search box" %}', "es") == "Buscar"
    assert _translated.cache_info().currsize == 2


def test_a_remembered_message_can_still_be_named_with_as():
    _translated.cache_clear()
    source = '{% translate "Updated" as word %}[{{ word }}]{% translate "Updated" %}'
    assert _render(source, "es") == "[Actualizado]Actualizado"


def test_a_message_in_a_variable_is_translated_each_time():
    _translated.cache_clear()
    assert _render("{% translate word %}", "es", word="Articles") == "Artículos"
    assert _render("{% translate word %}", "es", word="Updated") == "Actualizado"
    assert _translated.cache_info().currsize == 0


def test_escaping_is_part_of_what_is_remembered():
    _translated.cache_clear()
    escaped = _render('{% translate "a < b" %}')
    raw = _render('{% autoescape off %}{% translate "a < b" %}{% endautoescape %}')
    assert (escaped, raw) == ("a < b", "a < b")
    assert _translated.cache_info().currsize == 2


def test_noop_is_never_translated():
    assert _render('{% translate "Articles" noop %}', "es") == "Articles"


def test_a_settings_change_forgets_what_was_remembered():
    _render('{% translate "Articles" %}', "es")
    with override_settings(LANGUAGES=[("en", "English"), ("es", "Spanish")]):
        assert _translated.cache_info().currsize == 0
