// wic-sandbox page behaviour (json dialect): tabs, saving, call linking, SMS, knowledge and in-page
// navigation between incidents (history.pushState); the shared helpers are `/static/common.js`'s
// `wicCommon`, loaded first. No inline scripts anywhere, so a strict CSP holds.
(function () {
  'use strict';
  var C = window.wicCommon;
  var $ = C.$, cell = C.cell, showError = C.showError;
  var STATUS = { open: 'Открыт', in_progress: 'В работе', resolved: 'Решен', closed: 'Закрыт' };
  var FIELDS = ['title', 'inn_kpp', 'phone', 'email', 'contact_name', 'description', 'type', 'status', 'department', 'responsible'];
  var historySeq = 0;

  function cardField(name) { return $('#incident-card [name=' + name + ']'); }
  function incidentId() { var f = cardField('id'); return f ? f.value.trim() : ''; }

  // ---- calls ----
  function renderCalls(calls) {
    C.fillRows($('#incident-calls tbody'), calls, function (tr, c) {
      tr.setAttribute('data-call-id', c.id);
      C.callCells(tr, c);
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
    C.postThenList(id, 'calls', { call_id: callId }, {
      err: err, current: incidentId, render: renderCalls,
      done: function () {
        var input = $('#call-link-id');
        if (input) input.value = '';
        var row = document.querySelector('#operator-calls tr[data-operator-call="' + CSS.escape(callId) + '"]');
        if (row) row.remove();
      }
    });
  }

  // ---- SMS ----
  function renderSms(list) {
    C.fillRows($('#sms-sent tbody'), list, function (tr, s) {
      tr.setAttribute('data-sms-id', s.id);
      C.smsCells(tr, s);
    });
  }

  function sendSms() {
    var err = $('#sms-error');
    var id = incidentId();
    if (!id) { showError(err, 'Сначала сохраните инцидент'); return; }
    var body = {
      phone: $('#sms-phone').value, kind: $('#sms-kind').value,
      text: $('#sms-text').value, send_on_resolve: $('#sms-on-resolve').checked
    };
    C.postThenList(id, 'sms', body, { err: err, current: incidentId, render: renderSms });
  }

  // ---- knowledge ----
  function knowledgeIds() {
    return C.numbers(document.querySelectorAll('#knowledge-list .knowledge-id'), function (t) { return parseInt(t.trim(), 10); });
  }

  function addKnowledge() {
    C.bindKnowledge($('#knowledge-add'), knowledgeIds, function (v) {
      $('#knowledge-list').appendChild(C.knowledgeItem('span', 'knowledge-item', 'knowledge-id', v, 'knowledge-remove', 'Отвязать знание'));
    });
  }

  // ---- saving ----
  function collect() {
    var out = C.collectFields(FIELDS, cardField);
    out.knowledge = knowledgeIds();
    return out;
  }

  function save(close) { C.save(incidentId(), collect(), $('#save-status'), 'save-status', close); }

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
      var others = list.filter(function (i) { return String(i.id) !== self; });
      C.fillRows(tbody, others, function (tr, i) {
        tr.setAttribute('data-incident-id', i.id);
        var a = document.createElement('a'); a.className = 'history-id'; a.href = '/incidents/' + i.id; a.textContent = String(i.id);
        cell(tr, '').appendChild(a);
        cell(tr, C.fmtDateTime(i.created_at)); cell(tr, STATUS[i.status] || ''); cell(tr, i.title, 'history-title');
        cell(tr, i.type); cell(tr, i.created_by); cell(tr, C.fmtDateTime(i.updated_at));
      });
      var empty = $('#history-empty');
      if (empty) empty.hidden = tbody.children.length > 0;
    };
    if (!inn) { done([]); return; }
    C.api('GET', '/api/incidents?inn=' + encodeURIComponent(inn)).then(function (r) {
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
    if (b.classList.contains('tab')) C.openTab(b, 'data-panel', ['panel-calls', 'panel-sms'], '.toolbar .tab');
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
    if (t.id === 'sms-kind') C.smsTemplate(t, $('#sms-text'), incidentId());
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
