// mapflow's own script (no inline script anywhere: the CSP forbids it).
// Evidence: a file chosen in a form is hashed here, in the browser, with
// SHA-256; only the hash goes into the form. The file is never uploaded.
'use strict';

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

document.addEventListener('change', async (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.sha256Into) return;
  const target = document.getElementById(input.dataset.sha256Into);
  const file = input.files && input.files[0];
  if (!target || !file) return;
  target.value = await sha256Hex(file);
  target.dispatchEvent(new Event('input', { bubbles: true }));
});
