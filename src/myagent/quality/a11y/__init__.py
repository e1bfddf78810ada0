"""Accessibility checks of a project's HTML, templates and JSX (the UI Refiner's gate).

`static` reads markup files in process (`markup`, `rules`); `axe` runs axe-core in
headless Chromium in the sandbox; `measure` merges both into the `a11y_violations`
metric; `fixes` edits the mechanical findings away, at the tag, keeping the file's
formatting.
"""
