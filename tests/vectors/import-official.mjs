// Turns the official PASERK/PASETO vectors (tests/vectors/official/) into op
// vectors (tests/vectors/<op>/official-*.json) that every front end runs.
// Re-run after updating the official files: node tests/vectors/import-official.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
const official = (name) => JSON.parse(readFileSync(join(here, 'official', 'paserk-k4', `${name}.json`), 'utf8')).tests;
const write = (op, file, cases) => {
  mkdirSync(join(here, op), { recursive: true });
  writeFileSync(join(here, op, file), JSON.stringify(cases, null, 1) + '\n');
};

const idCases = [];
for (const [kind, prefix] of [['lid', 'k4.local.'], ['pid', 'k4.public.'], ['sid', 'k4.secret.']]) {
  for (const t of official(`k4.${kind}`)) {
    const input = { key: prefix + b64url(t.key) };
    idCases.push(t['expect-fail'] ? { name: t.name, input, error: 'keys.invalid_key' }
                                  : { name: t.name, input, expected: { id: t.paserk } });
  }
}
for (const kind of ['local', 'public', 'secret']) {
  for (const t of official(`k4.${kind}`)) {
    if (t['expect-fail'] && typeof t.paserk === 'string')
      idCases.push({ name: t.name, input: { key: t.paserk }, error: 'keys.invalid_key' });
  }
}
write('keys.id', 'official-paserk-k4.json', idCases);

const generateCases = official('k4.secret').filter((t) => !t['expect-fail']).map((t) => ({
  name: t.name,
  input: { type: 'public', seed: b64url(t['secret-key-seed']) },
  expected: { secret: t.paserk, public: 'k4.public.' + b64url(t['public-key']) },
}));
write('keys.generate', 'official-paserk-k4.json', generateCases);
console.log(`keys.id: ${idCases.length} cases, keys.generate: ${generateCases.length} cases`);
