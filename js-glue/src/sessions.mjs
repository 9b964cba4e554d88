// One unlock per visit: unlock() is device.unlock, remembered by this Sdk so
// that one lock() (on the app's hide) wipes every session it opened.
export function installSessionMethods(proto) {
  proto.unlock = function (input) {
    const opened = this.call('device.unlock', input);
    if (!this.openSessions) this.openSessions = new Set();
    this.openSessions.add(opened.session);
    return opened;
  };
  proto.lock = function (session) {
    const sessions = session === undefined ? Array.from(this.openSessions || []) : [session];
    for (const s of sessions) {
      if (this.openSessions) this.openSessions.delete(s);
      try {
        this.call('device.lock', { session: s });
      } catch (e) {
        // Already gone is what lock() asks for.
        if (e.code !== 'device.unknown_session' && e.code !== 'device.session_expired') throw e;
      }
    }
  };
}
