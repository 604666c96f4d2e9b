"""Content-check settings: the configuration keys of the content checks and their defaults.

``hooks.core.config`` calls :func:`parse_content` with the configuration's mapping; this
module imports nothing from the rest of the package, so that loading the configuration
stays cheap and the configuration depends on it, not the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from hooks.core.checker import Checker
from hooks.core.names import words

# the configuration keys that this module reads
CONTENT_KEYS = (
    "categories",
    "category_fields",
    "lenses",
    "mitigation_statuses",
    "risk_scale",
    "trust_boundary_fields",
    "require_risk_summary",
    "threat_id_pattern",
)


class Category(NamedTuple):
    """A threat category (or lens): its name and the words that also count as it."""

    name: str
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


def _cats(*rows: tuple[str, ...]) -> tuple[Category, ...]:
    return tuple(Category(row[0], row[1:]) for row in rows)


BUILTIN_CATEGORIES: dict[str, tuple[Category, ...]] = {
    "stride": _cats(
        ("Spoofing", "Spoofing identity", "Impersonation", "Identity spoofing"),
        ("Tampering", "Tamper", "Data tampering", "Integrity"),
        ("Repudiation", "Non-repudiation", "Nonrepudiation"),
        (
            "Information disclosure",
            "Info disclosure",
            "Information leakage",
            "Information leak",
            "Info leak",
            "Data leakage",
            "Data leak",
            "Data disclosure",
            "Disclosure",
            "Confidentiality",
        ),
        ("Denial of service", "DoS", "DDoS", "Availability", "Resource exhaustion"),
        (
            "Elevation of privilege",
            "EoP",
            "Elevation",
            "Privilege escalation",
            "Escalation of privilege",
            "Escalation of privileges",
            "Elevation of privileges",
        ),
    ),
    "linddun": _cats(
        ("Linking", "Linkability"),
        ("Identifying", "Identifiability", "Re-identification"),
        ("Non-repudiation", "Nonrepudiation"),
        ("Detecting", "Detectability"),
        ("Data disclosure", "Disclosure of information", "Information disclosure"),
        ("Unawareness", "Unawareness and unintervenability", "Unintervenability"),
        ("Non-compliance", "Noncompliance", "Policy and consent non-compliance"),
    ),
    "mcp": _cats(
        ("Prompt injection", "Indirect prompt injection", "Jailbreak"),
        ("Tool injection", "Tool poisoning", "Tool shadowing", "Malicious tool"),
        ("Data exfiltration", "Exfiltration", "Data leakage", "Information disclosure"),
        ("Privilege escalation", "Elevation of privilege", "EoP", "Excessive permissions"),
        ("SSRF", "Server-side request forgery", "Server side request forgery"),
        ("Integrity threats", "Integrity", "Tampering"),
        ("Availability threats", "Availability", "Denial of service", "DoS"),
        (
            "Authorization confusion",
            "Confused deputy",
            "Authorisation confusion",
            "Token passthrough",
        ),
    ),
}

DEFAULT_LENSES: tuple[Category, ...] = _cats(
    (
        "Supply chain & delivery",
        "Supply chain",
        "Supply-chain",
        "Delivery",
        "Dependencies",
        "Dependency",
        "Build and release",
    ),
    ("Abuse & misuse", "Abuse/misuse", "Abuse", "Misuse", "Abuse cases", "Misuse cases"),
    ("Data safeguards", "Data protection", "Privacy", "Data handling", "Data safety"),
)

DEFAULT_STATUSES = (
    "Implemented",
    "In progress",
    "Planned",
    "Accepted",
    "Transferred",
    "Avoided",
    "N/A",
)

DEFAULT_RISK_SCALE: tuple[Category, ...] = _cats(
    ("Very low",),
    ("Low",),
    ("Medium", "Moderate"),
    ("High",),
    ("Very high",),
    ("Critical",),
)

BOUNDARY_FIELDS: dict[str, tuple[str, ...]] = {
    "what crosses": (
        "What crosses",
        "Data crossing",
        "Data crossing the boundary",
        "Crossing data",
        "What crosses the boundary",
        "Data crossed",
        "Data flows",
        "Data flow",
        "Crosses",
        "Data",
    ),
    "what could go wrong": ("What could go wrong", "Threats", "Risks", "Failure modes"),
    "mitigations": ("Mitigations", "Mitigation", "Controls", "Countermeasures"),
    "residual risk": ("Residual risk", "Residual risks", "Residual"),
    "authentication": (
        "Authentication",
        "Authentication method",
        "Auth",
        "Auth method",
        "AuthN",
        "Authn/authz",
        "Authentication and authorization",
    ),
    "data sensitivity": (
        "Data sensitivity",
        "Sensitivity",
        "Data classification",
        "Classification",
    ),
    "direction of trust": ("Direction of trust", "Trust direction", "Direction"),
}

_SETS = (*BUILTIN_CATEGORIES, "lenses")

DEFAULT_BOUNDARY_FIELDS: Mapping[str, str] = {
    "what crosses": "warning",
    "what could go wrong": "off",
    "mitigations": "off",
    "residual risk": "off",
    "authentication": "warning",
    "data sensitivity": "off",
    "direction of trust": "off",
}

# T1, T-01, TM-AUTH-3, T-AUTH-3, and IDs opening with a STRIDE letter (S-RAR-01, E-RAR-02);
# not rule codes such as TM101
DEFAULT_THREAT_ID = r"(?<![\w-])(?:T-?\d+|(?:TM?|[SRIDE])(?:-[A-Z][A-Z0-9]*)+-\d+)(?![\w-])"


class ContentSettings(NamedTuple):
    categories: tuple[Category, ...] = BUILTIN_CATEGORIES["stride"]
    lenses: tuple[Category, ...] = DEFAULT_LENSES
    mitigation_statuses: tuple[str, ...] = DEFAULT_STATUSES
    risk_scale: tuple[Category, ...] = DEFAULT_RISK_SCALE
    trust_boundary_fields: Mapping[str, str] = MappingProxyType(dict(DEFAULT_BOUNDARY_FIELDS))
    require_risk_summary: bool = False
    threat_id_pattern: str = DEFAULT_THREAT_ID
    category_fields: tuple[str, ...] = ()  # more names of the column or field of a category

    @property
    def threat_id(self) -> re.Pattern[str]:
        return re.compile(self.threat_id_pattern)


DEFAULTS = ContentSettings()


def parse_content(data: Mapping[Any, Any], checker: Checker) -> ContentSettings:
    """The content settings from a configuration mapping (the defaults for the keys it does
    not set). ``checker`` validates values and builds configuration errors naming the key and
    its line."""
    if not any(key in data for key in CONTENT_KEYS):
        return DEFAULTS
    return _Parser(checker).build(data)


class _Parser:
    def __init__(self, checker: Checker) -> None:
        self.fail = checker.fail
        self.string = checker.string
        self.string_list = checker.string_list
        self.only = checker.only
        self.level = checker.level

    def build(self, data: Mapping[Any, Any]) -> ContentSettings:
        kwargs: dict[str, Any] = {}
        if "categories" in data:
            kwargs["categories"] = self.categories(data["categories"], "categories", True)
        if "lenses" in data:
            kwargs["lenses"] = self.categories(data["lenses"], "lenses", False)
        if "category_fields" in data:
            kwargs["category_fields"] = tuple(
                self.string_list(data["category_fields"], "category_fields")
            )
        if "mitigation_statuses" in data:
            statuses = self.string_list(data["mitigation_statuses"], "mitigation_statuses")
            if not statuses:
                raise self.fail(
                    "'mitigation_statuses' must list at least one status", "mitigation_statuses"
                )
            kwargs["mitigation_statuses"] = tuple(statuses)
        if "risk_scale" in data:
            scale = self.categories(data["risk_scale"], "risk_scale", False)
            if not scale:
                raise self.fail("'risk_scale' must list at least one level", "risk_scale")
            kwargs["risk_scale"] = scale
        if "trust_boundary_fields" in data:
            kwargs["trust_boundary_fields"] = self.fields(data["trust_boundary_fields"])
        if "require_risk_summary" in data:
            value = data["require_risk_summary"]
            if not isinstance(value, bool):
                raise self.fail(
                    "'require_risk_summary' must be true or false", "require_risk_summary"
                )
            kwargs["require_risk_summary"] = value
        if "threat_id_pattern" in data:
            kwargs["threat_id_pattern"] = self.pattern(data["threat_id_pattern"])
        return ContentSettings(**kwargs)

    def categories(self, value: Any, key: str, builtins: bool) -> tuple[Category, ...]:
        if isinstance(value, str) and builtins and value.strip().lower() not in _SETS:
            names = ", ".join(_SETS)
            raise self.fail(f"unknown methodology {value!r} in '{key}' (built-in: {names})", key)
        items = [value] if isinstance(value, str) and builtins else value
        if not isinstance(items, list):
            raise self.fail(f"'{key}' must be a list of names or mappings", key)
        result: list[Category] = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                name = self.string(item, key, index)
                if builtins and name.lower() in BUILTIN_CATEGORIES:
                    result.extend(BUILTIN_CATEGORIES[name.lower()])
                elif builtins and name.lower() == "lenses":
                    result.extend(DEFAULT_LENSES)
                else:
                    result.append(Category(name))
                continue
            if not isinstance(item, dict):
                raise self.fail(f"each entry of '{key}' must be a name or a mapping", key, index)
            self.only(item, ("name", "synonyms"), key, index)
            if "name" not in item:
                raise self.fail(f"each entry of '{key}' needs a 'name'", key, index)
            result.append(
                Category(
                    self.string(item["name"], key, index, "name"),
                    tuple(self.string_list(item.get("synonyms", []), key, index, "synonyms")),
                )
            )
        if builtins and not result:
            raise self.fail(f"'{key}' must select at least one category", key)
        return tuple(result)

    def fields(self, value: Any) -> dict[str, str]:
        key = "trust_boundary_fields"
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must map field names to error, warning or off", key)
        result = dict.fromkeys(BOUNDARY_FIELDS, "off")
        for name, written in value.items():
            wanted = _field_name(str(name))
            if wanted is None:
                allowed = ", ".join(BOUNDARY_FIELDS)
                raise self.fail(
                    f"unknown trust boundary field {name!r} (allowed: {allowed})", key, str(name)
                )
            result[wanted] = self.level(written, f"'{key}.{name}'", key, str(name))
        return result

    def pattern(self, value: Any) -> str:
        text = self.string(value, "threat_id_pattern")
        try:
            compiled = re.compile(text)
        except re.error as exc:
            raise self.fail(
                f"'threat_id_pattern' is not a valid regular expression: {exc}", "threat_id_pattern"
            ) from None
        if _matches_empty(compiled, text):
            raise self.fail(
                "'threat_id_pattern' must not match an empty string (as \\b or (?=T) do)",
                "threat_id_pattern",
            )
        return text


_PROBES = ("", " ", "T", "T1", "x T-01 y", "TM-AUTH-3", "Threat ID 1", "a1 B2\n")


def _matches_empty(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a pattern matches an empty string somewhere in a few probes (its own text
    among them, so that the text a lookaround looks for is there)."""
    return any(
        match.start() == match.end()
        for probe in (*_PROBES, text)
        for match in pattern.finditer(probe)
    )


def _field_name(name: str) -> str | None:
    """The canonical trust boundary field for a name or one of its variants."""
    wanted = words(name)
    for field_name, variants in BOUNDARY_FIELDS.items():
        if any(wanted == words(variant) for variant in (field_name, *variants)):
            return field_name
    return None
