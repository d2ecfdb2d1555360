"""Self-check questions: read from a module's front matter, rendered three ways.

- `interactive`: the participant page. Static HTML that reads as a numbered list of questions
  with their options, and a "show the answer" disclosure that works without JavaScript;
  `quiz.js` turns it into a form (fieldset, legend, radio buttons) with per-question feedback
  and a score. The answers stay in the page: nothing is stored or sent.
- `worksheet`: the participant handout, questions with boxes to tick and no answers.
- `answer_key`: the trainer edition and trainer handout.

Every text is escaped here: quiz fields are editors' plain text, not HTML.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..content import Document

KEYS = ("question", "options", "answer", "explanation")


@dataclass(frozen=True)
class Question:
    question: str
    options: tuple[str, ...]
    answer: int  # index into options, counted from 0
    explanation: str


def questions(doc: Document) -> list[Question]:
    """The module's questions; call only after `check` found the quiz valid."""
    return [Question(str(q["question"]).strip(), tuple(str(o).strip() for o in q["options"]),
                     int(q["answer"]), str(q["explanation"]).strip())
            for q in doc.meta.get("quiz") or []]


def letter(index: int) -> str:
    """Options are shown as A, B, C... in every language, like a printed test."""
    return string.ascii_uppercase[index] if index < 26 else str(index + 1)


def _e(text: str) -> str:
    return escape(text, quote=True)


T = Callable[..., str]


def interactive(items: list[Question], t: T, content_lang: str | None = None,
                quiz_id: str = "kb-quiz") -> str:
    """`content_lang`: the questions' language when it is not the page's (a fallback)."""
    labels = {
        "check": t("training_quiz_check"), "right": t("training_quiz_right"),
        "wrong": t("training_quiz_wrong"), "choose": t("training_quiz_choose"),
        "correct": t("training_quiz_correct_answer", answer="{answer}"),
        "score": t("training_quiz_score", right="{right}", total="{total}"),
        "reset": t("training_quiz_reset"), "intro": t("training_quiz_intro"),
        "question": t("training_quiz_question", number="{number}"),
    }
    lang = f' lang="{content_lang}"' if content_lang else ""
    data = " ".join(f'data-label-{key}="{_e(value)}"' for key, value in labels.items())
    out = [f'<div class="kb-quiz" id="{quiz_id}" data-kb-quiz {data}>',
           f'<p class="kb-quiz__intro">{_e(t("training_quiz_intro_static"))}</p>',
           f'<ol class="kb-quiz__list"{lang}>']
    for q in items:
        right = f"{letter(q.answer)}. {q.options[q.answer]}"
        out += [f'<li class="kb-quiz__item" data-answer="{q.answer}">',
                f'<p class="kb-quiz__question">{_e(q.question)}</p>',
                '<ol class="kb-quiz__options" type="A">',
                *(f"<li>{_e(o)}</li>" for o in q.options),
                "</ol>",
                '<details class="kb-quiz__answer" data-search-exclude>',
                f"<summary>{_e(t('training_quiz_show_answer'))}</summary>",
                f'<p class="kb-quiz__correct">{_e(t("training_quiz_correct_answer", answer=right))}</p>',
                f'<p class="kb-quiz__explanation">{_e(q.explanation)}</p>',
                "</details>",
                "</li>"]
    out += ["</ol>", "</div>"]
    return "\n".join(out)


def worksheet(items: list[Question], t: T) -> str:
    out = ['<div class="kb-worksheet">',
           f'<p class="kb-worksheet__intro">{_e(t("training_worksheet_intro"))}</p>',
           '<ol class="kb-worksheet__list">']
    for q in items:
        out += ['<li class="kb-worksheet__item">',
                f"<p>{_e(q.question)}</p>",
                '<ul class="kb-worksheet__options">',
                *(f'<li><span class="kb-box" aria-hidden="true">☐</span> {letter(i)}. {_e(o)}</li>'
                  for i, o in enumerate(q.options)),
                "</ul>",
                "</li>"]
    out += ["</ol>", "</div>"]
    return "\n".join(out)


def answer_key(items: list[Question], t: T) -> str:
    out = ['<ol class="kb-answer-key">']
    for q in items:
        right = f"{letter(q.answer)}. {q.options[q.answer]}"
        out += ['<li class="kb-answer-key__item">',
                f'<p class="kb-answer-key__question">{_e(q.question)}</p>',
                f'<p><strong>{_e(t("training_quiz_correct_answer", answer=right))}</strong></p>',
                f"<p>{_e(q.explanation)}</p>",
                "</li>"]
    out.append("</ol>")
    return "\n".join(out)
