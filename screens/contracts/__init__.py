"""Aides et contrats (key 4): the list of contracts, a contract's page, the form."""
