"""A tiny web shop: a catalogue and pages rendered from string.Template files."""
