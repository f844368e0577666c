"""The hook guard: an exception escaping a hook is logged, recorded for the health page and the build goes on."""
from __future__ import annotations

from types import SimpleNamespace

from macros.mkdocs.guard import guarded, whole


class Hooks:
    """Stands for the plugin: its build state is `self.build` and what the guard caught is `self.failures`."""

    def __init__(self, state):
        self.build = state  # as the plugin keeps its build state
        self.failures = []

    @guarded(lambda *a, **kw: "fallback", whole)
    def hook(self, config=None):
        raise RuntimeError("boom")


def test_a_caught_exception_reaches_the_build_state_and_the_fallback_is_returned():
    state = SimpleNamespace(diagnostics=[])
    hooks = Hooks(state)
    assert hooks.hook(config={}) == "fallback"
    assert len(hooks.failures) == 1 and state.diagnostics == hooks.failures
    assert "RuntimeError: boom" in state.diagnostics[0].message


def test_a_hook_failing_before_the_build_state_exists_is_still_recorded():
    hooks = Hooks(None)
    assert hooks.hook(config={}) == "fallback"
    assert len(hooks.failures) == 1


def test_the_plugin_keeps_its_build_state_and_failures_where_the_guard_looks():
    from macros.plugin import CorpusPlugin
    plugin = CorpusPlugin()
    assert plugin.build is None and plugin.failures == []
