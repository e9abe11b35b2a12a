"""Decide and render every generated page: Jinja templates over the models and figures."""
