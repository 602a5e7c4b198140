"""Chat commands, one module per command family, free of any chat platform."""
