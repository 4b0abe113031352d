"""Reading and writing files: the catalog file, and the import of a customer's PIM
(its CSV exports, saved REST API responses, catalog and scenario files), and the
anonymised copy of a catalog.

What other wings may use is listed in ``__all__``; the modules inside import one
another directly."""

from simulator.formats.anonymise import Renamer, Renaming, anonymise
from simulator.formats.library import is_imported_name, keep, kept
from simulator.formats.importer import FileSummary, Importer, ImportResult, Progress, import_files
from simulator.formats.problems import DEFAULT_LIMITS, ImportLimits, Problem, Report, Severity
from simulator.formats.catalog_file import (
    SHIPPED_CATALOGS,
    CatalogError,
    catalog_from_dict,
    catalog_to_dict,
    dump_catalog,
    load_catalog,
)

__all__ = [
    "anonymise",
    "DEFAULT_LIMITS",
    "FileSummary",
    "Importer",
    "ImportLimits",
    "ImportResult",
    "import_files",
    "is_imported_name",
    "keep",
    "kept",
    "Problem",
    "Progress",
    "Renamer",
    "Renaming",
    "Report",
    "Severity",
    "catalog_from_dict",
    "catalog_to_dict",
    "CatalogError",
    "dump_catalog",
    "load_catalog",
    "SHIPPED_CATALOGS",
]
