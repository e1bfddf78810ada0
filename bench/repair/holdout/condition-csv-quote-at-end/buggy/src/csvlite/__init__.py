"""Reading CSV records by hand."""
