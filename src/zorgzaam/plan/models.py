"""Persistence for this part of the chain; filled by its own issue (see DESIGN.md §2)."""
