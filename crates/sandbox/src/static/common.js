// wic-sandbox: what both dialects' card scripts share (`app.js`, `classic.js` load after this file):
// formatting, table cells, the JSON API, tabs, posting a call link or an SMS, binding knowledge and
// saving. It knows no dialect's ids or classes: callers pass the elements. Exposed as `wicCommon`.
// No inline scripts anywhere, so a strict CSP holds.
(function () {
  'use strict';
  var DIRECTION = { in: 'входящий', out: 'исходящий' };

  function $(sel, root) { return (root || document).querySelector(sel); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  // RFC 3339 text is shown in its own offset, like the server does.
  function parts(s) { return /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(s || ''); }
  function fmtDateTime(s) { var m = parts(s); return m ? m[3] + '.' + m[2] + '.' + m[1] + ' ' + m[4] + ':' + m[5] : ''; }
  function fmtShort(s) { var m = parts(s); return m ? m[3] + '.' + m[2] + '.' + m[1].slice(2) + ' ' + m[4] + ':' + m[5] + ':' + m[6] : ''; }
  // An unknown duration is an empty cell, as the server renders it.
  function hms(sec) {
    if (sec == null) return '';
    return pad(Math.floor(sec / 3600)) + ':' + pad(Math.floor(sec / 60) % 60) + ':' + pad(sec % 60);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function cell(tr, text, cls) { return tr.appendChild(el('td', cls, text == null ? '' : text)); }
  function showError(e, msg) { if (!e) return; e.textContent = msg || ''; e.hidden = !msg; }

  // JSON over fetch with the page's session: {ok, status, data, message (Russian, when not ok)}.
  function api(method, url, body) {
    var opts = { method: method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(url, opts).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        var msg = data && data.error && data.error.message ? data.error.message : ('Ошибка сервера: ' + r.status);
        return { ok: r.ok, status: r.status, data: data, message: r.ok ? '' : msg };
      });
    }, function () { return { ok: false, status: 0, data: null, message: 'Сервер недоступен' }; });
  }

  // Replaces the rows of `tbody` with one `<tr>` per item; `fill(tr, item)` adds its cells.
  function fillRows(tbody, list, fill) {
    if (!tbody) return;
    tbody.textContent = '';
    list.forEach(function (item) {
      var tr = document.createElement('tr');
      fill(tr, item);
      tbody.appendChild(tr);
    });
  }
  // A linked call's cells, as the server renders them; `uidClass`: the call id's cell too.
  function callCells(tr, c, uidClass) {
    [DIRECTION[c.direction] || c.direction, fmtShort(c.started_at), hms(c.duration_s), c.caller, c.pbx, c.operator]
      .forEach(function (v) { cell(tr, v); });
    if (uidClass) cell(tr, c.id, uidClass);
    cell(tr, fmtShort(c.linked_at));
    cell(tr, c.linked_by);
  }
  function smsCells(tr, s) {
    [s.phone, s.text, s.status, fmtShort(s.changed_at), s.user].forEach(function (v) { cell(tr, v); });
  }

  // Toggles the panel `btn` names in its `attr`, hides the other `panels` (ids) and marks the
  // `tabs` (a selector) whose panel is open.
  function openTab(btn, attr, panels, tabs) {
    var target = btn.getAttribute(attr);
    panels.forEach(function (id) {
      var p = document.getElementById(id);
      if (p) p.hidden = id === target ? !p.hidden : true;
    });
    document.querySelectorAll(tabs).forEach(function (b) {
      var p = document.getElementById(b.getAttribute(attr));
      b.classList.toggle('active', !!p && !p.hidden);
    });
  }

  // POSTs `body` to incident `id`'s `what` (`calls` or `sms`), the error shown in `o.err`. Once
  // done, unless `o.current()` is another incident by then: `o.done()`, then the list is read
  // again and drawn with `o.render`.
  function postThenList(id, what, body, o) {
    var url = '/api/incidents/' + id + '/' + what;
    api('POST', url, body).then(function (r) {
      if (!r.ok) { showError(o.err, r.message); return; }
      if (o.current() !== id) return;
      showError(o.err, '');
      if (o.done) o.done();
      return api('GET', url).then(function (l) {
        if (l.ok && Array.isArray(l.data) && o.current() === id) o.render(l.data);
      });
    });
  }

  // The SMS text of the kind chosen in `kind` (its `data-template`) into `text`, with the id.
  function smsTemplate(kind, text, id) {
    var opt = kind && kind.options[kind.selectedIndex];
    var t = opt ? (opt.getAttribute('data-template') || '') : '';
    if (text) text.value = t.split('{id}').join(id || '{id}');
  }

  // Binds the knowledge number typed in `input` (digits only, else marked invalid): `add(v)`
  // shows it unless `ids()` (the bound numbers) has it already.
  function bindKnowledge(input, ids, add) {
    var v = (input.value || '').trim();
    if (!/^\d+$/.test(v)) { input.classList.add('invalid'); return; }
    input.classList.remove('invalid');
    if (ids().indexOf(parseInt(v, 10)) < 0) add(v);
    input.value = '';
  }
  // The numbers read from `nodes` by `read(text)` (NaN dropped).
  function numbers(nodes, read) {
    return Array.prototype.map.call(nodes, function (e) { return read(e.textContent); })
      .filter(function (n) { return !isNaN(n); });
  }
  // A bound knowledge item: `tag.itemClass` holding `span.labelClass` and the remove button.
  function knowledgeItem(tag, itemClass, labelClass, label, removeClass, removeTitle) {
    var item = el(tag, itemClass);
    item.appendChild(el('span', labelClass, label));
    var rm = el('button', removeClass, '×'); rm.type = 'button'; rm.title = removeTitle;
    item.appendChild(rm);
    return item;
  }

  // The incident's fields: `field(name)` is the control of each of `names`; empty is null, the
  // description loses the one leading newline of its <textarea>, a missing title is ''.
  function collectFields(names, field) {
    var out = {};
    names.forEach(function (n) {
      var f = field(n);
      if (!f) return;
      var v = f.value;
      if (n === 'description') v = v.replace(/^\n/, '');
      out[n] = v.trim() === '' ? null : v;
    });
    if (out.title === null) out.title = '';
    return out;
  }

  // Saves (PUT when `id`, else POST), the result shown in `msg` (`cls` + ` ok`/` error`); `close`
  // goes back to the list, a new incident opens its own card.
  function save(id, data, msg, cls, close) {
    var req = id ? api('PUT', '/api/incidents/' + id, data) : api('POST', '/api/incidents', data);
    req.then(function (r) {
      if (!r.ok) { msg.textContent = r.message; msg.className = cls + ' error'; msg.hidden = false; return; }
      if (close) { location.assign('/'); return; }
      if (!id) { location.assign('/incidents/' + r.data.id); return; }
      msg.textContent = 'Сохранено'; msg.className = cls + ' ok'; msg.hidden = false;
    });
  }

  window.wicCommon = {
    $: $, fmtDateTime: fmtDateTime, cell: cell, showError: showError, api: api,
    fillRows: fillRows, callCells: callCells, smsCells: smsCells, openTab: openTab,
    postThenList: postThenList, smsTemplate: smsTemplate, bindKnowledge: bindKnowledge,
    numbers: numbers, knowledgeItem: knowledgeItem, collectFields: collectFields, save: save
  };
})();
