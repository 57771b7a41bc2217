"""clientel.planning (under construction)."""

__all__: list[str] = []
