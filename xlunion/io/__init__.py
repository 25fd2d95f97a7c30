"""Adapters that read and write files; the only place xlunion touches the disk."""
