/**
 * Follows `/api/reports/stream` of the unit on screen (SSE) and asks for a refresh after each
 * `report.updated`; says so when the connection is lost and when it is back (EventSource reconnects
 * by itself, after the 3 s the server's `retry:` asks for).
 */
export class LiveUpdates {
  private source: EventSource | null = null;
  private unit: string | null = null;
  private lost = false;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly status: HTMLElement,
    private readonly refresh: () => void,
  ) {}

  follow(unit: string): void {
    if (this.unit === unit && this.source) return;
    this.close();
    this.unit = unit;
    const source = new EventSource(`/api/reports/stream?unit=${encodeURIComponent(unit)}`);
    this.source = source;
    source.addEventListener('open', () => {
      this.show(this.lost ? 'Đã kết nối lại – số liệu trực tiếp' : 'Số liệu trực tiếp', false);
      // Messages are not replayed after a reconnection: read the figures again.
      if (this.lost) this.refresh();
      this.lost = false;
    });
    source.addEventListener('error', () => {
      this.lost = true;
      this.show('Mất kết nối – đang kết nối lại…', true);
    });
    source.addEventListener('report.updated', () => {
      // The server already gathers changes for 250 ms; one refresh per burst here too.
      if (this.pending) return;
      this.pending = setTimeout(() => {
        this.pending = null;
        this.refresh();
      }, 100);
    });
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.unit = null;
    this.show('', false);
  }

  private show(text: string, lost: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('lost', lost);
    document.body.dataset['live'] = lost ? 'lost' : text ? 'open' : 'closed';
  }
}
