"""Course grade book."""
