// The events page's live tail: a toggle that opens the page's search as a server-sent-events stream
// (/console/events/tail) and shows each new event at the top of a table that keeps the newest 200 rows.
// Loaded from the console itself, as the Content-Security-Policy requires; builds rows with DOM calls only.
(function () {
  'use strict';
  var MAX_ROWS = 200;
  var toggle = document.getElementById('tail-toggle');
  var table = document.getElementById('tail');
  var status = document.getElementById('tail-status');
  if (!toggle || !table) {
    return;
  }
  var body = table.querySelector('tbody');
  var source = null;
  var received = 0;
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short'
  });

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    row.appendChild(td);
    return td;
  }

  function show(item) {
    var row = document.createElement('tr');
    var when = document.createElement('time');
    when.setAttribute('datetime', item.time);
    when.title = item.time.replace('T', ' ').replace('Z', ' UTC');
    var at = new Date(item.time);
    when.textContent = isNaN(at.getTime()) ? item.time : format.format(at);
    cell(row, '').appendChild(when);
    var link = document.createElement('a');
    link.className = 'event';
    link.href = '/console/event?id=' + encodeURIComponent(item.id);
    var code = document.createElement('code');
    code.textContent = item.id;
    link.appendChild(code);
    cell(row, '').appendChild(link);
    cell(row, item.tenant);
    cell(row, item.type);
    cell(row, item.table);
    cell(row, item.recordId);
    cell(row, item.operation);
    row.className = 'new';
    body.insertBefore(row, body.firstChild);
    while (body.rows.length > MAX_ROWS) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function say(text) {
    status.textContent = text;
  }

  function stop(text) {
    if (source) {
      source.close();
      source = null;
    }
    toggle.textContent = 'Live tail';
    toggle.classList.remove('live');
    say(text);
  }

  toggle.addEventListener('click', function () {
    if (source) {
      stop('Tail stopped; ' + received + ' events received.');
      return;
    }
    received = 0;
    table.hidden = false;
    source = new EventSource(toggle.getAttribute('data-tail'));
    toggle.textContent = 'Stop tail';
    toggle.classList.add('live');
    say('Connecting…');
    source.onopen = function () {
      say('Live: new events matching this search appear at the top (newest ' + MAX_ROWS + ' kept).');
    };
    source.onmessage = function (message) {
      received++;
      show(JSON.parse(message.data));
    };
    source.addEventListener('dropped', function (message) {
      var dropped = JSON.parse(message.data).dropped;
      say('Live; ' + dropped + ' events came faster than the tail shows and were skipped (search for them).');
    });
    source.onerror = function () {
      if (source && source.readyState === EventSource.CLOSED) {
        stop('The tail was closed by the console (signed out, or too many tails open). Start it again.');
      } else {
        say('Reconnecting…');
      }
    };
  });
})();
