"""Missions (key 7): the list of missions, a mission's page, the form."""
