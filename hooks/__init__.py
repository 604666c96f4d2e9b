"""pre-commit hooks that keep Markdown threat models present, complete, indexed and current."""

__version__ = "0.1.0"
