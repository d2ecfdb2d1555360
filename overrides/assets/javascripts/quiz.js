/*
 * Self-check quizzes of the training modules (scripts/training/quiz.py writes the HTML).
 *
 * Progressive enhancement: without JavaScript a quiz is a numbered list of questions with a
 * "show the answer" disclosure. This script turns it into a form: one fieldset per question
 * (the question is the legend), radio buttons, a "check answer" button, feedback with the
 * explanation in a polite live region, and the score once every question has been checked.
 *
 * Privacy: answers live only in this page's memory. Nothing is stored (no cookies, no
 * localStorage or sessionStorage) and nothing is sent. Safe under a strict Content-Security-
 * Policy: no inline code, no eval, text is only ever set with textContent.
 */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function letter(index) {
    return index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
  }

  function readQuestions(quiz) {
    var items = quiz.querySelectorAll(".kb-quiz__item");
    return Array.prototype.map.call(items, function (item) {
      var options = item.querySelectorAll(".kb-quiz__options > li");
      var explanation = item.querySelector(".kb-quiz__explanation");
      return {
        question: item.querySelector(".kb-quiz__question").textContent,
        options: Array.prototype.map.call(options, function (li) { return li.textContent; }),
        answer: parseInt(item.getAttribute("data-answer"), 10),
        explanation: explanation ? explanation.textContent : ""
      };
    });
  }

  function enhance(quiz, quizIndex) {
    var label = function (key) { return quiz.getAttribute("data-label-" + key) || ""; };
    var questions = readQuestions(quiz);
    var staticList = quiz.querySelector(".kb-quiz__list");
    if (!questions.length || !staticList) return;
    var prefix = (quiz.id || "kb-quiz-" + quizIndex) + "-q";
    var results = new Array(questions.length);  // true / false once checked, per question

    var form = el("form", "kb-quiz__form");
    form.setAttribute("novalidate", "");
    var list = el("ol", "kb-quiz__questions");
    if (staticList.hasAttribute("lang")) list.setAttribute("lang", staticList.getAttribute("lang"));
    var score = el("p", "kb-quiz__score");
    score.setAttribute("aria-live", "polite");
    score.id = prefix + "-score";

    function updateScore() {
      for (var i = 0; i < results.length; i++) {
        if (results[i] === undefined) { score.textContent = ""; return; }
      }
      var right = results.filter(function (r) { return r; }).length;
      score.textContent = fill(label("score"), { right: right, total: results.length });
    }

    questions.forEach(function (q, qi) {
      var id = prefix + (qi + 1);
      var item = el("li", "kb-quiz__item");
      var fieldset = el("fieldset", "kb-quiz__fieldset");
      var legend = el("legend", "kb-quiz__legend", q.question);
      legend.id = id + "-legend";
      fieldset.appendChild(legend);
      var options = el("div", "kb-quiz__choices");
      q.options.forEach(function (text, oi) {
        var optionLabel = el("label", "kb-quiz__choice");
        var input = el("input");
        input.type = "radio";
        input.name = id;
        input.value = String(oi);
        input.id = id + "-o" + oi;
        optionLabel.appendChild(input);
        optionLabel.appendChild(el("span", "kb-quiz__letter", letter(oi) + ". "));
        optionLabel.appendChild(el("span", "kb-quiz__text", text));
        options.appendChild(optionLabel);
      });
      fieldset.appendChild(options);
      var button = el("button", "md-button kb-quiz__check", label("check"));
      button.type = "button";
      button.setAttribute("aria-describedby", legend.id);
      var feedback = el("div", "kb-quiz__feedback");
      feedback.setAttribute("aria-live", "polite");
      feedback.id = id + "-feedback";

      function check() {
        var chosen = fieldset.querySelector("input:checked");
        feedback.textContent = "";
        item.classList.remove("is-right", "is-wrong");
        Array.prototype.forEach.call(options.children, function (c) { c.classList.remove("is-answer"); });
        if (!chosen) {
          feedback.appendChild(el("p", "kb-quiz__verdict", label("choose")));
          return;
        }
        var right = parseInt(chosen.value, 10) === q.answer;
        results[qi] = right;
        item.classList.add(right ? "is-right" : "is-wrong");
        options.children[q.answer].classList.add("is-answer");
        var verdict = el("p", "kb-quiz__verdict");
        verdict.appendChild(el("strong", "", label(right ? "right" : "wrong")));
        if (!right) {
          verdict.appendChild(document.createTextNode(" " + fill(label("correct"), {
            answer: letter(q.answer) + ". " + q.options[q.answer]
          })));
        }
        feedback.appendChild(verdict);
        if (q.explanation) feedback.appendChild(el("p", "kb-quiz__explanation", q.explanation));
        updateScore();
      }

      button.addEventListener("click", check);
      fieldset.addEventListener("keydown", function (event) {
        // Enter on a radio button checks that question instead of submitting the form.
        if (event.key === "Enter" && event.target.type === "radio") {
          event.preventDefault();
          check();
        }
      });
      fieldset.appendChild(button);
      fieldset.appendChild(feedback);
      item.appendChild(fieldset);
      list.appendChild(item);
    });

    var reset = el("button", "md-button kb-quiz__reset", label("reset"));
    reset.type = "button";
    reset.addEventListener("click", function () {
      form.reset();
      results = new Array(questions.length);
      Array.prototype.forEach.call(list.querySelectorAll(".kb-quiz__feedback"), function (f) {
        f.textContent = "";
      });
      Array.prototype.forEach.call(list.querySelectorAll(".is-right, .is-wrong, .is-answer"), function (n) {
        n.classList.remove("is-right", "is-wrong", "is-answer");
      });
      score.textContent = "";
      var first = list.querySelector("input");
      if (first) first.focus();
    });
    // Nothing is ever submitted: the form only groups the questions for assistive technology.
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    form.appendChild(list);
    form.appendChild(score);
    form.appendChild(reset);
    var intro = quiz.querySelector(".kb-quiz__intro");
    if (intro) intro.textContent = label("intro");
    staticList.parentNode.replaceChild(form, staticList);
    quiz.setAttribute("data-kb-ready", "");
  }

  function init() {
    var quizzes = document.querySelectorAll("[data-kb-quiz]:not([data-kb-ready])");
    Array.prototype.forEach.call(quizzes, enhance);
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-print]"), function (button) {
      if (button.hasAttribute("data-kb-ready")) return;
      button.hidden = false;
      button.setAttribute("data-kb-ready", "");
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Material's instant navigation (if it is ever enabled) swaps pages without a reload.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
