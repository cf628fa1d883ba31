// End-to-end tests of the YAML editor (crates/dsplay-app/src/components/editor.rs) on the release
// build in dist/, in headless Chromium: typing, Tab indentation and undo, find, the error
// underline, large pastes. Screenshots under target/e2e-screenshots/editor-*.png.
// Timings are the benchmark's business (tests/e2e/editor-bench.mjs), not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { newPage, shot, SHOTS, useBrowser } from './harness.mjs';
import { manifests } from './editor-corpus.mjs';

const env = useBrowser();

/** A fresh page with the editor, the clock paused, clipboard allowed. */
async function open(viewport) {
  const page = await newPage(env.browser, viewport ? { viewport } : {});
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await page.goto(env.server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  return page;
}

const editor = (page) => page.getByLabel('DaemonSet YAML');
const saved = (page) => page.evaluate(() => localStorage.getItem('dsplay.editor'));

/** Pastes `text` over the whole text, as the clipboard does. */
async function paste(page, text) {
  await editor(page).focus();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/** The drawn (highlighted) line whose line number is `n`, as text. */
const drawnLine = (page, n) => page.evaluate((n) => {
  const numbers = [...document.querySelectorAll('.gutter .ln')].map((e) => e.textContent.replace('●', ''));
  const i = numbers.indexOf(String(n));
  return i < 0 ? null : document.querySelectorAll('.highlight .line')[i].textContent.replace(/\n$/, '');
}, n);

// Line n as drawn once it reads `want`, or as drawn after 10 s: a keystroke is drawn once the
// page gets to it, which a busy machine may put a few frames after the key's event.
const drawnLineSoon = async (page, n, want) => {
  let line = await drawnLine(page, n);
  for (let i = 0; i < 100 && line !== want; i++) {
    await page.waitForTimeout(100);
    line = await drawnLine(page, n);
  }
  return line;
};

test('typing shows the text highlighted, numbered, and saved', async () => {
  const page = await open();
  const before = await editor(page).inputValue();
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n# typed here');
  const text = await editor(page).inputValue();
  assert.equal(text, `${before}\n# typed here`);
  const lines = text.split('\n').length;
  assert.equal(await drawnLineSoon(page, lines, '# typed here'), '# typed here');
  assert.equal(await page.locator('.highlight .line').last().locator('.tok-comment').innerText(), '# typed here');
  // Saved once typing pauses.
  await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, text);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** Every drawn line, as [its line number, its text]. */
const drawnLines = (page) => page.evaluate(() => {
  const lines = document.querySelectorAll('.highlight .line');
  return [...document.querySelectorAll('.gutter .ln')]
    .map((e, i) => [Number(e.textContent.replace('●', '')), lines[i].textContent.replace(/\n$/, '')]);
});

test('a line break typed or deleted moves the drawn lines below it, each with its own text', async () => {
  const page = await open();
  const text = manifests(13 * 1024);
  await paste(page, text);
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('\n  extra: 1');
  const lines = text.split('\n');
  const grown = [...lines.slice(0, 3), '  extra: 1', ...lines.slice(3)];
  const check = async (want) => {
    const drawn = await drawnLines(page);
    assert.ok(drawn.length > 40, `${drawn.length} lines drawn`);
    for (const [n, line] of drawn) assert.equal(line, want[n - 1], `line ${n}`);
  };
  await check(grown);
  assert.equal(await page.locator('.highlight .line').nth(3).locator('.tok-key').innerText(), 'extra');
  // Deleted again (the line break last): the lines below move back up.
  for (let i = 0; i < '\n  extra: 1'.length; i++) await page.keyboard.press('Backspace');
  await check(lines);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Shift+Ctrl+End and Shift+Ctrl+Home select to the end and the start of a text longer than the textarea holds', async () => {
  const page = await open();
  const text = manifests(13 * 1024);
  await paste(page, text);
  await page.keyboard.press('ControlOrMeta+Home');
  assert.ok((await editor(page).inputValue()).length < text.length, 'the textarea holds a window of the text');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ControlOrMeta+End');
  await page.keyboard.type('Z');
  const first = text.split('\n')[0];
  await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, `${first}\nZ`);
  await page.keyboard.press('ControlOrMeta+Z');
  await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, text);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ControlOrMeta+Home');
  await page.keyboard.type('Q');
  await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, `Q${text.slice(text.lastIndexOf('\n', text.length - 2) + 1)}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** `read` run in the page once what the last key caused has settled: after two frames (the
 * scrolling it caused heard), then again every two frames until two reads agree (under load,
 * the render a key causes can come a few frames after it; a state that stays wrong still
 * fails). */
const settled = async (page, read) => {
  let last;
  for (let i = 0; i < 60; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = JSON.stringify(await page.evaluate(read));
    if (now === last) break;
    last = now;
  }
  return JSON.parse(last);
};

/** Where the caret (the selection's moving end) is: its line and column (0-based), read from
 * the textarea's window and its place; and whether its line is in view. */
const caret = (page) => settled(page, () => {
  const t = document.querySelector('#yaml-editor');
  const s = document.querySelector('.editor-scroll');
  const w0 = parseInt(t.style.top, 10) / 20;
  const at = t.selectionDirection === 'backward' ? t.selectionStart : t.selectionEnd;
  const before = t.value.slice(0, at).split('\n');
  const line = w0 + before.length - 1;
  // The line's middle (below the padding).
  const mid = line * 20 + 20;
  return { line, col: before.at(-1).length, inView: mid >= s.scrollTop && mid <= s.scrollTop + s.clientHeight };
});

/** What is out of place: the textarea not where its window's lines are drawn (its top, its
 * height, its own scrolling, the drawn lines' text against its text). */
const misplaced = (page) => settled(page, () => {
  const t = document.querySelector('#yaml-editor');
  const w0 = parseInt(t.style.top, 10) / 20;
  const rows = t.value.split('\n');
  const out = [];
  if (t.scrollTop !== 0) out.push(`the textarea is scrolled by ${t.scrollTop} px`);
  if (parseInt(t.style.height, 10) !== rows.length * 20 + 20) out.push(`${t.style.height} tall for ${rows.length} lines`);
  const drawn = document.querySelectorAll('.highlight .line');
  [...document.querySelectorAll('.gutter .ln')].forEach((e, i) => {
    const r = Number(e.textContent.replace('●', '')) - 1 - w0;
    if (r >= 0 && r < rows.length && rows[r] !== drawn[i].textContent.replace(/\n$/, '')) out.push(`line ${r + w0 + 1}`);
  });
  return out.slice(0, 5);
});

/** Offset of (line, column) in `lines`. */
const offset = (lines, line, col) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + col;

test('PageDown and PageUp move the caret a page and the view with it; Shift extends the selection, past the window, at 13 KB and 1 MB', async () => {
  const page = await open();
  for (const size of [13 * 1024, 1024 * 1024]) {
    const text = manifests(size);
    const lines = text.split('\n');
    await paste(page, text);
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('ArrowRight');
    let was = await caret(page);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('PageDown');
      const now = await caret(page);
      assert.ok(now.line > was.line + 5, `PageDown moved the caret from line ${was.line} to ${now.line}`);
      assert.ok(now.col <= 1, `column ${now.col}`);
      assert.ok(now.inView, `line ${now.line} is in view`);
      was = now;
    }
    assert.deepEqual(await misplaced(page), []);
    const from = was;
    await page.keyboard.type('Z');
    await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, text.length + 1);
    const line = lines[from.line];
    assert.equal((await saved(page)).split('\n')[from.line], `${line.slice(0, from.col)}Z${line.slice(from.col)}`);
    await page.keyboard.press('ControlOrMeta+Z');
    await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, text.length);
    // Shift+PageDown past the window's edge, then Backspace: the lines between are gone.
    const start = await caret(page);
    assert.equal(start.line, from.line);
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+PageDown');
    const to = await caret(page);
    assert.ok(to.line > from.line + 120, `the selection reaches line ${to.line}`);
    assert.deepEqual(await misplaced(page), []);
    await page.keyboard.press('Backspace');
    const cut = text.slice(0, offset(lines, start.line, start.col)) + text.slice(offset(lines, to.line, to.col));
    await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, cut);
    await page.keyboard.press('ControlOrMeta+Z');
    await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, text.length);
    // From the end: PageUp, then Shift+PageUp selects backwards, and Q replaces what it held.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('PageUp');
    const end = await caret(page);
    assert.ok(end.line < lines.length - 5 && end.inView, `PageUp from the end reached line ${end.line}`);
    for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+PageUp');
    const up = await caret(page);
    assert.ok(up.line < end.line - 120 && up.inView, `Shift+PageUp reached line ${up.line}`);
    assert.deepEqual(await misplaced(page), []);
    // At 1 MB, on past three windows' worth of lines (the selection is then parked out of the
    // textarea, and still extends from its caret, a page at a time).
    const rows = lines.length - 1 - end.line;
    const more = size > 100_000 ? 30 : 0;
    for (let i = 0; i < more; i++) await page.keyboard.press('Shift+PageUp');
    const top = Math.max(0, up.line - more * rows);
    await page.keyboard.type('Q');
    const replaced = `${text.slice(0, offset(lines, top, top ? up.col : 0))}Q${text.slice(offset(lines, end.line, end.col))}`;
    await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, replaced);
    assert.deepEqual(await misplaced(page), []);
    // PageUp from the first page goes to the text's start.
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    assert.deepEqual(await caret(page), { line: 0, col: 0, inView: true });
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Ctrl+A then a key acts on the whole text, at 13 KB and 1 MB, and the textarea stays where the text is drawn', async () => {
  const page = await open();
  for (const size of [13 * 1024, 1024 * 1024]) {
    const text = manifests(size);
    const lines = text.split('\n');
    await paste(page, text);
    // From the middle of the text.
    const middle = async () => {
      await page.locator('.editor-scroll').evaluate((s, l) => { s.scrollTop = l * 20; }, Math.floor(lines.length / 2));
      await page.waitForFunction((l) => [...document.querySelectorAll('.gutter .ln')].some((e) => e.textContent === String(l)), Math.floor(lines.length / 2) + 5);
      await page.locator('.editor-scroll').click();
      await page.keyboard.press('ControlOrMeta+A');
    };
    await middle();
    assert.deepEqual(await misplaced(page), []);
    // The caret after the selection is the text's end, shown there.
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await caret(page), { line: lines.length - 1, col: 0, inView: true });
    assert.deepEqual(await misplaced(page), []);
    const back = async () => {
      await page.keyboard.press('ControlOrMeta+Z');
      await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, text.length);
    };
    await middle();
    await page.keyboard.press('ControlOrMeta+C');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    await page.keyboard.type('X');
    await page.waitForFunction(() => localStorage.getItem('dsplay.editor') === 'X');
    assert.deepEqual(await drawnLines(page), [[1, 'X']]);
    await back();
    for (const key of ['Delete', 'Backspace']) {
      await middle();
      await page.keyboard.press(key);
      await page.waitForFunction(() => localStorage.getItem('dsplay.editor') === '');
      await back();
    }
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await middle();
    await page.keyboard.press('ControlOrMeta+X');
    await page.waitForFunction(() => localStorage.getItem('dsplay.editor') === '');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    await back();
    if (size < 100_000) {
      await middle();
      await page.keyboard.press('Tab');
      const indented = `${lines.slice(0, -1).map((l) => `  ${l}`).join('\n')}\n`;
      await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, indented);
      assert.deepEqual(await misplaced(page), []);
      await back();
    }
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('arrow keys held across the window, Ctrl+Down, and typing after the wheel scrolled away, at 1 MB', async () => {
  const page = await open();
  const text = manifests(1024 * 1024);
  const lines = text.split('\n');
  await paste(page, text);
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 250; i++) await page.keyboard.press('ArrowDown');
  assert.deepEqual(await caret(page), { line: 250, col: 0, inView: true });
  for (let i = 0; i < 3; i++) await page.keyboard.press('ControlOrMeta+ArrowDown');
  const at = await caret(page);
  assert.ok(at.line > 250 && at.inView, `Ctrl+Down reached line ${at.line}`);
  assert.deepEqual(await misplaced(page), []);
  // The wheel takes the view (and the window) away; typing goes to the caret, shown again.
  await page.locator('.editor-scroll').hover();
  await page.mouse.wheel(0, 20_000);
  await page.waitForFunction((l) => ![...document.querySelectorAll('.gutter .ln')].some((e) => e.textContent === String(l)), at.line + 1);
  // Until the wheel's scrolling has stopped (it would take the view away again after the key).
  await page.locator('.editor-scroll').evaluate(async (s) => {
    for (let last = -1; s.scrollTop !== last;) {
      last = s.scrollTop;
      await new Promise((r) => setTimeout(r, 150));
    }
  });
  await page.keyboard.type('W');
  const typed = `${text.slice(0, offset(lines, at.line, at.col))}W${text.slice(offset(lines, at.line, at.col))}`;
  await page.waitForFunction((t) => localStorage.getItem('dsplay.editor') === t, typed);
  assert.deepEqual(await caret(page), { line: at.line, col: at.col + 1, inView: true });
  assert.deepEqual(await misplaced(page), []);
  // Held from the end up across the window's edge.
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < 250; i++) await page.keyboard.press('ArrowUp');
  assert.deepEqual(await caret(page), { line: lines.length - 251, col: 0, inView: true });
  assert.deepEqual(await misplaced(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('Tab and Shift+Tab indent the line or the selected lines; undo and redo restore them', async () => {
  const page = await open();
  const before = await editor(page).inputValue();
  const lines = before.split('\n');
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Tab');
  assert.equal((await editor(page).inputValue()).split('\n')[0], `  ${lines[0]}`);
  assert.ok(await editor(page).evaluate((t) => document.activeElement === t), 'Tab keeps the focus');
  await page.keyboard.press('ControlOrMeta+Z');
  assert.equal(await editor(page).inputValue(), before);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  assert.equal((await editor(page).inputValue()).split('\n')[0], `  ${lines[0]}`);
  await page.keyboard.press('ControlOrMeta+Z');
  // Three lines selected: each indented, then dedented.
  await editor(page).evaluate((t) => { const end = t.value.split('\n').slice(0, 3).join('\n').length; t.setSelectionRange(0, end); });
  await page.keyboard.press('Tab');
  assert.deepEqual((await editor(page).inputValue()).split('\n').slice(0, 4), [...lines.slice(0, 3).map((l) => `  ${l}`), lines[3]]);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await editor(page).inputValue(), before);
  // Typing is undone as one step; the browser's own history is not used (the editor's is).
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('abc');
  assert.equal(await editor(page).inputValue(), `${before}abc`);
  await page.keyboard.press('ControlOrMeta+Z');
  assert.equal(await editor(page).inputValue(), before);
  // Escape, then Tab, leaves the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.ok(await editor(page).evaluate((t) => document.activeElement !== t), 'Escape then Tab moves the focus on');
  assert.equal(await editor(page).inputValue(), before);
  await page.context().close();
});

test('Ctrl+F finds in the text: next, previous, the count, Escape back to the text', async () => {
  const page = await open();
  const text = await editor(page).inputValue();
  const expected = [...text.matchAll(/agent/gi)].map((m) => m.index);
  assert.ok(expected.length >= 3);
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ControlOrMeta+F');
  const find = page.getByRole('searchbox', { name: 'Find in manifest' });
  await find.waitFor();
  assert.ok(await find.evaluate((i) => document.activeElement === i), 'the find field has the focus');
  await find.fill('AGENT');
  const status = page.locator('.find-count');
  assert.equal(await status.innerText(), `1 of ${expected.length}`);
  const selected = () => editor(page).evaluate((t) => [t.selectionStart, t.value.slice(t.selectionStart, t.selectionEnd)]);
  assert.deepEqual(await selected(), [expected[0], text.slice(expected[0], expected[0] + 5)]);
  assert.equal(await page.locator('.highlight .find-hit').innerText(), text.slice(expected[0], expected[0] + 5));
  await find.press('Enter');
  assert.equal(await status.innerText(), `2 of ${expected.length}`);
  assert.equal((await selected())[0], expected[1]);
  await page.getByRole('button', { name: 'Previous match' }).click();
  assert.equal((await selected())[0], expected[0]);
  await find.press('Shift+Enter');
  assert.equal(await status.innerText(), `${expected.length} of ${expected.length}`);
  await page.getByRole('button', { name: 'Next match' }).click();
  assert.equal(await status.innerText(), `1 of ${expected.length}`);
  await find.fill('no such text');
  assert.equal(await status.innerText(), 'no matches');
  await find.fill('agent');
  await shot(page, 'editor-find');
  await find.press('Escape');
  assert.equal(await find.count(), 0);
  assert.ok(await editor(page).evaluate((t) => document.activeElement === t), 'Escape returns to the text');
  assert.equal((await selected())[1].toLowerCase(), 'agent');
  await page.context().close();
});

test("the loader's error is underlined at its line and column", async () => {
  const page = await open();
  const lines = (await editor(page).inputValue()).split('\n');
  // Line 11: an unclosed flow sequence (the loader's error points into it).
  const broken = [...lines.slice(0, 9), 'spec:', '  selector: [unclosed', ...lines.slice(10)].join('\n');
  await editor(page).fill(broken);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const loc = await page.locator('.errors .error .loc').first().innerText();
  const [, line, column] = loc.match(/line (\d+):(\d+)/).map(Number);
  // The gutter marks that line, and the underline starts at that column of it.
  const marked = page.locator('.gutter .ln.err');
  assert.equal(await marked.count(), 1);
  assert.equal((await marked.innerText()).replace('●', ''), String(line));
  const at = await page.evaluate(({ line }) => {
    const numbers = [...document.querySelectorAll('.gutter .ln')].map((e) => e.textContent.replace('●', ''));
    const row = document.querySelectorAll('.highlight .line')[numbers.indexOf(String(line))];
    const squiggle = row.querySelector('.squiggle');
    if (!squiggle) return null;
    // Characters before the underline on its row.
    const range = document.createRange();
    range.setStart(row, 0);
    range.setEndBefore(squiggle);
    const gutterRow = document.querySelectorAll('.gutter .ln')[numbers.indexOf(String(line))];
    return { before: range.toString().length, sameRow: Math.abs(squiggle.getBoundingClientRect().top - gutterRow.getBoundingClientRect().top) < 4 };
  }, { line });
  assert.ok(at, 'an underline on the error line');
  assert.equal(at.before, Math.min(column - 1, broken.split('\n')[line - 1].length));
  assert.ok(at.sameRow, 'the underline is drawn on the numbered row');
  // Going to the error puts the caret there.
  await page.locator('.errors .error .loc').first().click();
  const caret = await editor(page).evaluate((t) => t.selectionStart);
  const expected = broken.split('\n').slice(0, line - 1).join('\n').length + 1 + Math.min(column - 1, broken.split('\n')[line - 1].length);
  assert.equal(caret, expected);
  await shot(page, 'editor-error');
  await page.context().close();
});

test('a 1 MB paste is drawn a window at a time; a keystroke at its end shows and is saved', async () => {
  const page = await open();
  const big = manifests(1024 * 1024);
  const lineCount = big.split('\n').length;
  await paste(page, big);
  // The textarea holds a window of the text, not the whole megabyte.
  const held = (await editor(page).inputValue()).length;
  assert.ok(held > 0 && held < big.length / 4, `the textarea holds ${held} bytes`);
  assert.ok(await page.locator('.gutter .ln').count() < 500, 'only the lines near the view are numbered');
  // The caret is after the paste, in view: type there.
  await page.keyboard.type('Z');
  assert.equal(await drawnLineSoon(page, lineCount, 'Z'), 'Z');
  await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, big.length + 1);
  assert.ok((await saved(page)).endsWith('\nZ'));
  // Back to the top, and the first line is drawn.
  await page.keyboard.press('ControlOrMeta+Home');
  assert.equal(await drawnLineSoon(page, 1, big.split('\n')[0]), big.split('\n')[0]);
  await page.keyboard.type('Y');
  assert.equal(await drawnLineSoon(page, 1, `Y${big.split('\n')[0]}`), `Y${big.split('\n')[0]}`);
  // Scrolling to the middle draws the middle.
  const mid = Math.floor(lineCount / 2);
  await page.locator('.editor-scroll').evaluate((s, mid) => { s.scrollTop = mid * 20; }, mid);
  await page.waitForFunction((mid) => [...document.querySelectorAll('.gutter .ln')].some((e) => e.textContent === String(mid)), mid);
  assert.equal(await drawnLine(page, mid), big.split('\n')[mid - 1]);
  // Undo goes back through both keystrokes and the paste, to the text before.
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+Z');
  await page.keyboard.press('ControlOrMeta+Z');
  await page.waitForFunction((n) => (localStorage.getItem('dsplay.editor') ?? '').length === n, big.length);
  assert.equal(await saved(page), big);
  await shot(page, 'editor-1mb');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an 8 MiB paste is refused on Apply with the loader\'s message, and typing still works', async () => {
  const page = await open();
  const big = manifests(1024 * 1024);
  const huge = big.repeat(9).slice(0, 8 * 1024 * 1024 + 1);
  await paste(page, huge);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.apply-output').getByText('file is too large: the playground reads at most 8388608 bytes (8 MiB) per file').waitFor();
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('Q');
  const want = `Q${huge.split('\n', 1)[0]}`;
  assert.equal(await drawnLineSoon(page, 1, want), want);
  // Too large to keep: what was saved before stays saved.
  await page.waitForTimeout(400);
  assert.notEqual((await saved(page) ?? '').length, huge.length + 1);
  await page.context().close();
});

for (const width of [390, 1440]) {
  test(`the editor at ${width} px wide, and axe-core finds no violations in it`, async (t) => {
    const page = await open({ width, height: 900 });
    await editor(page).focus();
    await page.keyboard.press('ControlOrMeta+F');
    await page.getByRole('searchbox', { name: 'Find in manifest' }).fill('image');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('.editor-panel').screenshot({ path: path.join(SHOTS, `editor-${width}.png`) });
    await shot(page, `editor-page-${width}`);
    let axe;
    try {
      axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    } catch {
      t.skip('axe-core is not installed');
      await page.context().close();
      return;
    }
    await page.addScriptTag({ path: axe });
    // The editor area: the text, its line numbers, the find bar, Apply and the keys' hint (the
    // apply output below is the error panel's).
    const violations = await page.evaluate(async () => (await window.axe.run({ include: [['.editor-panel .panel-head'], ['.editor-label'], ['.editor'], ['.editor-actions']] })).violations
      .map((v) => `${v.id}: ${v.nodes.length} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`));
    assert.deepEqual(violations, []);
    await page.context().close();
  });
}
