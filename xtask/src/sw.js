// SprintDeck's service worker, written into the build by `cargo xtask` (which fills in VERSION
// and FILES). After one visit the app loads and works with no network.
//
// * Install caches every file of this build under a cache named after the build's content hash.
// * Page loads go to the network first, so a new deploy is seen at once; with no network the
//   cached page of this same build is served, and it only references files cached with it, so
//   old and new files never mix. Other files are content-hashed and served cache first.
// * Activate deletes the caches of older builds.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `sprintdeck-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('sprintdeck-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function offlinePage() {
  return caches.open(CACHE).then((cache) => cache.match('./index.html'));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    const timeout = new Promise((resolve) => setTimeout(resolve, 4000));
    event.respondWith(
      Promise.race([fetch(request), timeout.then(() => offlinePage())])
        .then((response) => response || offlinePage())
        .catch(() => offlinePage()),
    );
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)));
});
