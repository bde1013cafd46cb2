"""Professionnels (key 3): the list of professionals, a professional's page, the form."""
