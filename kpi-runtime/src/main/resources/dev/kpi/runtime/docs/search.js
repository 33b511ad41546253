// The catalog's search: matches every word typed against the index the page loaded
// (window.KPI_SEARCH_INDEX) and lists the hits as links. Results are written as text nodes,
// never as HTML, so no description can become markup. Without JavaScript the box stays hidden
// and the index page lists everything.
(function () {
  var box = document.querySelector('.search');
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  var index = window.KPI_SEARCH_INDEX;
  if (!box || !input || !list || !index) {
    return;
  }
  var root = document.body.getAttribute('data-root') || '';
  box.hidden = false;

  function rank(entry, query) {
    var title = entry.t.toLowerCase();
    if (title === query) return 0;
    if (title.indexOf(query) === 0) return 1;
    if (title.indexOf(query) >= 0) return 2;
    return 3;
  }

  function show(text) {
    var query = text.trim().toLowerCase();
    list.replaceChildren();
    if (!query) {
      list.hidden = true;
      return;
    }
    var words = query.split(/\s+/);
    var hits = index.filter(function (entry) {
      return words.every(function (word) { return entry.s.indexOf(word) >= 0; });
    });
    hits.sort(function (a, b) { return rank(a, query) - rank(b, query) || a.t.localeCompare(b.t); });
    if (hits.length === 0) {
      var none = document.createElement('li');
      none.textContent = 'Nothing matches "' + text.trim() + '"';
      list.appendChild(none);
    }
    var shown = 30;
    hits.slice(0, shown).forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + entry.u;
      link.textContent = entry.t;
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = entry.k;
      var about = document.createElement('span');
      about.className = 'about';
      about.textContent = entry.d;
      item.append(link, kind, about);
      list.appendChild(item);
    });
    if (hits.length > shown) {
      var more = document.createElement('li');
      more.className = 'kind';
      more.textContent = '… ' + (hits.length - shown) + ' more: type more words to narrow';
      list.appendChild(more);
    }
    list.hidden = false;
  }

  input.addEventListener('input', function () { show(input.value); });
  input.addEventListener('keydown', function (event) {
    var first = list.querySelector('a');
    if (event.key === 'Enter' && first) {
      window.location.href = first.href;
    } else if (event.key === 'Escape') {
      input.value = '';
      show('');
    }
  });
  // index.html?q=gmv opens with the search done: a link that others can share.
  var asked = new URLSearchParams(window.location.search).get('q');
  if (asked) {
    input.value = asked;
    show(asked);
  }
})();
