"""Scaffold a new pair: its files, with the outline in place and the math left to write.

`templates/<kind>/` holds the kind's scratch.py, framework.py and spec.py, and `templates/common/`
the files every pair has (the one-line __init__.py and the bug zoo's mutants.py). The scaffold
passes lint and fails every parity check until it is filled in: the functions that carry the
algorithm raise NotImplementedError on both sides, so it cannot pass by accident, and its empty
list of mutants and its TODOs fail tests of their own.
"""

import keyword
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"
KINDS = ("gradient", "estimator", "function", "metric", "optimizer", "initializer")


def class_name(name):
    """ridge_regression -> RidgeRegression."""
    return "".join(part.capitalize() for part in name.split("_"))


def scaffold(name, kind, root):
    """Write algorithms/<name>/{__init__,scratch,framework,spec,mutants}.py under `root`."""
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        raise ValueError(f"pair name must be a Python identifier not starting with _: {name!r}")
    if name != name.lower():
        raise ValueError(f"pair name must be lower_case: {name!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    directory = Path(root) / name
    if directory.exists():
        raise FileExistsError(f"{directory} already exists")
    directory.mkdir(parents=True)
    created = []
    for template in sorted([*(TEMPLATES / "common").glob("*.py.tmpl"),
                            *(TEMPLATES / kind).glob("*.py.tmpl")]):
        target = directory / template.name.removesuffix(".tmpl")
        text = Template(template.read_text()).substitute(name=name, Class=class_name(name))
        target.write_text(text)
        created.append(target)
    return created
