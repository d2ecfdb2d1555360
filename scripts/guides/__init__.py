"""The guides index: every guide of a language, by topic and by key population."""
