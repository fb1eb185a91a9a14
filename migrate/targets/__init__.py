"""Adapters for the storage a drill writes to (S3-compatible object storage)."""
