"""Adapters that turn what a user has into what the core reads: inventories (inventory/), cost exports
(costs/), the drill's Blob source (storage/), and files migrate wrote or the user keeps as evidence (saved/)."""
