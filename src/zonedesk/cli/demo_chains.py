"""The demo's chains (filled in by the chains work)."""


def load_chains(stdout=None) -> None:
    """Load the demo's chains once (later calls change nothing)."""
