// Lists every resource of this page with the protocol it came over (Resource Timing's nextHopProtocol).
window.addEventListener('load', () => {
  const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
    .filter(e => e);
  const body = document.querySelector('#resources tbody');
  let h3 = 0;
  for (const e of entries) {
    const row = body.insertRow();
    row.insertCell().textContent = new URL(e.name).pathname;
    const protocol = row.insertCell();
    protocol.textContent = e.nextHopProtocol || '(unknown)';
    protocol.className = e.nextHopProtocol === 'h3' ? 'h3' : 'other';
    row.insertCell().textContent = e.transferSize;
    if (e.nextHopProtocol === 'h3') {
      h3++;
    }
  }
  document.querySelector('#summary').textContent = h3 + ' of ' + entries.length + ' loads used HTTP/3';
  document.title = 'quic4j demo: ' + h3 + '/' + entries.length + ' h3';
});
