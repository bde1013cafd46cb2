"""The reference data shipped in the package: load it, read it, build it."""
