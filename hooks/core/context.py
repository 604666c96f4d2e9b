"""One model as every check sees it: parsed once, with what is derived from it worked out once.

A :class:`ModelContext` is built when a model is read and handed to every check that looks at
it (sections, template, content, the index, coverage), so that nothing parses a model twice
or reads its metadata again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from hooks.core.config import Config, SectionSpec
from hooks.core.fields import MetaEntry
from hooks.core.markdown import Document, Section
from hooks.core.metadata import DOCUMENT_CONTROL, metadata_names, read_metadata
from hooks.core.structure import Outline, find_heading


class ModelContext:
    """A parsed model (``doc``) at ``relpath`` (root-relative POSIX path), under ``config``."""

    def __init__(self, doc: Document, relpath: str, config: Config) -> None:
        self.doc = doc
        self.relpath = relpath
        self.config = config
        self._sections: dict[str, Section | None] = {}

    @property
    def path(self) -> str:
        """The path findings name (as given, or relative to the current folder)."""
        return self.doc.path

    @functools.cached_property
    def outline(self) -> Outline:
        """The model's headings, text lines and table rows, in source order."""
        return Outline(self.doc)

    @functools.cached_property
    def metadata(self) -> dict[str, MetaEntry]:
        """The metadata entries found for each configured field, by the field's name."""
        self._match_sections()
        return read_metadata(self.doc, self.config)

    def _match_sections(self, extra: Iterable[tuple[str, ...]] = ()) -> None:
        """Find the configured sections, the metadata sections, the document-control sections
        and ``extra`` at once: a pass over the headings for all of them (see
        :meth:`Document.match_names`)."""
        names = [spec.names for spec in self.config.sections]
        self.doc.match_names([*names, metadata_names(self.config), DOCUMENT_CONTROL, *extra])

    def match_names(self, extra: Iterable[tuple[str, ...]]) -> None:
        """Find the sections a check will look up by ``extra`` names (as well as the
        configured ones) in one pass over the headings."""
        self._match_sections(extra)

    def section(self, spec: SectionSpec) -> Section | None:
        """The section named by the spec's name or one of its aliases (see
        :func:`hooks.core.structure.find_heading`)."""
        if spec.name not in self._sections:
            self._match_sections()
            self._sections[spec.name] = find_heading(self.doc, spec.names)
        return self._sections[spec.name]


__all__ = ["ModelContext"]
