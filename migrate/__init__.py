"""migrate: plan an exit from Microsoft Azure to qualified European cloud providers."""

__version__ = "0.1.0"
