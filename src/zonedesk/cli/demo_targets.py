"""The demo's targets of targeted investment (filled in by the targets work)."""


def load_targets(stdout=None) -> None:
    """Load the demo's investment targets once (later calls change nothing)."""
