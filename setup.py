from setuptools import setup

# Metadata lives in pyproject.toml; this file only lets scrapyd-deploy build an egg.
setup()
