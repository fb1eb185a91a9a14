"""One exit-readiness check per module; migrate/audit/registry.py lists them."""
