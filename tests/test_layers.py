"""The layers hold: no module of kyoso imports an app above its own.

Every module under ``kyoso/`` is parsed (never imported) and each ``import``/``from … import`` —
at the top or inside a function — and each ``apps.get_model("<app>", …)`` is resolved to the kyoso
app it reaches. An edge to a higher layer, or sideways between two top apps without a declared
reason, fails the test with the file and the edge. Tests inside an app (``kyoso/<app>/tests/``)
may import anything. Lower apps learn about higher ones only through the registries in
``kyoso.core`` (``hooks``, ``panels``, ``figures``, the importer and navigation registries).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kyoso"

#: Lowest layer first. An app may import its own layer's modules and every layer below.
LAYERS: list[set[str]] = [
    {"kyoso", "rules", "formats"},  # pure Python (no Django) and Django's locale formats
    {"core"},  # generic views, services, scoping, history, the registries
    {"parties"},  # organisations and people
    {"consortia"},
    {"accounts"},  # a user's profile names their organisation, person and the consortia a CPO runs
    {"inbox"},  # notifications and the "My work" page: every app above may notify
    {"agreements"},
    {"ip"},
    {"docket", "licensing", "budget", "portfolio"},  # the four top apps: see SIDEWAYS
    {"programmes"},  # public funding: awards feed the docket and the IP budget; licensing and portfolio ask it by hooks
    {"survey"},  # the MEXT survey: reads agreements, filings and licences
    {"transfer"},  # technology transfer: a won deal creates its licence; next steps and NDA expiries go on the docket
    {"documents"},  # files attached to the records of the apps below, scoped like each record
    {"reports"},  # the printable reports (PDF): read agreements, the pool, licences, the fund and reviews
    {"demo"},  # the demo builder and ``kyoso demo``/``kyoso generate``: builds every app's records
    {"serving", "gunicorn_conf"},  # how the web process is served and settles its memory (no kyoso import)
    {"bench", "import_bench", "cli", "urls", "settings", "wsgi"},  # the project around the apps
]

#: The only imports allowed between apps of the same layer, each with its reason.
SIDEWAYS: dict[tuple[str, str], str] = {
    ("portfolio", "budget"): "the portfolio review prices each right with the IP-budget fee forecast",
    ("portfolio", "docket"): "abandoning a right names the filing's open deadlines it closes (confirmation page)",
}

LAYER_OF = {app: index for index, layer in enumerate(LAYERS) for app in layer}


def module_name(path: Path) -> list[str]:
    """``kyoso/docket/services/fees.py`` → ``["kyoso", "docket", "services", "fees"]``."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def app_of(dotted: str) -> str | None:
    """The kyoso app a dotted module name belongs to (``"kyoso"`` for the package itself), else ``None``."""
    parts = dotted.split(".")
    if parts[0] != "kyoso":
        return None
    return parts[1] if len(parts) > 1 else "kyoso"


def imported_apps(path: Path, source: str) -> list[tuple[int, str]]:
    """``(line, app)`` for every kyoso app that the module at ``path`` imports or looks up."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module[:-1]
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, app_of(alias.name)) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "kyoso":  # from kyoso import bench → the module kyoso.bench
                found += [(node.lineno, alias.name) for alias in node.names]
            else:
                found.append((node.lineno, app_of(target)))
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_model"
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return [(line, app) for line, app in found if app is not None]


def layer_violations(path: Path, source: str) -> list[str]:
    """One message per import in ``source`` that goes up a layer or sideways without a reason."""
    own = module_name(path)[1] if len(module_name(path)) > 1 else "kyoso"
    if own not in LAYER_OF:
        return [f"{path.relative_to(ROOT)}: the app {own!r} has no layer in tests/test_layers.py"]
    problems = []
    for line, target in imported_apps(path, source):
        if target == own or target not in LAYER_OF:
            continue
        upward = LAYER_OF[target] > LAYER_OF[own]
        sideways = LAYER_OF[target] == LAYER_OF[own] and (own, target) not in SIDEWAYS
        if upward or sideways:
            kind = "upward" if upward else "sideways"
            problems.append(f"{path.relative_to(ROOT)}:{line}: {kind} import {own} → {target}")
    return problems


def kyoso_modules() -> list[Path]:
    """Every module of kyoso except tests inside apps and migrations."""
    return sorted(
        path for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.relative_to(PACKAGE).parts
    )


def test_no_module_imports_a_higher_layer():
    problems = [message for path in kyoso_modules() for message in layer_violations(path, path.read_text())]
    assert not problems, "imports against the layers:\n" + "\n".join(problems)


def test_every_installed_app_has_a_layer():
    from django.conf import settings

    apps = {name.split(".")[1] for name in settings.INSTALLED_APPS if name.startswith("kyoso.")}
    assert apps - set(LAYER_OF) == set()


def test_rules_import_no_django():
    offenders = []
    for path in sorted((PACKAGE / "rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in ("django", "rest_framework")]
    assert not offenders, "\n".join(offenders)


# The walker itself: what it must see, so the tests above cannot pass by seeing nothing.

def _check(relative: str, source: str) -> list[str]:
    return layer_violations(PACKAGE / relative, source)


def test_an_import_inside_a_function_is_an_upward_edge():
    source = "def figures():\n    from kyoso.ip.models import Invention\n    return Invention\n"
    assert _check("core/pages.py", source) == ["kyoso/core/pages.py:2: upward import core → ip"]


def test_relative_imports_resolve_to_their_app():
    assert _check("consortia/views.py", "from ..agreements.models import Agreement\n") == [
        "kyoso/consortia/views.py:1: upward import consortia → agreements"
    ]
    assert _check("docket/services/fees.py", "from ..models import Deadline\nfrom ...rules import fees\n") == []
    assert _check("docket/services/__init__.py", "from . import fees\n") == []


def test_plain_and_package_imports_and_model_lookups_count():
    assert _check("parties/models.py", "import kyoso.consortia.models\n") == [
        "kyoso/parties/models.py:1: upward import parties → consortia"
    ]
    assert _check("core/views.py", "from kyoso import demo\n") == ["kyoso/core/views.py:1: upward import core → demo"]
    assert _check("portfolio/services/usage.py", "apps.get_model('licensing', 'Licence')\n") == [
        "kyoso/portfolio/services/usage.py:1: sideways import portfolio → licensing"
    ]


@pytest.mark.parametrize("module, source", [
    ("portfolio/services/review.py", "from kyoso.budget.services.forecast import forecast_rows\n"),  # declared
    ("budget/models.py", "from kyoso.ip.models import Filing\n"),  # downward
    ("demo/build.py", "from kyoso.licensing.services import submit_request\n"),  # the demo sits on top
])
def test_allowed_edges_pass(module, source):
    assert _check(module, source) == []


def test_undeclared_sideways_edge_between_top_apps_fails():
    assert _check("budget/views.py", "from kyoso.docket.services.forecast import portfolio_forecast\n") == [
        "kyoso/budget/views.py:1: sideways import budget → docket"
    ]


def test_known_edges_are_seen():
    """A few real downward imports: the walker reads the tree it is meant to guard."""
    seen = {
        (module_name(path)[1], app)
        for path in kyoso_modules() if len(module_name(path)) > 1
        for _line, app in imported_apps(path, path.read_text())
    }
    assert {("agreements", "consortia"), ("docket", "ip"), ("demo", "ip"), ("portfolio", "budget")} <= seen
