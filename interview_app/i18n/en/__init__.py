"""English texts, one module per key prefix."""
