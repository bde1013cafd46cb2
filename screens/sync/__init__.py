"""Synchronisation (key 9): where sync stands, and the conflicts and refused edits to settle."""
