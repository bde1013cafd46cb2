"""MSP (key 5): the list of MSP projects with their summaries, an MSP's page, the form."""
