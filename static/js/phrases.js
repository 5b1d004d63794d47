// The clinic's phrase templates in a step's free-text fields (backpain/phrases/). Typing ";;"
// lists the phrases whose abbreviation starts with what follows; ";;abbr" then a space (or a
// full stop, a comma...) puts the phrase in its place, Enter takes the first phrase listed, and
// the down arrow moves into the list to choose another. The "Insert phrase" button beside the
// field lists them all and inserts the one chosen where the cursor was. The phrases and the
// words of the controls come from the data-phrases attribute of this script's element (one
// query for the page); without JavaScript the fields are plain text fields.
(function () {
  "use strict";

  var FIELDS = "#step-form textarea:not([readonly]):not([disabled])";
  var TYPING = /;;([A-Za-z0-9_-]*)$/;
  var TYPED_WHOLE = /;;([A-Za-z0-9_-]+)([\s.,:!?)])$/;
  var PREVIEW = 90;
  var phrases = [];
  var words = {};
  var live = null;
  var counter = 0;

  function read() {
    var script = document.querySelector("script[data-phrases]");
    if (!script) return false;
    try {
      var data = JSON.parse(script.getAttribute("data-phrases"));
      phrases = data.phrases || [];
      words = data.words || {};
    } catch (error) {
      return false;
    }
    return phrases.length > 0;
  }

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function byAbbreviation(abbreviation) {
    var wanted = abbreviation.toLowerCase();
    for (var i = 0; i < phrases.length; i++) {
      if (phrases[i].abbreviation === wanted) return phrases[i];
    }
    return null;
  }

  function startingWith(prefix) {
    var wanted = prefix.toLowerCase();
    return phrases.filter(function (phrase) {
      return phrase.abbreviation.indexOf(wanted) === 0;
    });
  }

  function preview(text) {
    var line = text.replace(/\s+/g, " ").trim();
    return line.length > PREVIEW ? line.slice(0, PREVIEW - 1) + "…" : line;
  }

  function Tools(field) {
    var self = this;
    counter += 1;
    this.field = field;
    this.range = null; // what the chosen phrase replaces: the typed ";;abbr", or the selection
    this.typed = false; // listed by typing ";;" (Enter takes the first), not by the button
    this.box = document.createElement("div");
    this.box.className = "phrase-tools mt-1";
    this.button = document.createElement("button");
    this.button.type = "button";
    // Dark text on a light button in every state (hover included), for contrast.
    this.button.className = "btn btn-sm btn-light border phrase-button";
    this.button.textContent = words.button || "Insert phrase";
    this.list = document.createElement("div");
    this.list.id = "phrase-list-" + counter;
    this.list.className = "list-group phrase-list mt-1 overflow-auto";
    this.list.style.maxHeight = "16rem";
    this.list.setAttribute("role", "group");
    this.list.setAttribute("aria-label", words.list || "Phrases");
    this.list.hidden = true;
    this.button.setAttribute("aria-controls", this.list.id);
    this.button.setAttribute("aria-expanded", "false");
    this.box.appendChild(this.button);
    this.box.appendChild(this.list);
    field.insertAdjacentElement("afterend", this.box);

    this.button.addEventListener("click", function () {
      if (!self.list.hidden && !self.typed) {
        self.close();
        return;
      }
      self.range = {start: field.selectionStart, end: field.selectionEnd};
      self.typed = false;
      self.open(phrases);
      var first = self.options()[0];
      if (first) first.focus();
    });
    field.addEventListener("input", function () { self.typing(); });
    field.addEventListener("keydown", function (event) { self.fieldKey(event); });
    this.list.addEventListener("keydown", function (event) { self.listKey(event); });
    document.addEventListener("click", function (event) {
      if (!self.box.contains(event.target) && event.target !== field) self.close();
    });
  }

  Tools.prototype.options = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("button"));
  };

  Tools.prototype.open = function (listed) {
    var self = this;
    this.list.replaceChildren();
    listed.forEach(function (phrase, index) {
      var option = document.createElement("button");
      option.type = "button";
      option.className = "list-group-item list-group-item-action py-1" +
        (self.typed && index === 0 ? " active" : "");
      var code = document.createElement("span");
      code.className = "font-monospace fw-semibold";
      code.textContent = ";;" + phrase.abbreviation;
      option.appendChild(code);
      option.appendChild(document.createTextNode(" " + preview(phrase.text)));
      option.addEventListener("click", function () { self.insert(phrase); });
      self.list.appendChild(option);
    });
    this.list.hidden = listed.length === 0;
    this.button.setAttribute("aria-expanded", String(!this.list.hidden));
  };

  Tools.prototype.close = function () {
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.button.setAttribute("aria-expanded", "false");
  };

  Tools.prototype.typing = function () {
    if (this.inserting) return;
    var field = this.field;
    var caret = field.selectionStart;
    if (caret !== field.selectionEnd) return this.close();
    var before = field.value.slice(0, caret);
    var whole = TYPED_WHOLE.exec(before);
    var phrase = whole && byAbbreviation(whole[1]);
    if (phrase) {
      // ";;abbr" and a space: the phrase takes the abbreviation's place, the space stays.
      var start = caret - whole[0].length;
      this.range = {start: start, end: start + 2 + whole[1].length};
      this.insert(phrase, true);
      return;
    }
    var match = TYPING.exec(before);
    if (!match) return this.close();
    var listed = startingWith(match[1]);
    this.range = {start: caret - match[0].length, end: caret};
    this.typed = true;
    this.open(listed);
    announce(listed.length ? (words.matches || "%(count)s").replace("%(count)s", listed.length)
                           : (words.none || ""));
  };

  Tools.prototype.fieldKey = function (event) {
    if (this.list.hidden || !this.typed) return;
    var options = this.options();
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      options[0].focus();
    } else if (event.key === "Enter" && options.length) {
      event.preventDefault();
      options[0].click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    }
  };

  Tools.prototype.listKey = function (event) {
    var options = this.options();
    var at = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      options[(at + step + options.length) % options.length].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
      this.field.focus();
      if (this.range) this.field.setSelectionRange(this.range.end, this.range.end);
    }
  };

  Tools.prototype.insert = function (phrase, keepCaretAfter) {
    var field = this.field;
    var range = this.range || {start: field.value.length, end: field.value.length};
    field.focus();
    field.setRangeText(phrase.text, range.start, range.end, "end");
    if (keepCaretAfter) {
      // Past the space (or full stop) that ended the abbreviation.
      var after = range.start + phrase.text.length + 1;
      field.setSelectionRange(after, after);
    }
    this.range = null;
    this.close();
    // As if typed: drafts and the "unsaved changes" warning see the new text.
    this.inserting = true;
    field.dispatchEvent(new Event("input", {bubbles: true}));
    this.inserting = false;
    announce(words.inserted || "");
  };

  function start() {
    var fields = document.querySelectorAll(FIELDS);
    if (!fields.length || !read()) return;
    live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    fields[0].form.appendChild(live);
    fields.forEach(function (field) { new Tools(field); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
