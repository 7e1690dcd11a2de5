/* hoaxcheck serve: progressive enhancement only; every page works without it. */
(function () {
  'use strict';

  // Copy the group reply: the Clipboard API, else select the textarea and execCommand('copy').
  function copyFrom(button) {
    var area = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.copy-status');
    if (!area) return;
    function say(ok) { if (status) status.textContent = button.getAttribute(ok ? 'data-ok' : 'data-fail'); }
    function fallback() {
      area.focus(); area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      say(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { say(true); }, fallback);
    } else {
      fallback();
    }
  }

  // Filter chips: show the findings of the chosen verdicts and dim the other highlights.
  function filter(chip) {
    var root = chip.closest('.result'), verdict = chip.getAttribute('data-verdict');
    var chips = root.querySelectorAll('.chip');
    if (!verdict) {
      chips.forEach(function (c) { c.setAttribute('aria-pressed', c === chip ? 'true' : 'false'); });
    } else {
      chip.setAttribute('aria-pressed', chip.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      var any = root.querySelector('.chip[data-verdict]:not([data-verdict=""])[aria-pressed=true]');
      root.querySelector('.chip.all').setAttribute('aria-pressed', any ? 'false' : 'true');
    }
    var chosen = {};
    root.querySelectorAll('.chip[aria-pressed=true]').forEach(function (c) {
      if (c.getAttribute('data-verdict')) chosen[c.getAttribute('data-verdict')] = true;
    });
    var all = Object.keys(chosen).length === 0;
    root.querySelectorAll('.finding').forEach(function (f) { f.hidden = !all && !chosen[f.getAttribute('data-verdict')]; });
    root.querySelectorAll('a.claim').forEach(function (a) {
      a.classList.toggle('dim', !all && !chosen[a.getAttribute('data-verdict')]);
    });
  }

  // A highlighted claim in the draft selects its finding.
  function pick(link) {
    var file = link.closest('.file-result');
    var target = document.getElementById(link.getAttribute('href').slice(1));
    file.querySelectorAll('a.claim.sel, .finding.sel').forEach(function (x) { x.classList.remove('sel'); });
    link.classList.add('sel');
    if (!target) return;
    var finding = target.closest('.finding');
    if (finding) {
      finding.hidden = false; finding.classList.add('sel');
      finding.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  document.addEventListener('click', function (e) {
    var el = e.target.closest('button.copy');
    if (el) { e.preventDefault(); copyFrom(el); return; }
    el = e.target.closest('.chips .chip');
    if (el) { e.preventDefault(); filter(el); return; }
    el = e.target.closest('a.claim');
    if (el) { e.preventDefault(); pick(el); }
  });

  // Show the whole reply without an inner scroll bar.
  document.querySelectorAll('textarea.reply-text').forEach(function (a) {
    a.style.height = (a.scrollHeight + 4) + 'px';
  });

  // Retraining: poll the job and show its progress; reload for the final page once it is done.
  var job = document.getElementById('job');
  if (job && job.getAttribute('data-done') === '0') {
    var id = job.getAttribute('data-job'), box = document.getElementById('progress');
    var tick = function () {
      fetch('/api/job/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (info) {
          box.textContent = info.progress.join('\n');
          if (info.done) { window.location.reload(); } else { setTimeout(tick, 500); }
        }, function () { setTimeout(tick, 2000); });
    };
    setTimeout(tick, 300);
  }
})();
