"""Scaffold a new pair: the four files, with the outline in place and the math left to write.

The scaffold passes lint and fails every parity check until it is filled in: the methods that
carry the algorithm raise NotImplementedError on both sides, so it cannot pass by accident.
"""

import keyword
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).parent / "templates"


def class_name(name):
    """ridge_regression -> RidgeRegression."""
    return "".join(part.capitalize() for part in name.split("_"))


def scaffold(name, framework, root):
    """Write algorithms/<name>/{__init__,scratch,framework,spec}.py under `root`."""
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        raise ValueError(f"pair name must be a Python identifier not starting with _: {name!r}")
    if name != name.lower():
        raise ValueError(f"pair name must be lower_case: {name!r}")
    directory = Path(root) / name
    if directory.exists():
        raise FileExistsError(f"{directory} already exists")
    directory.mkdir(parents=True)
    created = []
    for template in sorted((TEMPLATES / framework).glob("*.py.tmpl")):
        target = directory / template.name.removesuffix(".tmpl")
        text = Template(template.read_text()).substitute(name=name, Class=class_name(name))
        target.write_text(text)
        created.append(target)
    return created
