"""The domain canon (DOMAIN.md): constants and pure rules. No Qt, no SQL."""
