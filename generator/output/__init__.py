"""The only code that touches content/ and site/: writing pages, the manifest, MkDocs."""
