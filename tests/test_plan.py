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


def test_the_plan_takes_each_originals_fingerprint_once_and_decides_as_each_alone(monkeypatch) -> None:
    """Each original has up to three translations and fallbacks: its fingerprint is taken
    once per plan, and every page's status and shown document are those `status_of` and
    `fallback_doc` give without the memo."""
    from scripts import plan
    from scripts.content import read_documents
    from scripts.corpus import Corpus
    from scripts.errors import Problems
    from scripts.fingerprint import fingerprint
    from scripts.project import Project

    from .conftest import REPO

    project = Project(REPO)
    corpus = Corpus(read_documents(project.content_dir, project.codes, Problems(REPO)))
    taken: list[str] = []

    def counted(doc):
        taken.append(str(doc.path))
        return fingerprint(doc)

    monkeypatch.setattr(plan, "fingerprint", counted)
    pages = plan.plan_site(corpus, project.codes, project.fallback_order)
    assert taken and len(taken) == len(set(taken))  # once each
    monkeypatch.setattr(plan, "fingerprint", fingerprint)
    statuses = {plan.Status.TRANSLATED, plan.Status.OUTDATED, plan.Status.ORIGINAL}
    for page in pages:
        docs = corpus.by_key[page.doc.key]
        if page.status in statuses:
            assert plan.status_of(page.doc, page.original) is page.status
        else:
            order = project.fallback_order.get(page.lang, ())
            assert page.doc is plan.fallback_doc(docs, page.original, order)
    assert {page.status for page in pages} >= {plan.Status.TRANSLATED, plan.Status.ORIGINAL}
