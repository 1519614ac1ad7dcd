"""Jämlik's own learning written as xAPI statements to the built-in store (docs/xapi.md,
"Jämlik's own learning")."""
