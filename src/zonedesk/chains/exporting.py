"""The Excel export of exactly the chains the list's filter shows, with their counts and empty links."""

from zonedesk.common.excel import write_xlsx

from .queries import chains_for, empty_link_names

HEADERS = ["产业链", "所属单位", "环节数", "链上企业数", "空白环节数", "空白环节", "简介"]


def export_chains(user, **filters):
    """The list as .xlsx (no personal data in it: not an audited read)."""
    chains = list(chains_for(user, **filters))
    empty = empty_link_names(chains)
    rows = (
        [
            c.name,
            c.unit.name,
            c.link_count,
            c.enterprise_count,
            c.empty_link_count,
            "、".join(empty.get(c.pk, [])),
            c.description,
        ]
        for c in chains
    )
    return write_xlsx(HEADERS, rows, title="产业链清单", sheet="产业链")
