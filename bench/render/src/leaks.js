// Installed by the memory driver (page.addInitScript) before any page script: counts timers and
// animation frames still pending, and listeners still attached to window and document, so the
// driver can compare before and after a mount-stream-unmount cycle. Only ids and counts are kept:
// nothing here retains what it counts.
(() => {
  const pending = { timeout: new Set(), interval: new Set(), frame: new Set() };
  const {
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    requestAnimationFrame,
    cancelAnimationFrame,
  } = window;
  window.setTimeout = function benchSetTimeout(callback, ...rest) {
    const id = setTimeout.call(
      window,
      typeof callback === 'function'
        ? (...args) => {
            pending.timeout.delete(id);
            callback(...args);
          }
        : callback,
      ...rest,
    );
    pending.timeout.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    pending.timeout.delete(id);
    clearTimeout.call(window, id);
  };
  window.setInterval = function benchSetInterval(...args) {
    const id = setInterval.apply(window, args);
    pending.interval.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    pending.interval.delete(id);
    clearInterval.call(window, id);
  };
  window.requestAnimationFrame = (callback) => {
    const id = requestAnimationFrame.call(window, (time) => {
      pending.frame.delete(id);
      callback(time);
    });
    pending.frame.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    pending.frame.delete(id);
    cancelAnimationFrame.call(window, id);
  };

  const globals = new Map([
    [window, new Map()],
    [document, new Map()],
  ]);
  const keyOf = (type, options) =>
    `${type}:${typeof options === 'boolean' ? options : Boolean(options?.capture)}`;
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function benchAdd(type, listener, options) {
    const byKey = globals.get(this);
    if (byKey && listener) {
      const key = keyOf(type, options);
      if (!byKey.has(key)) byKey.set(key, new Set());
      byKey.get(key).add(listener);
    }
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function benchRemove(type, listener, options) {
    globals.get(this)?.get(keyOf(type, options))?.delete(listener);
    return removeEventListener.call(this, type, listener, options);
  };

  const count = (byKey) => [...byKey.values()].reduce((sum, set) => sum + set.size, 0);
  window.__benchLeaks = () => ({
    timeouts: pending.timeout.size,
    intervals: pending.interval.size,
    frames: pending.frame.size,
    windowListeners: count(globals.get(window)),
    documentListeners: count(globals.get(document)),
  });
})();
