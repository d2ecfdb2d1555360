"""The glossary (`content/glossary.yml`): one vocabulary per language, its pages, the links
from guides to it, and the check for variants to avoid (README: "Glossary")."""
