"""Template hygiene for the Content-Security-Policy (#11 point 8): the policy refuses inline script and inline style,
so no template may bring them back. Scripts are static files (<script src>), data reaches them through json_script
and data- attributes, handlers are data- attributes that zonedesk/behaviours.js handles, styles are stylesheets."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "zonedesk"
TEMPLATES = sorted(SRC.rglob("*.html"))

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
HANDLER = re.compile(r"(?<![\w.:-])on[a-z]{3,}\s*=\s*[\"'{]", re.I)  # onclick=" …, not data-on-duty= or hx-on:
HX_ON = re.compile(r"\shx-on[:-]", re.I)  # htmx's inline handlers run through eval
JS_URL = re.compile(r"javascript\s*:", re.I)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^<>]*?\sstyle\s*=", re.S)
STYLE_TAG = re.compile(r"<style\b", re.I)
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def source(path: Path) -> str:
    """The template without its comments (which may name what they avoid), line numbers kept."""
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))


def offences(pattern: re.Pattern) -> list[str]:
    found = []
    for path in TEMPLATES:
        text = source(path)
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)[:80]!r}")
    return found


def test_the_templates_are_found():
    assert len(TEMPLATES) > 150 and (SRC / "templates" / "base.html") in TEMPLATES


def test_no_inline_script():
    bad = []
    for path in TEMPLATES:
        text = source(path)
        for match in SCRIPT_TAG.finditer(text):
            attributes, body = match.group(1), match.group(2)
            if "src=" not in attributes or body.strip():
                line = text.count("\n", 0, match.start()) + 1
                bad.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)[:80]!r}")
    assert not bad, "move these scripts to a static file (data through json_script or data- attributes):\n" + "\n".join(
        bad
    )


def test_no_inline_event_handler():
    bad = offences(HANDLER) + offences(HX_ON)
    assert not bad, "use a data- attribute that zonedesk/behaviours.js (or the page's script) handles:\n" + "\n".join(
        bad
    )


def test_no_javascript_url():
    bad = offences(JS_URL)
    assert not bad, "\n".join(bad)


def test_no_inline_style():
    bad = offences(STYLE_ATTR) + offences(STYLE_TAG)
    assert not bad, "use a class of a stylesheet (zonedesk.css or the app's static css):\n" + "\n".join(bad)


def test_no_inline_script_or_style_in_html_built_in_python():
    """HTML put together in Python (format_html rows, widget attributes) follows the same rule."""
    patterns = [
        re.compile(r"<[a-zA-Z][^<>\n]*?\sstyle\s*="),
        re.compile(r"<[a-zA-Z][^<>\n]*?(?<![\w.:-])on[a-z]{3,}\s*="),
        re.compile(r"[\"'](?:style|on[a-z]{3,})[\"']\s*:"),  # attrs={"style": …} / {"onchange": …}
        re.compile(r"<script\b", re.I),
        JS_URL,
    ]
    bad = [
        f"{path.relative_to(SRC)}: {match.group(0)[:80]!r}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for pattern in patterns
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not bad, "\n".join(bad)


def test_the_checks_catch_what_they_are_for():
    """Each pattern on a line it must refuse and on the look-alikes it must let through."""
    assert SCRIPT_TAG.search("<script>alert(1)</script>") and HANDLER.search('<select onchange="go()">')
    assert HANDLER.search("<a onClick='x'>") and HX_ON.search('<div hx-on:click="x">')
    assert JS_URL.search('<a href="javascript:history.back()">')
    assert STYLE_ATTR.search('<div class="a" style="width: 3rem">') and STYLE_TAG.search("<style>")
    assert not HANDLER.search('<div data-on-duty="id_x" data-autosubmit>') and not HANDLER.search("on duty = 3")
    assert not STYLE_ATTR.search("doc.add_paragraph(style='Title')")
    script = SCRIPT_TAG.search('<script src="{% static \'x.js\' %}" data-charts="c"></script>')
    assert "src=" in script.group(1) and not script.group(2).strip()
