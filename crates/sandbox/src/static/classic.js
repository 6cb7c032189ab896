// wic-sandbox, classic dialect: the card's own behaviour — tabs, saving, call linking, SMS,
// knowledge, and «История обращений», which is fetched as an HTML fragment after the page has
// loaded (as WIC does; `?history_delay_ms=N` on the card sets how long the server takes).
// No inline scripts anywhere, so a strict CSP holds.
(function () {
  'use strict';
  var STATUS_CODE = { 'Открыт': 'open', 'В работе': 'in_progress', 'Решен': 'resolved', 'Закрыт': 'closed' };
  var SMS_KIND = { '1': 'incident_number', '2': 'resolved', '3': 'unreachable' };
  var DIRECTION = { in: 'входящий', out: 'исходящий' };
  var historySeq = 0;

  function $(sel) { return document.querySelector(sel); }
  function val(sel) { var e = $(sel); return e ? e.value : ''; }
  function incidentId() { var m = /^\/incidents\/(\d+)$/.exec(location.pathname); return m ? m[1] : ''; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtShort(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(s || '');
    return m ? m[3] + '.' + m[2] + '.' + m[1].slice(2) + ' ' + m[4] + ':' + m[5] + ':' + m[6] : '';
  }
  function hms(sec) {
    if (sec == null) return '';
    return pad(Math.floor(sec / 3600)) + ':' + pad(Math.floor(sec / 60) % 60) + ':' + pad(sec % 60);
  }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text == null ? '' : String(text);
    tr.appendChild(td);
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
        return { ok: r.ok, data: data, message: r.ok ? '' : msg };
      });
    }, function () { return { ok: false, data: null, message: 'Сервер недоступен' }; });
  }

  // ---- tabs ----
  function openTab(btn) {
    var target = btn.getAttribute('aria-controls');
    ['tabCalls', 'tabSms'].forEach(function (id) {
      var p = document.getElementById(id);
      if (p) p.hidden = id === target ? !p.hidden : true;
    });
    document.querySelectorAll('.wic-tab').forEach(function (b) {
      var p = document.getElementById(b.getAttribute('aria-controls'));
      b.classList.toggle('active', !!p && !p.hidden);
    });
  }

  // ---- history (lazy HTML fragment) ----
  function loadHistory() {
    var tbody = $('#HistoryGrid tbody');
    if (!tbody) return;
    var seq = ++historySeq;
    var url = '/incidents/history?inn_kpp=' + encodeURIComponent(val('#ClientInnKpp').trim());
    var delay = new URLSearchParams(location.search).get('history_delay_ms');
    if (delay) url += '&delay_ms=' + encodeURIComponent(delay);
    var loading = $('#HistoryLoading');
    if (loading) loading.hidden = false;
    fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      if (seq !== historySeq) return;
      tbody.innerHTML = html;
      if (loading) loading.hidden = true;
      var empty = $('#HistoryEmpty');
      if (empty) empty.hidden = tbody.rows.length > 0;
    }).catch(function () {
      if (seq !== historySeq) return;
      if (loading) loading.textContent = 'Не удалось загрузить историю обращений';
    });
  }

  // ---- calls ----
  function renderCalls(calls) {
    var tbody = $('#IncidentCallsGrid tbody');
    if (!tbody) return;
    tbody.textContent = '';
    calls.forEach(function (c) {
      var tr = document.createElement('tr');
      cell(tr, DIRECTION[c.direction] || c.direction); cell(tr, fmtShort(c.started_at)); cell(tr, hms(c.duration_s));
      cell(tr, c.caller); cell(tr, c.pbx); cell(tr, c.operator); cell(tr, c.id, 'call-uid');
      cell(tr, fmtShort(c.linked_at)); cell(tr, c.linked_by);
      tbody.appendChild(tr);
    });
    var b = $('#btnCalls');
    if (b) b.textContent = 'Звонки (' + calls.length + ')';
  }

  function bindCall() {
    var err = $('#BindCallError');
    var id = incidentId();
    var callId = val('#CallUid').trim();
    if (!id) { showError(err, 'Сначала сохраните инцидент, затем привяжите звонок'); return; }
    if (!callId) { showError(err, 'Укажите Ид звонка'); return; }
    api('POST', '/api/incidents/' + id + '/calls', { call_id: callId }).then(function (r) {
      if (!r.ok) { showError(err, r.message); return; }
      showError(err, '');
      $('#CallUid').value = '';
      return api('GET', '/api/incidents/' + id + '/calls').then(function (l) {
        if (l.ok && Array.isArray(l.data) && incidentId() === id) renderCalls(l.data);
      });
    });
  }

  // ---- SMS ----
  function renderSms(list) {
    var tbody = $('#SentSmsGrid tbody');
    if (!tbody) return;
    tbody.textContent = '';
    list.forEach(function (s) {
      var tr = document.createElement('tr');
      cell(tr, s.phone); cell(tr, s.text); cell(tr, s.status); cell(tr, fmtShort(s.changed_at)); cell(tr, s.user);
      tbody.appendChild(tr);
    });
  }

  function smsTemplate() {
    var kind = $('#SmsType');
    var opt = kind && kind.options[kind.selectedIndex];
    var text = opt ? (opt.getAttribute('data-template') || '') : '';
    $('#SmsText').value = text.split('{id}').join(incidentId() || '{id}');
  }

  function sendSms() {
    var err = $('#SmsError');
    var id = incidentId();
    if (!id) { showError(err, 'Сначала сохраните инцидент'); return; }
    var body = {
      phone: val('#SmsPhone'), kind: SMS_KIND[val('#SmsType')] || '',
      text: val('#SmsText'), send_on_resolve: $('#SmsWhenResolved').checked
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
  function knowledgeIds() {
    return Array.prototype.map.call(document.querySelectorAll('#KnowledgeLinks .kb-article'), function (e) {
      var m = /(\d+)/.exec(e.textContent); return m ? parseInt(m[1], 10) : NaN;
    }).filter(function (n) { return !isNaN(n); });
  }

  function bindKnowledge() {
    var input = $('#KnowledgeNumber');
    var v = (input.value || '').trim();
    if (!/^\d+$/.test(v)) { input.classList.add('invalid'); return; }
    input.classList.remove('invalid');
    if (knowledgeIds().indexOf(parseInt(v, 10)) < 0) {
      var li = document.createElement('li'); li.className = 'kb-link';
      var a = document.createElement('span'); a.className = 'kb-article'; a.textContent = 'Привязка ' + v;
      var rm = document.createElement('button'); rm.type = 'button'; rm.className = 'kb-unlink'; rm.title = 'Отвязать'; rm.textContent = '×';
      li.appendChild(a); li.appendChild(rm); $('#KnowledgeLinks').appendChild(li);
    }
    input.value = '';
  }

  // ---- saving ----
  function collect() {
    var fields = {
      title: '#IncidentSubject', inn_kpp: '#ClientInnKpp', phone: '#ClientPhone', email: '#ClientEmail',
      contact_name: '#ClientName', description: '#IncidentDescription', type: '#IncidentType',
      department: '#IncidentDepartment', responsible: '#IncidentResponsible'
    };
    var out = {};
    Object.keys(fields).forEach(function (k) {
      var v = val(fields[k]);
      if (k === 'description') v = v.replace(/^\n/, '');
      out[k] = v.trim() === '' ? null : v;
    });
    if (out.title === null) out.title = '';
    out.status = STATUS_CODE[val('#IncidentStatus')] || 'open';
    out.knowledge = knowledgeIds();
    return out;
  }

  function save(close) {
    var msg = $('#saveResult');
    var id = incidentId();
    var req = id ? api('PUT', '/api/incidents/' + id, collect()) : api('POST', '/api/incidents', collect());
    req.then(function (r) {
      if (!r.ok) { msg.textContent = r.message; msg.className = 'wic-message error'; msg.hidden = false; return; }
      if (close) { location.assign('/'); return; }
      if (!id) { location.assign('/incidents/' + r.data.id); return; }
      msg.textContent = 'Сохранено'; msg.className = 'wic-message ok'; msg.hidden = false;
    });
  }

  document.addEventListener('click', function (ev) {
    var b = ev.target instanceof Element ? ev.target.closest('button') : null;
    if (!b) return;
    if (b.classList.contains('wic-tab')) openTab(b);
    else if (b.id === 'btnBindCall') bindCall();
    else if (b.id === 'btnSendSms') sendSms();
    else if (b.id === 'btnBindKnowledge') bindKnowledge();
    else if (b.classList.contains('kb-unlink')) b.parentNode.remove();
    else if (b.id === 'btnSave') save(false);
    else if (b.id === 'btnSaveClose') save(true);
    else if (b.id === 'btnHistoryRefresh') loadHistory();
    else if (b.id === 'btnRefresh') location.reload();
  });

  document.addEventListener('change', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.id === 'SmsType') smsTemplate();
    else if (t.id === 'ClientInnKpp') loadHistory();
  });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.key !== 'Enter' || !(t instanceof Element)) return;
    if (t.id === 'KnowledgeNumber') { ev.preventDefault(); bindKnowledge(); }
    else if (t.id === 'CallUid') { ev.preventDefault(); bindCall(); }
  });

  loadHistory();
})();
