"""The browser tests' Chromium (Debian's, through Playwright), watched for Content-Security-Policy violations.

Every context the tests open on this browser (the first page's, and the phones' that tests open with
`browser.new_context(...)`) records each `securitypolicyviolation` event and each console message about the Content
Security Policy; a test that caused one fails at teardown, whatever it checked itself (issue #11 point 8).

Give `page.wait_for_function` a function ("() => …"): Playwright evals a bare expression in the page, which the
policy refuses ('unsafe-eval' is not allowed), and the wait fails with an EvalError.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")

# Runs in every document before its own scripts: the violations pile up on window and go to Python at once.
RECORD_VIOLATIONS = """
window.__zdCsp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var v = {directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
           line: e.lineNumber, sample: e.sample, page: document.location.href};
  window.__zdCsp.push(v);
  if (window.zdCspViolation) window.zdCspViolation(v);
});
"""


@dataclass
class CspWatch:
    """What the watched contexts reported: violation events and console messages naming the policy."""

    violations: list[dict] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def watch(self, context) -> None:
        context.expose_function("zdCspViolation", self._violation)
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._console)

    def _violation(self, violation: dict) -> None:
        self.violations.append(violation)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(f"{message.type}: {message.text} ({message.location.get('url', '')})")

    def mark(self) -> tuple[int, int]:
        return len(self.violations), len(self.console)

    def since(self, mark: tuple[int, int]) -> list:
        return self.violations[mark[0] :] + self.console[mark[1] :]

    def report(self) -> str:
        lines = [
            f"{v['directive']} blocked {v['blocked']} at {v['source']}:{v['line']} on {v['page']}"
            for v in self.violations
        ]
        return "\n".join(lines + self.console)


@pytest.fixture
def csp_watch() -> CspWatch:
    return CspWatch()


@pytest.fixture
def browser_page(monkeypatch, csp_watch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        new_context = browser.new_context

        def watched_context(**kwargs):
            context = new_context(**kwargs)
            csp_watch.watch(context)
            return context

        # The phone tests open their own contexts on this browser: they are watched too.
        browser.new_context = watched_context
        page = watched_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
        yield page
        browser.close()
    assert not (csp_watch.violations or csp_watch.console), f"Content-Security-Policy violations:\n{csp_watch.report()}"
