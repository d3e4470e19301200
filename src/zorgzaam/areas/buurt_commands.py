"""Neighbourhood commands (``zorgzaam buurt …``); see zorgzaam.cli."""


def register(subparsers):
    """Filled by the neighbourhood work."""
