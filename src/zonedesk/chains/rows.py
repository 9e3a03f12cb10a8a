"""The enterprise rows of a chain's page, built in one pass with format_html: a city's chain shows hundreds of
enterprises, and the template engine took over a second for them (bench/chains.py)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .queries import LinkNode

ROW = (
    '<tr data-enterprise="{}"><td><a href="{}{}/">{}</a>{}</td><td class="small">{}</td>'
    '<td class="text-end zd-mono">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>{}</tr>'
)
TAKE_OFF = (
    '<td class="text-end"><button class="btn btn-link btn-sm p-0 text-danger" form="form-take-off" '
    'formaction="{}{}/enterprises/{}/remove/" title="{}"><i class="bi bi-x-circle"></i></button></td>'
)


def enterprise_rows(node: LinkNode, urls: dict[str, str], *, may_map: bool, take_off: str) -> SafeString:
    """The <tr>s of the link's enterprises; with may_map a last cell, holding a take-off button where allowed."""

    def cells(row):
        e = row.enterprise
        note = format_html('<div class="small text-secondary">{}</div>', row.note) if row.note else ""
        if not may_map:
            action = ""
        elif row.may_unmap:
            action = format_html(TAKE_OFF, urls["links"], node.link.pk, e.pk, take_off)
        else:
            action = format_html("<td></td>")
        zone = e.unit.short_name or e.unit.name
        year = "—" if row.year is None else str(row.year)
        return (e.pk, urls["enterprise"], e.pk, e.name, note, zone, year, row.output_text, row.employees_text, action)

    return format_html_join("\n", ROW, (cells(row) for row in node.enterprises))
