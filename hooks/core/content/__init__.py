"""Content checks (TM5xx): does a threat model say something in its sections?

:func:`hooks.core.content.checks.check_content` runs every content rule on one model; the
settings of the checks (:mod:`hooks.core.content.settings`) are read with the configuration.
"""
