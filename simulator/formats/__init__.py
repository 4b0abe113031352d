"""Reading and writing files: the catalog file.

What other wings may use is listed in ``__all__``; the modules inside import one
another directly."""

from simulator.formats.catalog_file import (
    SHIPPED_CATALOGS,
    CatalogError,
    catalog_from_dict,
    catalog_to_dict,
    dump_catalog,
    load_catalog,
)

__all__ = [
    "catalog_from_dict",
    "catalog_to_dict",
    "CatalogError",
    "dump_catalog",
    "load_catalog",
    "SHIPPED_CATALOGS",
]
