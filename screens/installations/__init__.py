"""Installations (key 2): the list of installation projects, a project's page, its form."""
