"""Change capture and merge: HLC stamps, field-level changes, last-writer-wins."""
