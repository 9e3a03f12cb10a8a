"""The demo's alliances (filled in by the alliances work)."""


def load_alliances(stdout=None) -> None:
    """Load the demo's alliances once (later calls change nothing)."""
