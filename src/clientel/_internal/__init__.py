"""Shared internals: generic validators, array checks, converters and dates (private).

Nothing here is public API. The package imports only the standard library,
numpy, attrs and :mod:`clientel.errors`, so every layer (models, kernels,
domain modules) may use it without creating an import cycle.
"""
