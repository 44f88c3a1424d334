/* 大字版 / 高对比度 switch (适老化). The choice is kept in localStorage and applied before the page is drawn. */
(function () {
  'use strict';
  var KEY = 'portal-display';
  var root = document.documentElement;
  var classes = { large: 'large-text', contrast: 'high-contrast' };

  function read() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function write(prefs) {
    try { window.localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode: the switch still works for this page */ }
  }
  function apply(prefs) {
    Object.keys(classes).forEach(function (name) {
      root.classList.toggle(classes[name], !!prefs[name]);
    });
  }

  var prefs = read();
  apply(prefs);

  document.addEventListener('DOMContentLoaded', function () {
    var buttons = document.querySelectorAll('[data-display-toggle]');
    Array.prototype.forEach.call(buttons, function (button) {
      var name = button.getAttribute('data-display-toggle');
      if (!classes[name]) return;
      button.hidden = false;
      button.setAttribute('aria-pressed', prefs[name] ? 'true' : 'false');
      button.addEventListener('click', function () {
        prefs[name] = !prefs[name];
        apply(prefs);
        write(prefs);
        button.setAttribute('aria-pressed', prefs[name] ? 'true' : 'false');
      });
    });
  });
})();
