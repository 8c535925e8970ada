"""CSL items: names, dates, the variables of CSL 1.0.2, and the mapping onto Reference
fields. Imported as `references.csl` everywhere; the modules hold the parts."""

from references.csl.dates import (
    MONTHS,
    CslDate,
    DateParts,
    date_from_csl,
    date_from_text,
    date_read,
    date_to_csl,
)
from references.csl.items import (
    KNOWN_TYPES,
    TYPE_ALIASES,
    CslRead,
    csl_item_read,
    genre_key,
    pages_expand,
    reference_fields_from_csl,
)
from references.csl.names import NAME_KEYS, name_from_text, names_clean, names_problems
from references.csl.variables import variable_name

__all__ = [
    "KNOWN_TYPES",
    "MONTHS",
    "NAME_KEYS",
    "TYPE_ALIASES",
    "CslDate",
    "CslRead",
    "DateParts",
    "csl_item_read",
    "date_from_csl",
    "date_from_text",
    "date_read",
    "date_to_csl",
    "genre_key",
    "name_from_text",
    "names_clean",
    "names_problems",
    "pages_expand",
    "reference_fields_from_csl",
    "variable_name",
]
