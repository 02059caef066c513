"""Showing a helper's source in a notebook: the code that actually runs, syntax-highlighted."""

from __future__ import annotations


def source_code(obj):
    """Show a helper's source in a notebook, syntax-highlighted: the code that actually runs."""
    import inspect as _inspect

    if not (_inspect.isfunction(obj) or _inspect.isclass(obj) or _inspect.ismodule(obj) or _inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function, class or module; got {type(obj).__name__} {obj!r:.60}")
    import inspect

    from IPython.display import Code

    return Code(inspect.getsource(obj), language="python")
