"""The authority engine behind steps 2.5.5, 2.5.6 and 2.6.4 (private; see clientel.workflow)."""
