"""The self-check quiz and the handouts in a real Chromium, on the repository's built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.content import read_document
from scripts.errors import Problems
from scripts.training import quiz

pytestmark = pytest.mark.browser

SLUG = "reactor-role-ethics"


def questions(built_site: Path, lang: str) -> list[quiz.Question]:
    root = built_site.parent
    doc = read_document(root / "content" / "training" / f"{SLUG}.{lang}.md", root / "content",
                        ("tg", "ru", "en", "uz"), Problems(root))
    assert doc is not None
    return quiz.questions(doc)


def stored(page) -> list:
    return page.evaluate("() => [Object.assign({}, localStorage), Object.assign({}, sessionStorage), "
                         "document.cookie]")


def watch_requests(page, base: str) -> list[str]:
    """Every request the page makes to anywhere but the site itself."""
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else foreign.append(r.url))
    return foreign


def test_quiz_gives_feedback_for_wrong_and_right_answers_and_a_score(page, serve_site, built_site) -> None:
    items = questions(built_site, "ru")
    foreign = watch_requests(page, serve_site)
    page.goto(f"{serve_site}ru/training/{SLUG}/")
    before = stored(page)
    form = page.locator(".kb-quiz form.kb-quiz__form")
    assert form.count() == 1
    fieldsets = form.locator("fieldset")
    assert fieldsets.count() == len(items)
    score = page.locator(".kb-quiz__score")
    assert score.get_attribute("aria-live") == "polite"

    # Question 1, wrongly.
    first = fieldsets.nth(0)
    assert first.locator("legend").inner_text() == items[0].question
    wrong = next(i for i in range(len(items[0].options)) if i != items[0].answer)
    first.get_by_label(items[0].options[wrong]).check()
    first.get_by_role("button", name="Проверить ответ").click()
    feedback = first.locator(".kb-quiz__feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    text = feedback.inner_text()
    right = f"{quiz.letter(items[0].answer)}. {items[0].options[items[0].answer]}"
    assert text.startswith("Неверно.") and f"Правильный ответ: {right}" in text
    assert items[0].explanation in text
    assert score.inner_text() == ""  # no score until every question is checked

    # Every other question, rightly.
    for number, item in enumerate(items[1:], start=1):
        fieldset = fieldsets.nth(number)
        fieldset.get_by_label(item.options[item.answer]).check()
        fieldset.get_by_role("button", name="Проверить ответ").click()
        text = fieldset.locator(".kb-quiz__feedback").inner_text()
        assert text.startswith("Верно.") and item.explanation in text and "Правильный ответ" not in text
    assert score.inner_text() == f"Ваш результат: {len(items) - 1} из {len(items)} правильно."

    # Changing the first answer to the right one updates the score.
    first.get_by_label(items[0].options[items[0].answer]).check()
    first.get_by_role("button", name="Проверить ответ").click()
    assert first.locator(".kb-quiz__feedback").inner_text().startswith("Верно.")
    assert score.inner_text() == f"Ваш результат: {len(items)} из {len(items)} правильно."

    # Start again: everything is cleared.
    page.get_by_role("button", name="Начать заново").click()
    assert score.inner_text() == "" and form.locator("input:checked").count() == 0
    assert all(fieldsets.nth(i).locator(".kb-quiz__feedback").inner_text() == "" for i in range(len(items)))

    # Nothing was stored or sent (the theme keeps its colour scheme; the quiz adds nothing).
    assert stored(page) == before and before[2] == ""
    assert page.context.cookies() == []
    assert foreign == []


def test_quiz_works_with_the_keyboard_only(page, serve_site, built_site) -> None:
    items = questions(built_site, "en")
    page.goto(f"{serve_site}en/training/{SLUG}/")
    second = page.locator(".kb-quiz fieldset").nth(1)
    button = second.get_by_role("button", name="Check answer")
    # The button says which question it checks.
    assert page.locator("#" + button.get_attribute("aria-describedby")).inner_text() == items[1].question
    second.locator("input").first.focus()
    page.keyboard.press("Space")  # selects the first option
    for _ in range(items[1].answer):
        page.keyboard.press("ArrowDown")  # arrow keys move the choice within the radio group
    page.keyboard.press("Enter")  # checks this question; the form is never submitted
    assert second.locator(".kb-quiz__feedback").inner_text().startswith("Right.")
    assert page.url == f"{serve_site}en/training/{SLUG}/"
    # Tab from the last option reaches the question's button; Space presses it.
    second.locator("input").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('kb-quiz__check')")
    page.keyboard.press("Space")
    assert second.locator(".kb-quiz__feedback").inner_text().startswith("Right.")


def test_without_javascript_the_quiz_reads_as_a_list_with_answers_to_open(browser, serve_site,
                                                                          built_site) -> None:
    items = questions(built_site, "en")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{serve_site}en/training/{SLUG}/")
        assert page.locator(".kb-quiz form").count() == 0
        assert page.locator(".kb-quiz__item").count() == len(items)
        first = page.locator(".kb-quiz__item").first
        assert first.locator(".kb-quiz__options li").all_inner_texts() == list(items[0].options)
        assert not first.locator(".kb-quiz__explanation").is_visible()
        first.locator("summary").click()
        assert first.locator(".kb-quiz__explanation").inner_text() == items[0].explanation
    finally:
        context.close()


def test_handouts_print_without_navigation_and_with_sensible_breaks(page, serve_site) -> None:
    page.goto(f"{serve_site}en/training/handouts/{SLUG}/")
    print_button = page.locator("[data-kb-print]")
    assert print_button.is_visible()  # shown by the script; hidden without it
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "[data-kb-print]",
                     ".kb-module-nav"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    heading = page.locator("h2.kb-page-break")
    assert heading.count() == 1
    assert heading.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    item = page.locator(".kb-worksheet__item").first
    assert item.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2
    # The trainer handout prints the trainer notes and the answer key, on a page of its own.
    page.goto(f"{serve_site}en/training/trainer/handouts/{SLUG}/")
    notes = page.locator(".admonition.trainer")
    assert notes.count() >= 3 and notes.first.is_visible()
    assert page.locator("h2.kb-page-break").inner_text().startswith("Answer key")
