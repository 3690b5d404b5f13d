"""Django management commands for operators (``commands/``)."""
