"""The terminal layer: the only package that imports rich and questionary (lazily)."""
