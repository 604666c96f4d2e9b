"""The rule catalogue: each rule names the check that finds it."""

from __future__ import annotations

import importlib
import inspect

import pytest

from hooks.core.rules import RULES


@pytest.mark.parametrize("code", sorted(RULES))
def test_each_rule_names_the_check_that_finds_it(code: str) -> None:
    module_name, _, name = RULES[code].check.rpartition(".")
    module = importlib.import_module(module_name)
    assert inspect.isfunction(getattr(module, name, None)), f"{RULES[code].check} is no function"
    assert f'"{code}"' in inspect.getsource(module), f"{module_name} does not mention {code}"
