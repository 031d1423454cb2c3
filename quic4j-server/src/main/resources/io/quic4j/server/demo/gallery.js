// Checks every resource of the gallery page: the protocol it came over (Resource Timing's nextHopProtocol, "h3"
// for HTTP/3), its HTTP status (responseStatus) and whether it failed to load (the page's error listener). Shows
// the result, and offers it to tests as the promise window.galleryReport.
window.galleryReport = new Promise(resolve => {
  const loaded = new Promise(done => {
    if (document.readyState === 'complete') {
      done();
    } else {
      window.addEventListener('load', () => done());
    }
  });

  // Every subresource the page asked for: absolute URLs, each once (the logo is both an image and the icon).
  const expected = () => [...new Set([...document.querySelectorAll('img[src], link[rel=stylesheet], script[src]')]
    .map(e => e.src || e.href))];

  // Resource Timing entries may be added just after the load event; wait for them, but not forever.
  const entriesFor = async urls => {
    const until = performance.now() + 5000;
    for (;;) {
      const byName = new Map(performance.getEntriesByType('resource').map(e => [e.name, e]));
      if (urls.every(u => byName.has(u)) || performance.now() > until) {
        return byName;
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };

  const describe = (url, entry) => ({
    url: url,
    protocol: entry ? entry.nextHopProtocol : '',
    status: entry ? entry.responseStatus : 0,
    transferSize: entry ? entry.transferSize : 0,
    failed: !entry || window.galleryFailures.includes(url),
  });

  const show = report => {
    const body = document.querySelector('#resources tbody');
    for (const r of [report.document, ...report.resources]) {
      const row = body.insertRow();
      row.insertCell().textContent = new URL(r.url).pathname;
      const protocol = row.insertCell();
      protocol.textContent = r.protocol || '(unknown)';
      protocol.className = r.protocol === 'h3' ? 'h3' : 'other';
      row.insertCell().textContent = r.failed ? 'failed' : r.status;
      row.insertCell().textContent = r.transferSize;
    }
    const summary = document.querySelector('#summary');
    summary.textContent = report.h3 + '/' + report.resources.length + ' resources over h3'
      + (report.failed ? ', ' + report.failed + ' failed' : '')
      + (report.document.protocol === 'h3' ? '; the page itself too' : '; the page itself over '
        + (report.document.protocol || 'an unknown protocol'));
    summary.className = report.pass ? 'pass' : 'fail';
    document.title = 'quic4j gallery: ' + report.h3 + '/' + report.resources.length + ' h3';
  };

  loaded.then(async () => {
    const urls = expected();
    const byName = await entriesFor(urls);
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = urls.map(u => describe(u, byName.get(u)));
    const ok = r => r.protocol === 'h3' && r.status === 200 && !r.failed;
    const report = {
      document: describe(location.href, navigation),
      resources: resources,
      h3: resources.filter(ok).length,
      failed: resources.filter(r => r.failed).length,
    };
    report.pass = ok(report.document) && report.h3 === resources.length;
    show(report);
    resolve(report);
  });
});
