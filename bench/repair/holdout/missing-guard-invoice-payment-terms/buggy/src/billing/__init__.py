"""Invoice due dates and reminders."""
