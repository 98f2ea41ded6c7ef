"""Sample papers the project generates itself, and a local arXiv-compatible server for the offline demo and
the tests."""
