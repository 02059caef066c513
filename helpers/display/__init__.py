"""Showing things: one way to show a figure and the Explorer base class of every widget (figures.py),
pictures of networks (diagrams.py), and source code (code.py)."""
