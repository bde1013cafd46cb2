"""SAMU / MCS (key 6): the médecins correspondants du SAMU (``mcs`` records) and the
30-minute coverage, an MCS's page, the form."""
