"""Storage the exit drill reads from (Azure Blob)."""
