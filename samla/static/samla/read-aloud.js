/* Samla: "Read aloud" buttons on questionnaire pages.
 *
 * Progressive: without JavaScript, or in a browser without speech synthesis, nothing is
 * added and the page works as before. Each question (and each note) gets a button that reads
 * the question, its help text and its answer choices in the questionnaire's language. The
 * button texts come from the form's data attributes, so they are translated like the page.
 */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("form[data-read-aloud]");
    if (!form || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance !== "function") {
      return;
    }
    var synth = window.speechSynthesis;
    var readLabel = form.getAttribute("data-read-aloud");
    var stopLabel = form.getAttribute("data-read-stop");
    var language = form.getAttribute("data-speech-lang") || document.documentElement.lang;
    var speaking = null;

    function voiceFor(lang) {
      var voices = synth.getVoices();
      var prefix = lang.slice(0, 2).toLowerCase();
      // Norwegian voices are often tagged "no" or "nb" only; Nynorsk text is read by them.
      var wanted = prefix === "nn" || prefix === "nb" ? ["nb", "no", "nn"] : [prefix];
      for (var i = 0; i < wanted.length; i++) {
        for (var j = 0; j < voices.length; j++) {
          if (voices[j].lang && voices[j].lang.toLowerCase().indexOf(wanted[i]) === 0) {
            return voices[j];
          }
        }
      }
      return null;
    }

    function textOf(question) {
      var parts = [];
      var heading = question.querySelector("legend, label[for]");
      if (question.classList.contains("note")) {
        parts.push(question.textContent);
      } else if (heading) {
        parts.push(heading.textContent);
      }
      var help = question.querySelector(".help");
      if (help) {
        parts.push(help.textContent);
      }
      var choices = question.querySelectorAll(".choice span");
      for (var i = 0; i < choices.length; i++) {
        parts.push(choices[i].textContent);
      }
      return parts.map(function (part) { return part.trim(); }).filter(Boolean).join(". ");
    }

    function reset() {
      if (speaking) {
        speaking.textContent = readLabel;
        speaking = null;
      }
    }

    function toggle(button, question) {
      var wasThis = speaking === button;
      synth.cancel();
      reset();
      if (wasThis) {
        return;
      }
      var utterance = new SpeechSynthesisUtterance(textOf(question));
      utterance.lang = language;
      var voice = voiceFor(language);
      if (voice) {
        utterance.voice = voice;
      }
      utterance.onend = function () { if (speaking === button) { reset(); } };
      utterance.onerror = utterance.onend;
      speaking = button;
      button.textContent = stopLabel;
      synth.speak(utterance);
    }

    var questions = form.querySelectorAll(".question, .note");
    Array.prototype.forEach.call(questions, function (question) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--quiet-dark button--small read-aloud";
      button.textContent = readLabel;
      button.addEventListener("click", function () { toggle(button, question); });
      var anchor = question.querySelector("legend, label[for]");
      if (anchor && anchor.parentNode === question) {
        anchor.insertAdjacentElement("afterend", button);
      } else {
        question.insertAdjacentElement("afterend", button);
      }
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
