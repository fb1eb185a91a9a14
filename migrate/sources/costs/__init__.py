"""Readers of Azure cost exports (FOCUS, classic EA and MCA), out of core with DuckDB."""
