// The end-to-end walk-through of what medins can do today, printed as a
// transcript. It grows with every capability; scripts/demo.sh runs it.
import { load, MedinsError } from 'medins';

const line = (s = '') => console.log(s);
const step = (title) => line(`\n── ${title} ${'─'.repeat(Math.max(0, 66 - title.length))}`);

const t0 = performance.now();
const sdk = await load();
const info = sdk.version();
step('Loading the SDK');
line(`medins ${info.version} (libsodium ${info.libsodium}) loaded from WebAssembly in ${(performance.now() - t0).toFixed(1)} ms`);
line(`self-test passed; ${info.ops.length} ops: ${info.ops.join(', ')}`);

step('Hospital key pair (the issuer of tokens, receipts, policies)');
const hospital = sdk.generateKeys({ type: 'public' });
const hospitalId = sdk.keyId({ key: hospital.public }).id;
line(`public key : ${hospital.public}`);
line(`key id     : ${hospitalId}   (k4.pid: what a token footer names)`);
line(`secret key : k4.secret.… (kept by the hospital; never printed, never logged)`);

step('Device key of the patient\'s phone');
const device = sdk.generateKeys({ type: 'public' });
line(`device public key: ${device.public}`);
line(`device key id    : ${sdk.keyId({ key: device.public }).id}`);

step('Symmetric key for local encryption');
const local = sdk.generateKeys({ type: 'local' });
line(`key id: ${sdk.keyId({ key: local.local }).id}   (k4.lid)`);

if (info.ops.includes('token.issue')) {
  step('A signed PASETO v4.public token');
  const payload = JSON.stringify({ sub: 'patient-0001', aud: 'wx-demo-app', exp: '2099-01-01T00:00:00+00:00' });
  const { token } = sdk.call('token.issue', { purpose: 'public', key: hospital.secret, payload, footer: JSON.stringify({ kid: hospitalId }) });
  line(`token  : ${token.slice(0, 60)}…`);
  const verified = sdk.call('token.verify', { token, key: hospital.public });
  line(`verify : payload ${verified.payload}`);
  try {
    sdk.call('token.verify', { token, key: device.public });
  } catch (e) {
    line(`verify with the wrong key → ${e.code}`);
  }
}

step('Errors are values with stable codes');
for (const [op, input] of [['no.such.op', {}], ['keys.id', { key: 'k4.local.not-a-key' }], ['keys.generate', {}]]) {
  try {
    sdk.call(op, input);
  } catch (e) {
    if (!(e instanceof MedinsError)) throw e;
    line(`${op.padEnd(14)} → ${e.code.padEnd(18)} "${e.message}"`);
  }
}
line();
line('Done. Tests: scripts/test.sh · Docs: docs/ · API: docs/api.md');
