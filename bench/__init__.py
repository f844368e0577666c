"""Build-time benchmark of the corpus site (issue 7): `python -m bench`, see bench/README.md."""
