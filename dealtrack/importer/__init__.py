"""Deals brought in from elsewhere: ``csvimport`` reads an ``export --format csv`` folder
or a spreadsheet saved as CSV (through a mapping file) and writes checked deal files."""
