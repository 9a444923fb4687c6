"""checker: documentation-drift monitor and compliance checker for OpenRouter integrations."""

__version__ = "0.1.0"
