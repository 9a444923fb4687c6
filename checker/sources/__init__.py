"""Sources: the target definition and the kinds of source it holds."""
