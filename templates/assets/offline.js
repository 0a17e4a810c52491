// Every page: registers the service worker that keeps pages for reading offline, and says so when
// the reader is offline. The worker lives at the site root, one folder above this script.
const status = document.getElementById("offline-status");
const showStatus = () => {
  if (status) status.textContent = navigator.onLine ? "" : status.dataset.offline;
};
addEventListener("online", showStatus);
addEventListener("offline", showStatus);
showStatus();

if ("serviceWorker" in navigator) {
  const root = new URL("../", import.meta.url);
  const cameFromNetwork = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(async (registration) => {
      // Back online: a new build may have been published meanwhile.
      addEventListener("online", () => registration.update().catch(() => {}));
      // The worker did not exist when this page loaded, so it has no copy of it yet.
      if (cameFromNetwork)
        (await navigator.serviceWorker.ready).active?.postMessage({ type: "save-page", url: location.href });
    })
    .catch(() => {});
}
