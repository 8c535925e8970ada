"""The site archive: everything needed to rebuild the site and its record elsewhere."""

from audit.archive.exporting import site_export
from audit.archive.importing import site_import
from audit.archive.progress import Progress, Silent

__all__ = ["Progress", "Silent", "site_export", "site_import"]
