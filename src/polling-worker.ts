/**
 * A background job that runs one `tick` at a time: on a timer, and at once
 * when woken (a new event, a new row). A wake during a tick runs one more
 * tick after it instead of a second one beside it; stop() waits for the
 * tick under way.
 */
export abstract class PollingWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  protected stopped = false;

  constructor(
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  protected abstract tick(): Promise<void>;

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** The wait before retry number `attempt` (from 1): `baseMs`, then twice as long each time, up to `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
}
