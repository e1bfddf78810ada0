"""The Coder agent: implements requirements and refactors by proposing edits to the project."""
