"""The "What happened?" finder: a decision tree (content/finder.yml) that leads a reader to
the guides, letters, training modules and partner organizations that fit (README, "Finder")."""
