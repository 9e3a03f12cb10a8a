"""The demo's commitments (filled in by the commitments work)."""


def load_commitments(stdout=None) -> None:
    """Load the demo's commitments once (later calls change nothing)."""
