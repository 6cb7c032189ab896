// wic-sandbox page behaviour: tabs, saving, call linking, SMS, knowledge and in-page navigation
// between incidents (history.pushState). No inline scripts anywhere, so a strict CSP holds.
(function () {
  'use strict';
  var STATUS = { open: 'Открыт', in_progress: 'В работе', resolved: 'Решен', closed: 'Закрыт' };
  var DIRECTION = { in: 'входящий', out: 'исходящий' };
  var historySeq = 0;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function cardField(name) { return $('#incident-card [name=' + name + ']'); }
  function incidentId() { var f = cardField('id'); return f ? f.value.trim() : ''; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  // RFC 3339 text is shown in its own offset, like the server does.
  function parts(s) { var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(s || ''); return m; }
  function fmtDateTime(s) { var m = parts(s); return m ? m[3] + '.' + m[2] + '.' + m[1] + ' ' + m[4] + ':' + m[5] : ''; }
  function fmtShort(s) { var m = parts(s); return m ? m[3] + '.' + m[2] + '.' + m[1].slice(2) + ' ' + m[4] + ':' + m[5] + ':' + m[6] : ''; }
  function hms(sec) { sec = sec || 0; return pad(Math.floor(sec / 3600)) + ':' + pad(Math.floor(sec / 60) % 60) + ':' + pad(sec % 60); }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text == null ? '' : String(text);
    tr.appendChild(td);
    return td;
  }
  function showError(el, msg) { if (!el) return; el.textContent = msg || ''; el.hidden = !msg; }

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

  // ---- tabs ----
  function openTab(btn) {
    var target = btn.getAttribute('data-panel');
    ['panel-calls', 'panel-sms'].forEach(function (id) {
      var p = document.getElementById(id);
      if (!p) return;
      var show = id === target ? p.hidden : false;
      p.hidden = !show;
    });
    document.querySelectorAll('.toolbar .tab').forEach(function (b) {
      var p = document.getElementById(b.getAttribute('data-panel'));
      b.classList.toggle('active', !!p && !p.hidden);
    });
  }

  // ---- calls ----
  function renderCalls(calls) {
    var tbody = $('#incident-calls tbody');
    if (!tbody) return;
    tbody.textContent = '';
    calls.forEach(function (c) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-call-id', c.id);
      cell(tr, DIRECTION[c.direction] || c.direction);
      cell(tr, fmtShort(c.started_at));
      cell(tr, hms(c.duration_s));
      cell(tr, c.caller);
      cell(tr, c.pbx);
      cell(tr, c.operator);
      cell(tr, fmtShort(c.linked_at));
      cell(tr, c.linked_by);
      tbody.appendChild(tr);
    });
    var n = $('#calls-count');
    if (n) n.textContent = String(calls.length);
  }

  function linkCall(callId) {
    var err = $('#call-link-error');
    var id = incidentId();
    callId = (callId || '').trim();
    if (!id) { showError(err, 'Сначала сохраните инцидент, затем привяжите звонок'); return; }
    if (!callId) { showError(err, 'Укажите идентификатор звонка'); return; }
    api('POST', '/api/incidents/' + id + '/calls', { call_id: callId }).then(function (r) {
      if (!r.ok) { showError(err, r.message); return; }
      if (incidentId() !== id) return;
      showError(err, '');
      var input = $('#call-link-id');
      if (input) input.value = '';
      var row = document.querySelector('#operator-calls tr[data-operator-call="' + CSS.escape(callId) + '"]');
      if (row) row.remove();
      return api('GET', '/api/incidents/' + id + '/calls').then(function (l) {
        if (l.ok && Array.isArray(l.data) && incidentId() === id) renderCalls(l.data);
      });
    });
  }

  // ---- SMS ----
  function renderSms(list) {
    var tbody = $('#sms-sent tbody');
    if (!tbody) return;
    tbody.textContent = '';
    list.forEach(function (s) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-sms-id', s.id);
      cell(tr, s.phone); cell(tr, s.text); cell(tr, s.status); cell(tr, fmtShort(s.changed_at)); cell(tr, s.user);
      tbody.appendChild(tr);
    });
  }

  function smsTemplate() {
    var kind = $('#sms-kind');
    if (!kind) return;
    var opt = kind.options[kind.selectedIndex];
    var text = opt ? (opt.getAttribute('data-template') || '') : '';
    $('#sms-text').value = text.split('{id}').join(incidentId() || '{id}');
  }

  function sendSms() {
    var err = $('#sms-error');
    var id = incidentId();
    if (!id) { showError(err, 'Сначала сохраните инцидент'); return; }
    var body = {
      phone: $('#sms-phone').value, kind: $('#sms-kind').value,
      text: $('#sms-text').value, send_on_resolve: $('#sms-on-resolve').checked
    };
    api('POST', '/api/incidents/' + id + '/sms', body).then(function (r) {
      if (!r.ok) { showError(err, r.message); return; }
      showError(err, '');
      return api('GET', '/api/incidents/' + id + '/sms').then(function (l) {
        if (l.ok && Array.isArray(l.data) && incidentId() === id) renderSms(l.data);
      });
    });
  }

  // ---- knowledge ----
  function addKnowledge() {
    var input = $('#knowledge-add');
    var v = (input.value || '').trim();
    if (!/^\d+$/.test(v)) { input.classList.add('invalid'); return; }
    input.classList.remove('invalid');
    var list = $('#knowledge-list');
    var exists = Array.prototype.some.call(list.querySelectorAll('.knowledge-id'), function (e) { return e.textContent.trim() === v; });
    if (!exists) {
      var item = document.createElement('span'); item.className = 'knowledge-item';
      var idEl = document.createElement('span'); idEl.className = 'knowledge-id'; idEl.textContent = v;
      var rm = document.createElement('button'); rm.type = 'button'; rm.className = 'knowledge-remove'; rm.title = 'Отвязать знание'; rm.textContent = '×';
      item.appendChild(idEl); item.appendChild(rm); list.appendChild(item);
    }
    input.value = '';
  }

  // ---- saving ----
  function collect() {
    var out = {};
    ['title', 'inn_kpp', 'phone', 'email', 'contact_name', 'description', 'type', 'status', 'department', 'responsible'].forEach(function (n) {
      var f = cardField(n);
      if (!f) return;
      var v = f.value;
      if (n === 'description') v = v.replace(/^\n/, '');
      out[n] = v.trim() === '' ? null : v;
    });
    if (out.title === null) out.title = '';
    out.knowledge = Array.prototype.map.call(document.querySelectorAll('#knowledge-list .knowledge-id'), function (e) {
      return parseInt(e.textContent.trim(), 10);
    }).filter(function (n) { return !isNaN(n); });
    return out;
  }

  function save(close) {
    var status = $('#save-status');
    var id = incidentId();
    var req = id ? api('PUT', '/api/incidents/' + id, collect()) : api('POST', '/api/incidents', collect());
    req.then(function (r) {
      if (!r.ok) { status.textContent = r.message; status.className = 'save-status error'; status.hidden = false; return; }
      if (close) { location.assign('/'); return; }
      if (!id) { location.assign('/incidents/' + r.data.id); return; }
      status.textContent = 'Сохранено'; status.className = 'save-status ok'; status.hidden = false;
    });
  }

  // ---- history ----
  function refreshHistory() {
    var f = cardField('inn_kpp');
    if (!f) return;
    var inn = (f.value.trim().split(/[^0-9]/)[0]) || '';
    var seq = ++historySeq;
    var self = incidentId();
    var done = function (list) {
      if (seq !== historySeq) return;
      var tbody = $('#history tbody');
      tbody.textContent = '';
      list.filter(function (i) { return String(i.id) !== self; }).forEach(function (i) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-incident-id', i.id);
        var td = document.createElement('td');
        var a = document.createElement('a'); a.className = 'history-id'; a.href = '/incidents/' + i.id; a.textContent = String(i.id);
        td.appendChild(a); tr.appendChild(td);
        cell(tr, fmtDateTime(i.created_at)); cell(tr, STATUS[i.status] || ''); cell(tr, i.title, 'history-title');
        cell(tr, i.type); cell(tr, i.created_by); cell(tr, fmtDateTime(i.updated_at));
        tbody.appendChild(tr);
      });
      var empty = $('#history-empty');
      if (empty) empty.hidden = tbody.children.length > 0;
    };
    if (!inn) { done([]); return; }
    api('GET', '/api/incidents?inn=' + encodeURIComponent(inn)).then(function (r) {
      if (r.ok && Array.isArray(r.data)) done(r.data);
    });
  }

  // ---- in-page navigation ----
  function navigate(url, push) {
    var u = new URL(url, location.href);
    var frag = new URL(u.href); frag.searchParams.set('fragment', '1');
    return fetch(frag.href, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      var main = $('#main');
      main.innerHTML = html;
      var page = $('.card-page', main);
      if (page && page.getAttribute('data-title')) document.title = page.getAttribute('data-title');
      if (push) history.pushState({ wic: u.pathname + u.search }, '', u.pathname + u.search);
      window.scrollTo(0, 0);
    }).catch(function () { location.assign(u.href); });
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var link = t.closest('a.history-id');
    if (link) {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      navigate(link.getAttribute('href'), true);
      return;
    }
    var b = t.closest('button');
    if (!b) return;
    if (b.classList.contains('tab')) openTab(b);
    else if (b.id === 'call-link-submit') linkCall($('#call-link-id').value);
    else if (b.classList.contains('call-link-action')) linkCall(b.getAttribute('data-link-call'));
    else if (b.id === 'sms-send') sendSms();
    else if (b.id === 'knowledge-add-button') addKnowledge();
    else if (b.classList.contains('knowledge-remove')) b.parentNode.remove();
    else if (b.id === 'save') save(false);
    else if (b.id === 'save-close') save(true);
    else if (b.id === 'history-refresh') refreshHistory();
    else if (b.id === 'refresh') { if (incidentId()) navigate(location.pathname + location.search, false); else location.reload(); }
  });

  document.addEventListener('change', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.id === 'sms-kind') smsTemplate();
    else if (t.matches('#incident-card [name=inn_kpp]')) refreshHistory();
  });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.key !== 'Enter' || !(t instanceof Element)) return;
    if (t.id === 'knowledge-add') { ev.preventDefault(); addKnowledge(); }
    else if (t.id === 'call-link-id') { ev.preventDefault(); linkCall(t.value); }
    else if (t.matches('#incident-card input')) ev.preventDefault();
  });

  window.addEventListener('popstate', function () {
    if (/^\/incidents\/\d+$/.test(location.pathname) && $('#incident-card')) navigate(location.pathname + location.search, false);
    else location.reload();
  });
  if (/^\/incidents\/\d+$/.test(location.pathname)) history.replaceState({ wic: location.pathname + location.search }, '', location.href);
})();
