"""Showing a helper's source in a notebook: the code that actually runs, syntax-highlighted."""

from __future__ import annotations


def source_code(obj):
    """Show a helper's source in a notebook, syntax-highlighted: the code that actually runs."""
    import inspect

    from IPython.display import Code

    return Code(inspect.getsource(obj), language="python")
