"""Small helpers the two readers of the metadata block share (metadata.py for the article's
keys, reference_metadata.py for its references): a key's value as text, the "is empty"
message and a model field's length limit. They have a module of their own so that
metadata.py can import the references reader without that reader importing it back."""

from django.utils.translation import gettext

from articles.documents.yamlnodes import Entry


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _empty(label: str) -> str:
    return gettext("%(key)s is empty") % {"key": label}


def _text(entry: Entry, label: str, problems: list, *, number_ok: bool = False) -> str | None:
    """The entry's value as stripped text, or None (with a problem) when it is not text."""
    value = entry.node.value
    if number_ok and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None:
        problems.append((entry.key_line, _empty(label)))
        return None
    if not isinstance(value, str):
        problems.append(
            (
                entry.key_line,
                gettext("%(key)s must be text (put it in quotes if it looks like a number)")
                % {"key": label},
            )
        )
        return None
    return value.strip()
