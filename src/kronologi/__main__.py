"""``python -m kronologi`` runs the command line."""

from kronologi.cli import app

app(prog_name="kronologi")
