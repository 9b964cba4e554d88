// The README and docs/ stand alone: every relative link resolves to a file of
// the repository (users of the repository have nothing beside it), and every
// #fragment names a heading of the page it points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pages = ['README.md', ...readdirSync(join(root, 'docs'), { recursive: true })
  .filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

// GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'.
const anchor = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
const anchorsOf = (path) => new Set(readFileSync(path, 'utf8').split('\n')
  .filter((line) => /^#{1,6} /.test(line)).map((line) => anchor(line.replace(/^#+ /, ''))));

test('every relative link in the README and docs/ resolves inside the repository', () => {
  const broken = [];
  let checked = 0;
  for (const page of pages) {
    const text = readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;  // https:, mailto:
      ++checked;
      const [file, fragment] = target.split('#');
      const path = file ? resolve(root, dirname(page), decodeURI(file)) : join(root, page);
      if (relative(root, path).startsWith('..') || !existsSync(path)) {
        broken.push(`${page}: ${target}`);
      } else if (fragment && statSync(path).isFile() && path.endsWith('.md') && !anchorsOf(path).has(fragment)) {
        broken.push(`${page}: ${target} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(pages.length > 10 && checked > 10, `read ${pages.length} pages, ${checked} links`);
});
