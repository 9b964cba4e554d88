// The one assertion the backend tests make of a refused request: an ApiError
// with this HTTP status and this stable code.
import assert from 'node:assert/strict';
import { ApiError } from '../../examples/web/client.mjs';

export async function rejects(promise, status, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, code, JSON.stringify(e.detail));
    assert.equal(e.status, status);
    return true;
  });
}
