"""Registry: every folder `algorithms/<name>/` with a `spec.py` is a pair. No list to edit.

A pair folder holds `__init__.py` (a one-line docstring), `scratch.py`, `framework.py` and
`spec.py`, which defines `SPEC`.
"""

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import algorithms

ALGORITHMS_DIR = Path(algorithms.__file__).parent
PAIR_FILES = ("__init__.py", "scratch.py", "framework.py", "spec.py")


@dataclass(frozen=True)
class Pair:
    name: str
    directory: Path
    summary: str
    spec: object
    scratch: ModuleType
    framework: ModuleType
    rungs: tuple = ()           # ((module name, module), ...): the ladder between the two

    @property
    def kind(self):
        """The kind of pair (parity.kinds): what its two sides follow and how it is checked."""
        return self.spec.kind


def pair_names(root=ALGORITHMS_DIR):
    """Names of the pair folders under `root`, sorted."""
    return sorted(
        path.name for path in Path(root).iterdir()
        if path.is_dir() and not path.name.startswith(("_", ".")) and (path / "spec.py").exists()
    )


def load_pair(directory):
    """Load the pair in `directory`: its spec and both sides."""
    directory = Path(directory)
    missing = [f for f in PAIR_FILES if not (directory / f).exists()]
    if missing:
        raise FileNotFoundError(f"pair {directory.name!r} lacks {', '.join(missing)}")
    modules = {stem: import_pair_module(directory, stem)
               for stem in ("__init__", "scratch", "framework", "spec")}
    spec = getattr(modules["spec"], "SPEC", None)
    if spec is None:
        raise AttributeError(f"{directory / 'spec.py'} defines no SPEC")
    summary = (modules["__init__"].__doc__ or "").strip().splitlines()
    rungs = tuple((name, import_pair_module(directory, name)) for name in spec.ladder)
    return Pair(directory.name, directory, summary[0] if summary else "", spec,
                modules["scratch"], modules["framework"], rungs)


def discover(root=ALGORITHMS_DIR, names=None):
    """Load the pairs under `root` (all, or those in `names`, which must exist)."""
    available = pair_names(root)
    if names:
        unknown = [n for n in names if n not in available]
        if unknown:
            raise KeyError(f"no pair named {', '.join(unknown)}; pairs: {', '.join(available)}")
        available = [n for n in available if n in names]
    return [load_pair(Path(root) / name) for name in available]


def import_pair_module(directory, stem):
    """Import a pair's module: by package name inside `algorithms`, else from its file."""
    if directory.parent.resolve() == ALGORITHMS_DIR.resolve():
        package = f"algorithms.{directory.name}"
        return importlib.import_module(package if stem == "__init__" else f"{package}.{stem}")
    name = f"_twice_pair_{directory.name}_{stem.strip('_')}"
    module_spec = importlib.util.spec_from_file_location(name, directory / f"{stem}.py")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    return module
