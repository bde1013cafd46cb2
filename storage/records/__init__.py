"""Records: what a save checks (validation, rules, workflows) and writes (the store)."""
