"""The plugin API contract: hookspec docstrings, the public surface, and the guide that documents them."""

from __future__ import annotations

import inspect
import subprocess
import sys
import re

import chenu_desktop
from chenu_desktop.plugin_host import hookspecs
from tests.plugins.example_plugin import GUIDE, guide_files

HOOKSPECS = [
    (name, function)
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "chenu_spec")
]


def test_the_hooks_of_the_architecture_exist() -> None:
    assert {name for name, _ in HOOKSPECS} == {
        "register_spheres", "register_agents", "register_pages", "register_panels", "register_actions",
        "register_nova_skills", "register_nova_providers", "choose_nova_provider", "register_xr_builders",
        "register_settings", "app_did_start", "app_will_shutdown", "sync_did_finish",
        "register_commands", "thread_did_create", "thread_did_change", "thread_did_delete",
        "decision_did_make", "checkpoint_did_resolve", "agent_did_propose",
    }
    assert hookspecs.choose_nova_provider.chenu_spec["firstresult"] is True


def test_every_hookspec_documents_arguments_return_and_api_version() -> None:
    for name, function in HOOKSPECS:
        doc = inspect.getdoc(function) or ""
        assert re.search(r"Since PLUGIN_API \d", doc), name
        assert "Arguments:" in doc and "Returns" in doc, name


def test_the_guide_lists_every_hook() -> None:
    table = {match for match in re.findall(r"^\| `(\w+)\(", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)}
    assert table == {name for name, _ in HOOKSPECS}


def test_the_guide_gives_every_hook_its_arguments_and_version() -> None:
    """The hooks table and the hookspecs agree: same arguments in the same
    order, and the version that introduced the hook."""
    rows = re.findall(r"^\| `(\w+)\(([^)]*)\)` \|.*\| PLUGIN_API (\d+) \|$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    documented = {name: ([arg.strip() for arg in args.split(",") if arg.strip()], int(since)) for name, args, since in rows}
    specified = {
        name: (list(inspect.signature(function).parameters), int(re.search(r"Since PLUGIN_API (\d+)", inspect.getdoc(function) or "")[1]))
        for name, function in HOOKSPECS
    }
    assert documented == specified


def test_every_hook_argument_is_typed() -> None:
    for name, function in HOOKSPECS:
        for parameter in inspect.signature(function).parameters.values():
            assert parameter.annotation not in (inspect.Parameter.empty, "Any"), (name, parameter.name)


PLAIN_TYPES = {"list", "tuple", "str", "int", "float", "bool", "None", "Mapping"}


def test_every_hook_argument_and_return_is_a_real_type_a_plugin_can_import() -> None:
    """No `Any` and no private type: every name in a hook's annotations is a
    builtin or exported by `chenu_desktop`."""
    for name, function in HOOKSPECS:
        annotations = [p.annotation for p in inspect.signature(function).parameters.values()]
        annotations.append(inspect.signature(function).return_annotation)
        for annotation in annotations:
            used = set(re.findall(r"[A-Za-z_]\w*", str(annotation)))
            assert used <= PLAIN_TYPES | set(chenu_desktop.__all__), (name, annotation)


def test_the_guide_example_has_its_two_files() -> None:
    assert set(guide_files()) == {"pyproject.toml", "chenu_garden/__init__.py"}


def test_public_surface() -> None:
    assert chenu_desktop.PLUGIN_API == hookspecs.PLUGIN_API == 2
    assert chenu_desktop.__version__ == "0.1.0"
    assert chenu_desktop.hookimpl is hookspecs.hookimpl
    assert all(hasattr(chenu_desktop, name) for name in chenu_desktop.__all__)


def test_loading_plugins_imports_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys; from chenu_desktop.plugin_host import PluginHost; PluginHost.load(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'sqlalchemy', 'alembic'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
