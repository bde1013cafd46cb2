"""Queries: what each section and the dashboard read, in SQL, never whole tables."""
