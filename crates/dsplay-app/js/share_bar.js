// JavaScript glue of components/share_bar.rs (a file, not inline_js: the light and the full build
// (src/upgrade.rs) then share one copy of it under snippets/ beside the page).
export function manifestParam() { return new URLSearchParams(location.search).get('manifest'); }
export function dropFragment() { history.replaceState(null, '', location.pathname + location.search); }
// `f` after `ms` from the next frame: after the page is drawn (a hidden page draws no frame:
// then once it is shown).
export function afterFrame(f, ms) { requestAnimationFrame(() => setTimeout(f, ms)); }
