"""The Tester agent: generated tests that raise coverage and catch real bugs."""
