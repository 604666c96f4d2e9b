"""The configuration's validators, as the settings of the content checks and of the review
use them without importing the configuration module (which imports them)."""

from __future__ import annotations

from typing import Any, Protocol


class Checker(Protocol):
    """Validates a value of ``.threat-model.yaml`` at ``keys`` (a key, then keys or list
    indexes within it); a bad value raises the error :meth:`fail` builds, which names the key
    and its line."""

    def fail(self, message: str, *keys: str | int) -> Exception: ...

    def string(self, value: Any, *keys: str | int) -> str: ...

    def string_list(self, value: Any, *keys: str | int) -> list[str]: ...

    def patterns(self, value: Any, *keys: str | int) -> tuple[str, ...]: ...

    def only(self, item: dict[Any, Any], allowed: tuple[str, ...], *keys: str | int) -> None: ...

    def level(self, value: Any, what: str, *keys: str | int) -> str: ...
