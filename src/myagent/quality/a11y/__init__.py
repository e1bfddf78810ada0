"""Accessibility checks of a project's HTML, templates and JSX (the UI Refiner's gate).

`static` reads markup files in process (`markup`, `rules`); `axe` runs axe-core in
headless Chromium in the sandbox, on the project's pages and on those its `[ui] pages`
callables render (`page_entry`, `rendered`, placed back at template lines by
`source_map`); `measure` merges both into the `a11y_violations` metric; `fixes` edits
the mechanical findings away, at the tag, keeping the file's formatting.
"""
