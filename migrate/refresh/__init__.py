"""Refresh catalogue prices from providers' public, credential-free price APIs.

Adapters (one module per API) fetch and parse; ``apply`` changes a round-trip YAML document
and lists what changed; the CLI writes the file atomically. Nothing here guesses a price:
an offer the API does not list keeps its old figure and says so.
"""
