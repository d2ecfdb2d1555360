"""The organizations directory: the catalog's organizations of every region, in every language."""
