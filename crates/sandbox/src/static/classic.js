// wic-sandbox, classic dialect: the card's own behaviour — tabs, saving, call linking, SMS,
// knowledge, and «История обращений», which is fetched as an HTML fragment after the page has
// loaded (as WIC does; `?history_delay_ms=N` on the card sets how long the server takes).
// The shared helpers are `/static/common.js`'s `wicCommon`, loaded first. No inline scripts
// anywhere, so a strict CSP holds.
(function () {
  'use strict';
  var C = window.wicCommon;
  var $ = C.$, showError = C.showError;
  var STATUS_CODE = { 'Открыт': 'open', 'В работе': 'in_progress', 'Решен': 'resolved', 'Закрыт': 'closed' };
  var SMS_KIND = { '1': 'incident_number', '2': 'resolved', '3': 'unreachable' };
  var FIELDS = {
    title: '#IncidentSubject', inn_kpp: '#ClientInnKpp', phone: '#ClientPhone', email: '#ClientEmail',
    contact_name: '#ClientName', description: '#IncidentDescription', type: '#IncidentType',
    department: '#IncidentDepartment', responsible: '#IncidentResponsible'
  };
  var historySeq = 0;

  function val(sel) { var e = $(sel); return e ? e.value : ''; }
  function incidentId() { var m = /^\/incidents\/(\d+)$/.exec(location.pathname); return m ? m[1] : ''; }

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
    C.fillRows($('#IncidentCallsGrid tbody'), calls, function (tr, c) { C.callCells(tr, c, 'call-uid'); });
    var b = $('#btnCalls');
    if (b) b.textContent = 'Звонки (' + calls.length + ')';
  }

  function bindCall() {
    var err = $('#BindCallError');
    var id = incidentId();
    var callId = val('#CallUid').trim();
    if (!id) { showError(err, 'Сначала сохраните инцидент, затем привяжите звонок'); return; }
    if (!callId) { showError(err, 'Укажите Ид звонка'); return; }
    C.postThenList(id, 'calls', { call_id: callId }, {
      err: err, current: incidentId, render: renderCalls,
      done: function () { $('#CallUid').value = ''; }
    });
  }

  // ---- SMS ----
  function renderSms(list) { C.fillRows($('#SentSmsGrid tbody'), list, C.smsCells); }

  function sendSms() {
    var err = $('#SmsError');
    var id = incidentId();
    if (!id) { showError(err, 'Сначала сохраните инцидент'); return; }
    var body = {
      phone: val('#SmsPhone'), kind: SMS_KIND[val('#SmsType')] || '',
      text: val('#SmsText'), send_on_resolve: $('#SmsWhenResolved').checked
    };
    C.postThenList(id, 'sms', body, { err: err, current: incidentId, render: renderSms });
  }

  // ---- knowledge ----
  function knowledgeIds() {
    return C.numbers(document.querySelectorAll('#KnowledgeLinks .kb-article'), function (t) {
      var m = /(\d+)/.exec(t); return m ? parseInt(m[1], 10) : NaN;
    });
  }

  function bindKnowledge() {
    C.bindKnowledge($('#KnowledgeNumber'), knowledgeIds, function (v) {
      $('#KnowledgeLinks').appendChild(C.knowledgeItem('li', 'kb-link', 'kb-article', 'Привязка ' + v, 'kb-unlink', 'Отвязать'));
    });
  }

  // ---- saving ----
  function collect() {
    var out = C.collectFields(Object.keys(FIELDS), function (k) { return $(FIELDS[k]); });
    out.status = STATUS_CODE[val('#IncidentStatus')] || 'open';
    out.knowledge = knowledgeIds();
    return out;
  }

  function save(close) { C.save(incidentId(), collect(), $('#saveResult'), 'wic-message', close); }

  document.addEventListener('click', function (ev) {
    var b = ev.target instanceof Element ? ev.target.closest('button') : null;
    if (!b) return;
    if (b.classList.contains('wic-tab')) C.openTab(b, 'aria-controls', ['tabCalls', 'tabSms'], '.wic-tab');
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
    if (t.id === 'SmsType') C.smsTemplate(t, $('#SmsText'), incidentId());
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
