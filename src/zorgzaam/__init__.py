"""Zorgzaam: a workbench for caring neighbourhoods (zorgzame buurten) in Flanders."""

__version__ = "0.1.0"
