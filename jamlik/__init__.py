"""Jämlik: learning and follow-up for equality competence in public organisations."""
