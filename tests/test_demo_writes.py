"""Demo loaders write through actions: a direct write in a loader must say why it has no action.

docs/architecture.md ("Demo data") lists the kinds of row with no action (accounts, synthetic
rows in bulk, a date in the past, what administrators keep in the Django admin). Each such
write carries a ``# direct write: <why>`` comment on the line of the call; any other model
write in a loader fails this test. The import contracts are checked by ``make lint``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from jamlik.demo import LOADERS

ROOT = Path(__file__).resolve().parent.parent
WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete"}
MARK = "# direct write:"


def _is_manager_chain(node: ast.AST) -> bool:
    """``Model.objects....`` or a queryset built from it (``Model.objects.filter(...)``)."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr == "objects":
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def unmarked_writes(source: str) -> list[str]:
    """Each model write in ``source`` without a ``# direct write:`` comment on its line."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        is_write = (method in WRITES and _is_manager_chain(node.func.value)) or method in {"save", "create_user"}
        if is_write and MARK not in lines[node.lineno - 1]:
            found.append(f"line {node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(found, key=lambda line: int(line.split(":")[0].split()[1]))


@pytest.mark.parametrize("module", LOADERS)
def test_a_demo_loader_writes_only_through_actions_or_says_why(module: str) -> None:
    path = ROOT / (module.replace(".", "/") + ".py")
    assert unmarked_writes(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_write_that_does_not_say_why() -> None:
    source = (
        "def load():\n"
        "    Notice.objects.create(title='x')\n"
        "    Example.objects.filter(pk=1).update(title='y')\n"
        "    draft.save()\n"
        "    Notice.objects.get_or_create(title='z')  # direct write: kept in the admin\n"
        "    actions.save_news(pm, item, publish=True)\n"
        "    rows.update({'a': 1})\n"
    )
    assert unmarked_writes(source) == [
        "line 2: Notice.objects.create(title='x')",
        "line 3: Example.objects.filter(pk=1).update(title='y')",
        "line 4: draft.save()",
    ]
