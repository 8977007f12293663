"""The Flask side: blueprints for the JSON API and the pages, and the error responses."""
