"""The device's side of sync in the database, and what the sync engine and screens share."""
