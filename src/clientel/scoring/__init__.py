"""clientel.scoring (under construction)."""

__all__: list[str] = []
