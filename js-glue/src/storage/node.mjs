// Node backend of the wallet store: one file per key in a directory. A set
// writes a temporary file, fsyncs it, renames it over the key's file (atomic
// on POSIX) and fsyncs the directory, so a crash leaves the old value or the
// new one. `fs` is node:fs/promises unless a test injects failures.
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { createWalletStore } from './wallet-store.mjs';

// Keys become file names: everything outside [A-Za-z0-9._-] is %-escaped.
const fileOf = (key) => key.replace(/[^A-Za-z0-9._-]/g, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
const keyOf = (file) => file.replace(/%([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const TMP = '.tmp';

export function nodeFileBackend(dir, { fs = nodeFs } = {}) {
  let ready = null;
  const ensure = () => (ready ??= fs.mkdir(dir, { recursive: true }));

  async function syncDir() {
    // Makes the rename itself durable; not every platform can open a directory.
    let handle;
    try {
      handle = await fs.open(dir, 'r');
      await handle.sync();
    } catch (e) {
      if (e?.code !== 'EISDIR' && e?.code !== 'EPERM' && e?.code !== 'EINVAL') throw e;
    } finally {
      await handle?.close();
    }
  }

  return {
    async get(key) {
      await ensure();
      try {
        return JSON.parse(await fs.readFile(join(dir, fileOf(key)), 'utf8'));
      } catch (e) {
        if (e?.code === 'ENOENT') return null;
        throw e;
      }
    },
    async set(key, value) {
      await ensure();
      const target = join(dir, fileOf(key));
      const tmp = target + TMP;
      const handle = await fs.open(tmp, 'w');
      try {
        await handle.writeFile(JSON.stringify(value), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, target);
      await syncDir();
    },
    async remove(key) {
      await ensure();
      try {
        await fs.unlink(join(dir, fileOf(key)));
      } catch (e) {
        if (e?.code !== 'ENOENT') throw e;
      }
    },
    async keys() {
      await ensure();
      const files = await fs.readdir(dir);
      return files.filter((f) => !f.endsWith(TMP)).map(keyOf);
    },
  };
}

/** A wallet store in files under `dir`. */
export function nodeWalletStore(dir, options = {}) {
  return createWalletStore(nodeFileBackend(dir, options), options);
}
