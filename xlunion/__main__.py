"""python -m xlunion: the command line."""

from .cli import app

app()
