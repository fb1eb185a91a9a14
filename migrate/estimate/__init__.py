"""Cost, effort and gaps from the mapping."""
