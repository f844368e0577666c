"""Where the tests find the project and their data, wherever the test module sits."""
from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent  # the project: mkdocs.yml, macros/, tooling/
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
