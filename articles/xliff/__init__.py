"""XLIFF 2.0 files of a translation's working copy, for translation agencies
(docs/editor.md, "Translating with an agency (XLIFF 2.0)").

The file has one unit per translatable piece: the question, the title, each body
section's heading and each claim, and their texts for other audiences. The source is the
approved source revision the translation is tied to; the target is the working copy's
wording where the translator has written one. Citations are never in the translatable
text: a claim's citations travel as a note, and an import leaves them as they are.
"""

from articles.xliff.exporting import translation_xliff_export, xliff_filename
from articles.xliff.importing import XLIFF_MAX_BYTES, XliffImport, translation_xliff_import

__all__ = [
    "XLIFF_MAX_BYTES",
    "XliffImport",
    "translation_xliff_export",
    "translation_xliff_import",
    "xliff_filename",
]
