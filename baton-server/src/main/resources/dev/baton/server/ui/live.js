// The live stream: one EventSource at a time on /events (or one instance's records), reopened
// after any failure. Listeners get parsed records; the header shows the connection's state.

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10000;

export class LiveStream {
  constructor() {
    this.url = null;
    this.source = null;
    this.state = "connecting";
    this.handlers = new Map();
    this.stateListeners = new Set();
    this.reconnectListeners = new Set();
    this.retryMs = RETRY_MIN_MS;
    this.retryTimer = null;
    this.lostSinceOpen = false;
  }

  /** fn(type, data) for the SSE event names status, metrics and dead-letter. */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(fn);
    return () => this.handlers.get(type).delete(fn);
  }

  onState(fn) {
    this.stateListeners.add(fn);
    fn(this.state);
    return () => this.stateListeners.delete(fn);
  }

  /** fn() each time the stream is open again after it was lost: the view refetches. */
  onReconnect(fn) {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  /** Points the stream at a URL; the same URL keeps the open connection. */
  connect(url) {
    if (url === this.url && (this.source || this.suspended)) return;
    this.url = url;
    this.lostSinceOpen = false;
    if (!this.suspended) this.open();
  }

  open() {
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => {
      if (source !== this.source) return;
      this.retryMs = RETRY_MIN_MS;
      this.setState("live");
      if (this.lostSinceOpen) {
        this.lostSinceOpen = false;
        for (const fn of this.reconnectListeners) fn();
      }
    };
    source.onerror = () => {
      if (source !== this.source) return;
      this.lostSinceOpen = true;
      this.setState("down");
      // CONNECTING: the browser retries by itself. CLOSED (an HTTP error, a wrong content type):
      // it gave up, so a new one is opened after a growing wait.
      if (source.readyState === EventSource.CLOSED) {
        this.retryTimer = setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
      }
    };
    for (const type of ["status", "metrics", "dead-letter"]) {
      source.addEventListener(type, (event) => {
        if (source !== this.source) return;
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          console.warn(`Baton: a ${type} event that is not JSON was ignored`, event.data);
          return;
        }
        const fns = this.handlers.get(type);
        if (fns) for (const fn of fns) fn(data);
      });
    }
  }

  /**
   * Lets the connection go: a browser keeps at most six connections to one server over
   * HTTP/1.1, for all its tabs, and a stream holds one for as long as it is open. A page that
   * is left (or a tab hidden for a while) gives its connection back.
   */
  suspend() {
    if (!this.source) return;
    clearTimeout(this.retryTimer);
    this.source.close();
    this.source = null;
    this.suspended = true;
    this.setState("suspended");
  }

  /** Opens the stream again after suspend(); the view is fetched again once it is open. */
  resume() {
    if (!this.suspended || !this.url) return;
    this.suspended = false;
    this.lostSinceOpen = true;
    this.open();
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    for (const fn of this.stateListeners) fn(state);
  }
}
