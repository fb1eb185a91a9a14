"""Importers of Azure inventories: az CLI and Resource Graph exports, ARM templates, canonical inventories, the live API."""
