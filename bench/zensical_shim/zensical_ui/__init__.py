"""Stand-in for the `zensical-ui` package (zensical 0.1.1 pins zensical-ui==0.0.42, which the package
index reachable here does not serve).

Zensical asks it only for its built-in theme directory. We hand it Material for MkDocs' templates (the
theme Zensical's "classic" variant reproduces); bench/materialise.py sets `theme.variant: classic` so
that Zensical does not ask for the modern variant's lucide icons. Used only when the real package is
missing: bench/__main__.py puts this folder on PYTHONPATH for `zensical build` and says so in results.
"""
import os


def get_theme_dir() -> str:
    import material

    return os.path.join(os.path.dirname(material.__file__), "templates")
