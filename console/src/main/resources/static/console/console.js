// The console's only script, loaded from the console itself (the Content-Security-Policy allows no other):
// shows every <time datetime> in the browser's time zone with its UTC value on hover, and lets a dead-letter
// selection be checked or cleared at once, and marks a long action as running.
(function () {
  'use strict';
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short'
  });
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    var utc = el.getAttribute('datetime');
    var at = new Date(utc);
    if (!isNaN(at.getTime())) {
      el.textContent = format.format(at);
      el.title = utc.replace('T', ' ').replace('Z', ' UTC');
    }
  });
  // A long action shows that it runs, and cannot be started twice by a second click.
  document.querySelectorAll('button[data-busy]').forEach(function (button) {
    button.form.addEventListener('submit', function () {
      button.textContent = button.getAttribute('data-busy');
      button.disabled = true;
      button.classList.add('busy');
    });
  });
  var all = document.getElementById('select-all');
  if (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('input[name="position"]').forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
