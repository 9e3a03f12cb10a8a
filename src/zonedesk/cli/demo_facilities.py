"""The demo's facilities (filled in by the facilities work)."""


def load_facilities(stdout=None) -> None:
    """Load the demo's facilities once (later calls change nothing)."""
