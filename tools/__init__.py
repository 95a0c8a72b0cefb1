"""Development tools for the site: the diagram renderer."""
