"""devaudit: audit network-device configurations against hardened-default baselines."""

__all__ = ["__version__"]

__version__ = "0.1.0"
