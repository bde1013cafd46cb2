"""Territoires (key 8): find a commune, an EPCI or a département and see what is there."""
