"""Adapters that turn what a user has (exports, templates, APIs) into the canonical inventory."""
