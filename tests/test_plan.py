"""URLs and translation status decided by the planner."""

from __future__ import annotations

from scripts.urls import relative_url, url_of


def test_urls_follow_the_spec() -> None:
    assert url_of("tg", "guides/police-detention.md", "tg") == "guides/police-detention/"
    assert url_of("ru", "guides/police-detention.md", "tg") == "ru/guides/police-detention/"
    assert url_of("en", "index.md", "tg") == "en/"
    assert url_of("tg", "index.md", "tg") == ""
    assert url_of("uz", "guides/index.md", "tg") == "uz/guides/"
    assert url_of("ru", "organizations.md", "tg") == "ru/organizations/"


def test_relative_urls_work_from_any_depth() -> None:
    assert relative_url("guides/x/", "ru/guides/x/") == "../../ru/guides/x/"
    assert relative_url("ru/guides/x/", "guides/x/") == "../../../guides/x/"
    assert relative_url("", "ru/") == "ru/"
    assert relative_url("en/", "") == "../"
    assert relative_url("en/", "en/") == "./"
