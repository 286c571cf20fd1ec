// card-edge, the agent on the officer's workstation, over its local API on 127.0.0.1: GET /session for the
// current state and token, the WebSocket /events for card-inserted, card-removed, session-opened,
// session-closed and login-failed. Reconnects by itself while card-edge is not running.

export class CardEdge {
  constructor(port, handlers) {
    this.port = port;
    this.handlers = handlers;
    this.ws = null;
    this.retry = 1000;
    this.timer = null;
  }

  get base() { return `http://127.0.0.1:${this.port}`; }

  start() { this.connect(); }

  /** Connects now (the officer pressed "try again", or the retry timer fired). */
  connect() {
    clearTimeout(this.timer);
    if (this.ws) return;
    let ws;
    try {
      ws = new WebSocket(`ws://127.0.0.1:${this.port}/events`);
    } catch {
      this.lost(null);
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.retry = 1000;
      this.handlers.up();
      this.refresh();
    });
    ws.addEventListener('message', msg => {
      let event;
      try { event = JSON.parse(msg.data); } catch { return; }
      this.handlers.event(event);
      if (event.type === 'session-opened' || event.type === 'card-inserted' || event.type === 'card-removed') this.refresh();
    });
    ws.addEventListener('close', () => this.lost(ws));
  }

  lost(ws) {
    if (ws !== null && this.ws !== ws) return;
    this.ws = null;
    this.handlers.down();
    this.timer = setTimeout(() => this.connect(), this.retry);
    this.retry = Math.min(this.retry * 2, 5000);
  }

  async refresh() {
    try {
      const res = await fetch(`${this.base}/session`, { cache: 'no-store', credentials: 'omit' });
      if (res.ok) this.handlers.session(await res.json());
    } catch {
      // the WebSocket's close tells us card-edge is gone
    }
  }

  /** The demo's hand on the simulated card: 'insert' or 'remove'. */
  async simulated(action) {
    await fetch(`${this.base}/simulated-card/${action}`, { method: 'POST', cache: 'no-store', credentials: 'omit' });
  }
}
