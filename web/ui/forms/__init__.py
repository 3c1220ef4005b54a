"""Flask-WTF forms of the consumer pages, one module per page (shared helpers: web.forms)."""
