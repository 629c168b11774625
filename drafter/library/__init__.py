"""The library shipped with drafter: blocks, example configs, schemas and templates.

In the repository these are the top-level folders blocks/, configs/, schemas/ and
templates/; pyproject.toml maps them into this package so the wheel carries them.
"""
