"""The snapshot store: manifest, stored files, history."""
