"""Browser tests: Playwright drives Debian's Chromium against the real demo server (see conftest.py)."""
