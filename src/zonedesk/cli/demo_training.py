"""The demo's training (filled in by the training work)."""


def load_training(stdout=None) -> None:
    """Load the demo's training once (later calls change nothing)."""
