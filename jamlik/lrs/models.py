"""The xAPI learning record store: clients and their credentials, statements, documents.
See docs/xapi.md."""
