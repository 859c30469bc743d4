"""``python -m kronologi.web --db … --host … --port …``: the same as ``kronologi serve``."""

from kronologi.web.server import main

main()
