"""Provider catalogues and the Azure taxonomy: load, validate, and expose as tables."""

from .load import Catalog, load_catalog, validate_dir  # noqa: F401
