// JavaScript glue of components/share_bar.rs (a file, not inline_js: the light and the full build
// (src/upgrade.rs) then share one copy of it under snippets/ beside the page).
export function manifestParam() { return new URLSearchParams(location.search).get('manifest'); }
export function dropFragment() { history.replaceState(null, '', location.pathname + location.search); }
