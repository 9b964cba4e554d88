// What every page does around a journey call: busy flag, error text (codes
// shown as they are: they are documented in medins's docs/errors.md).
function errorText(e) {
  if (!e) return 'unknown error';
  return (e.code ? e.code + ' — ' : '') + (e.message || String(e));
}

/** Runs `fn` for `page`, showing busy and any error; resolves to fn's value or undefined. */
async function run(page, fn) {
  page.setData({ busy: true, error: '' });
  try {
    return await fn();
  } catch (e) {
    page.setData({ error: errorText(e), errorCode: e && e.code ? e.code : '' });
    return undefined;
  } finally {
    page.setData({ busy: false, locked: !journey().isUnlocked() });
  }
}

/** The app's journey (created in app.js). */
function journey() {
  return getApp().journey; // eslint-disable-line no-undef
}

/** Takes the PIN the page collected and forgets it (it is never put in page data or storage). */
function takePin(page) {
  const pin = page.pin || '';
  page.pin = '';
  return pin;
}

module.exports = { run, journey, errorText, takePin };
