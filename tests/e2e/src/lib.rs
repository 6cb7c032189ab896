//! Harness for the end-to-end tests: starts the sandbox, chromedriver and Chromium; always stops them.
