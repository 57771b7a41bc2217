"""clientel.pricing (under construction)."""

__all__: list[str] = []
