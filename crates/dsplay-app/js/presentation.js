// JavaScript glue of components/presentation.rs (a file, not inline_js: the light and the full build
// (src/upgrade.rs) then share one copy of it under snippets/ beside the page).
export function fullscreen(on) {
  try {
    const p = on ? document.documentElement.requestFullscreen?.() : (document.fullscreenElement ? document.exitFullscreen() : null);
    if (p) p.catch(() => {});
  } catch (e) {}
}
export function presenting(on) { document.body.classList.toggle('presenting', on); }
