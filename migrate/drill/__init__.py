"""Exit drill: copy a sample of Azure Blob Storage to S3-compatible storage, verify it, measure it, keep evidence.

``uris`` and ``plan`` are pure (parsing, what to copy, evidence, extrapolation); the SDK adapters are
``migrate.sources.storage.azure_blob`` and ``migrate.targets.s3``; ``run`` wires them with bounded parallelism.
"""
