// JavaScript glue of upgrade.rs (a file, not inline_js: the light and the full build
// (src/upgrade.rs) then share one copy of it under snippets/ beside the page).
export function load_full() {
  const at = (f) => new URL(f, document.baseURI).href;
  return import(at('dsplay-full.js')).then((m) => m.default({ module_or_path: at('dsplay-full_bg.wasm') }));
}
