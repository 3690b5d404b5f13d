"""Presentation: presenters (data -> template context, one per view; they never query) and rendering."""
