"""Commands of this module; see zorgzaam.cli."""


def register(subparsers):
    """Filled by the module's own issue."""
