"""Item models, one per file (Vorta-style): rows of frozen views, lazy paging."""
