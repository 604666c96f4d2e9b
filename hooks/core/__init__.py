"""Shared core of the hooks: configuration, Markdown model reader, findings and output."""
