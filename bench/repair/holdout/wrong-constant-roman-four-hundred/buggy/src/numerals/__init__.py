"""Roman numerals for chapter headings."""
