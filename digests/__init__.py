"""The domain: articles in, analysis out, stored in SQLite. Knows nothing of chat platforms."""
